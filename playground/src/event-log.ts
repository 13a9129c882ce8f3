/** At most this many raw events are kept per subscription; older ones are dropped (and counted). */
export const MAX_EVENTS = 500;
/** At most this many task ids get a bar (the service takes 100 per operation by default). */
export const MAX_TASKS = 200;

/** The last state a subscription reported for one task id. */
export interface TaskProgress {
  readonly id: string;
  readonly status: string | null;
  /** Percent, 0 to 100; null while the provider reports none. */
  readonly progress: number | null;
  /** No more events will come for this task (`final`, or a terminal task). */
  readonly final: boolean;
  /** `CODE: message` of the last failed read, if the last event was one. */
  readonly error: string | null;
  readonly events: number;
}

/** What the progress pane shows: the running (or last) subscription's tasks and raw events. */
export interface EventLogSnapshot {
  readonly operationName: string | null;
  readonly running: boolean;
  /** One entry per task id, in the order of their first event. */
  readonly tasks: readonly TaskProgress[];
  /** The raw events, oldest first (the last `MAX_EVENTS`). */
  readonly events: readonly unknown[];
  /** Events received in all, kept or dropped. */
  readonly received: number;
}

const EMPTY: EventLogSnapshot = { operationName: null, running: false, tasks: [], events: [], received: 0 };

/**
 * Every event of the playground's current subscription (GraphiQL's response pane shows only the
 * latest), folded into one entry per task id. An event counts as a task's when its root field is an
 * object with an `id`; its status and progress are read from the object or its `task`. A store for
 * React's `useSyncExternalStore`: immutable snapshots, listeners told of each change.
 */
export class EventLog {
  private snapshot = EMPTY;
  private readonly listeners = new Set<() => void>();
  private readonly startListeners = new Set<() => void>();

  /** Starts a new subscription's log, forgetting the previous one. */
  start(operationName: string | null): void {
    this.set({ ...EMPTY, operationName, running: true });
    this.startListeners.forEach((l) => l());
  }

  /** Records one event (an `ExecutionResult`). */
  record(result: unknown): void {
    const s = this.snapshot;
    const events = s.events.length >= MAX_EVENTS ? [...s.events.slice(1), result] : [...s.events, result];
    this.set({ ...s, events, received: s.received + 1, tasks: foldTask(s.tasks, result) });
  }

  /** The subscription ended (completed, failed or stopped). */
  end(): void {
    if (this.snapshot.running) this.set({ ...this.snapshot, running: false });
  }

  /** The current snapshot (the same object until something changes). */
  readonly getSnapshot = (): EventLogSnapshot => this.snapshot;

  /** Calls `listener` on each change; returns the unsubscribe. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /** Calls `listener` when a subscription starts; returns the unsubscribe. */
  onStart(listener: () => void): () => void {
    this.startListeners.add(listener);
    return () => void this.startListeners.delete(listener);
  }

  private set(snapshot: EventLogSnapshot): void {
    this.snapshot = snapshot;
    this.listeners.forEach((l) => l());
  }
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function foldTask(tasks: readonly TaskProgress[], result: unknown): readonly TaskProgress[] {
  const data = isObject(result) && isObject(result['data']) ? result['data'] : undefined;
  const root = data ? Object.values(data)[0] : undefined;
  if (!isObject(root) || typeof root['id'] !== 'string') return tasks;
  const id = root['id'];
  const task = isObject(root['task']) ? root['task'] : root;
  const error = isObject(root['error']) ? `${String(root['error']['code'])}: ${String(root['error']['message'])}` : null;
  const index = tasks.findIndex((t) => t.id === id);
  const previous = index >= 0 ? tasks[index] : undefined;
  if (!previous && tasks.length >= MAX_TASKS) return tasks;
  const next: TaskProgress = {
    id,
    status: typeof task['status'] === 'string' ? task['status'] : (previous?.status ?? null),
    progress: typeof task['progress'] === 'number' ? task['progress'] : (previous?.progress ?? null),
    final: root['final'] === true || task['terminal'] === true,
    error,
    events: (previous?.events ?? 0) + 1,
  };
  return index >= 0 ? tasks.map((t, i) => (i === index ? next : t)) : [...tasks, next];
}

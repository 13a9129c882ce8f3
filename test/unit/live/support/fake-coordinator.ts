import type { TaskRef } from '../../../../src/domain/task-ref';
import type { CoordinationMode, Coordinator } from '../../../../src/live/coordinator';
import type { TaskEvent } from '../../../../src/live/task-event';
import { RateBudget } from '../../../../src/quota/rate-budget';
import type { Clock } from '../../../../src/time/clock';

/**
 * A coordinator a test drives by hand: it sets the mode, decides whether leases are granted and
 * renewed, sees what a channel publishes, saves and releases, and plays other replicas' events.
 */
export class FakeCoordinator implements Coordinator {
  mode: CoordinationMode;
  /** Whether `tryLease` gets the lease. */
  grantLease = true;
  /** Whether `renewLease` keeps it. */
  keepLease = true;
  /** When set, `renewLease` answers only when the test settles this promise (a Redis that froze). */
  renewAnswer: Promise<boolean> | undefined;
  readonly published: Array<[string, TaskEvent]> = [];
  readonly saved: Array<[string, TaskEvent]> = [];
  readonly released: string[] = [];
  readonly renewals: string[] = [];
  latest: TaskEvent | null = null;
  private readonly handlers = new Map<string, (event: TaskEvent) => void>();
  private readonly modeListeners = new Set<(mode: CoordinationMode) => void>();

  constructor(
    private readonly clock: Clock,
    mode: CoordinationMode = 'local',
  ) {
    this.mode = mode;
  }

  readonly budgets = (_tenant: string, _provider: string, rps: number) => new RateBudget(rps, this.clock);

  async tryLease(): Promise<boolean> {
    return this.grantLease;
  }
  async renewLease(topic: string): Promise<boolean> {
    this.renewals.push(topic);
    return this.renewAnswer ?? this.keepLease;
  }
  async releaseLease(topic: string): Promise<void> {
    this.released.push(topic);
  }
  async publish(topic: string, event: TaskEvent): Promise<void> {
    this.published.push([topic, event]);
  }
  subscribe(topic: string, _task: TaskRef, handler: (event: TaskEvent) => void): () => void {
    this.handlers.set(topic, handler);
    return () => this.handlers.delete(topic);
  }
  async saveLatest(topic: string, event: TaskEvent): Promise<void> {
    this.saved.push([topic, event]);
  }
  async loadLatest(): Promise<TaskEvent | null> {
    return this.latest;
  }
  onModeChange(listener: (mode: CoordinationMode) => void): () => void {
    this.modeListeners.add(listener);
    return () => this.modeListeners.delete(listener);
  }
  describe(): Record<string, unknown> {
    return { mode: this.mode };
  }
  async dispose(): Promise<void> {}

  /** Switches the mode and tells every listener. */
  setMode(mode: CoordinationMode): void {
    this.mode = mode;
    for (const l of [...this.modeListeners]) l(mode);
  }

  /** Delivers an event another replica published on `topic`; false when nobody here subscribes. */
  fromAnotherReplica(topic: string, event: TaskEvent): boolean {
    const h = this.handlers.get(topic);
    h?.(event);
    return h !== undefined;
  }

  /** Topics subscribed now. */
  get subscribed(): string[] {
    return [...this.handlers.keys()];
  }
}

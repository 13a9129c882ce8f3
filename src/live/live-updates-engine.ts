import type { TaskRef } from '../domain/task-ref';
import { ErrorCode } from '../errors/error-code';
import { ServiceError } from '../errors/service-error';
import { EventStream } from './event-stream';
import type { LiveUpdates, TaskSource } from './live-updates';
import { PollSlots } from './poll-slots';
import { type ChannelDeps, type Listener, TaskChannel } from './task-channel';
import { type TaskEvent, taskTopic } from './task-event';

/** What the engine is built with: what every channel needs, and the bound on what a tenant may watch. */
export interface LiveUpdatesDeps extends ChannelDeps {
  /** Distinct tasks one tenant may watch at once in this process (`limits.watchedTasksPerTenant`). */
  readonly maxWatchedTasksPerTenant: number;
  /** Subscriptions one tenant may hold at once in this process, over every transport (`limits.subscriptionsPerTenant`). Default unbounded. */
  readonly maxSubscriptionsPerTenant?: number;
}

/**
 * Live updates for subscriptions. One channel per (tenant, task) in this process however many
 * subscriptions watch it (and, through the coordinator, one poller per task across replicas); a
 * channel opens with its first subscriber and closes as soon as its last one leaves. A tenant may
 * watch at most `maxWatchedTasksPerTenant` distinct tasks at once, and hold at most
 * `maxSubscriptionsPerTenant` subscriptions (streams) whatever their transport: a subscription that would
 * go beyond either is refused before any stream starts. Every subscriber of a task gets the same event object per
 * change, so that the transport executes and serializes it once (server/shared-subscription-events.ts).
 */
export class LiveUpdatesEngine implements LiveUpdates {
  private readonly channels = new Map<string, TaskChannel>();
  private readonly streams = new Set<EventStream<TaskEvent>>();
  /** Channels open per tenant. */
  private readonly watched = new Map<string, number>();
  /** Streams open per tenant. */
  private readonly subscriptions = new Map<string, number>();

  private readonly deps: LiveUpdatesDeps;

  constructor(deps: LiveUpdatesDeps) {
    // One spread of the interval per engine: its channels' polls of one tenant's provider take distinct places.
    this.deps = { ...deps, slots: deps.slots ?? new PollSlots() };
  }

  get activePollers(): number {
    let n = 0;
    for (const c of this.channels.values()) if (c.polling) n++;
    return n;
  }

  get activeStreams(): number {
    return this.streams.size;
  }

  watch(source: TaskSource, tasks: readonly TaskRef[]): AsyncIterableIterator<TaskEvent> {
    const tenantId = source.tenantId;
    this.admit(tenantId, tasks);
    const detach = new Map<string, () => void>();
    const stream: EventStream<TaskEvent> = new EventStream<TaskEvent>(
      (e) => e.task.id,
      () => {
        for (const d of detach.values()) d();
        detach.clear();
        if (this.streams.delete(stream)) decrement(this.subscriptions, tenantId);
      },
    );
    this.streams.add(stream);
    this.subscriptions.set(tenantId, (this.subscriptions.get(tenantId) ?? 0) + 1);
    for (const task of tasks) {
      const listener: Listener = (event) => {
        const off = detach.get(task.id);
        if (!off) return;
        stream.push(event);
        if (event.final) {
          off();
          detach.delete(task.id);
          if (detach.size === 0) stream.end();
        }
      };
      detach.set(task.id, this.attach(source, task, listener));
    }
    return stream;
  }

  /** Refuses tasks that would take the tenant beyond its watched-task bound (tasks it already watches are free). */
  private admit(tenantId: string, tasks: readonly TaskRef[]): void {
    const open = this.subscriptions.get(tenantId) ?? 0;
    const maxSubscriptions = this.deps.maxSubscriptionsPerTenant ?? Infinity;
    if (open >= maxSubscriptions) {
      throw new ServiceError(
        ErrorCode.RATE_LIMITED,
        `Too many subscriptions: this tenant holds ${open}, and one tenant may hold at most ${maxSubscriptions} at once ` +
          '(over WebSocket, SSE and multipart HTTP together); end some first',
      );
    }
    const added = tasks.filter((t) => !this.channels.has(taskTopic(tenantId, t))).length;
    const watching = this.watched.get(tenantId) ?? 0;
    const max = this.deps.maxWatchedTasksPerTenant;
    if (watching + added > max) {
      throw new ServiceError(
        ErrorCode.RATE_LIMITED,
        `Too many watched tasks: this tenant watches ${watching} and this subscription would add ${added}, ` +
          `but one tenant may watch at most ${max} tasks at once; end some subscriptions first`,
      );
    }
  }

  private attach(source: TaskSource, task: TaskRef, listener: Listener): () => void {
    const tenantId = source.tenantId;
    const topic = taskTopic(tenantId, task);
    let channel = this.channels.get(topic);
    const opened = !channel;
    if (!channel) {
      this.channels.set(topic, (channel = new TaskChannel(topic, task, source, this.deps)));
      this.watched.set(tenantId, (this.watched.get(tenantId) ?? 0) + 1);
    }
    channel.add(listener);
    if (opened) channel.open();
    const ch = channel;
    return () => {
      if (ch.remove(listener) && this.channels.get(topic) === ch) {
        ch.close();
        this.channels.delete(topic);
        decrement(this.watched, tenantId);
      }
    };
  }

  /** Ends every stream and closes every channel (the coordinator belongs to whoever created it). */
  dispose(): void {
    for (const s of [...this.streams]) s.end();
    for (const c of this.channels.values()) c.close();
    this.channels.clear();
    this.watched.clear();
    this.subscriptions.clear();
  }
}

/** Counts one less for `key`, forgetting it at zero. */
function decrement(counts: Map<string, number>, key: string): void {
  const left = (counts.get(key) ?? 1) - 1;
  if (left > 0) counts.set(key, left);
  else counts.delete(key);
}

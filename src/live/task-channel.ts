import type { Logger } from '../logging/logger';
import type { TenantRuntime } from '../tenancy/tenant-runtime';
import type { CoordinationMode, Coordinator } from './coordinator';
import type { WatchedTask } from './live-updates';
import { stateChanged, type TaskEvent } from './task-event';
import { TaskPoller, type PollerDeps } from './task-poller';

/** Receives the events of a channel. */
export type Listener = (event: TaskEvent) => void;

/** What a channel needs. */
export interface ChannelDeps extends PollerDeps {
  readonly coordinator: Coordinator;
  /** Lease time of a poller across replicas, ms. */
  readonly leaseMs: number;
  readonly logger: Logger;
}

/** Whether `next` tells a subscriber nothing `prev` did not (the same state read again). */
function isRepeat(prev: TaskEvent | undefined, next: TaskEvent): boolean {
  if (!prev || prev.error || next.error || !prev.state || !next.state) return false;
  return prev.final === next.final && !stateChanged(prev.state, next.state);
}

/**
 * One watched (tenant, task) in this process: its local listeners, its topic subscription and, when
 * this process is the one polling it, its poller. Alone (`local`) or cut off from Redis (`degraded`)
 * the channel polls for itself; in a cluster it polls only while it holds the task's lease, and a
 * channel without the lease listens and tries to take the lease over each interval, so a dead
 * replica's tasks are picked up within the lease time plus one interval. Events are deduplicated
 * here (a new leaseholder's first read repeats the last state) and nothing follows a final event.
 */
export class TaskChannel {
  readonly listeners = new Set<Listener>();
  /** The last event delivered to listeners. */
  last: TaskEvent | undefined;
  private poller: TaskPoller | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private offMode: (() => void) | undefined;
  private closed = false;

  constructor(
    readonly topic: string,
    private readonly tenant: TenantRuntime,
    private readonly task: WatchedTask,
    private readonly deps: ChannelDeps,
  ) {}

  /** Whether this process is polling the task now. */
  get polling(): boolean {
    return this.poller !== undefined && !this.poller.isStopped;
  }

  /** Subscribes to the topic and starts polling or competing for the lease. */
  open(): void {
    const { coordinator } = this.deps;
    this.unsubscribe = coordinator.pubsub.subscribe(this.topic, (message) => this.deliver(JSON.parse(message) as TaskEvent));
    this.offMode = coordinator.onModeChange((mode) => this.onMode(mode));
    this.onMode(coordinator.mode);
  }

  /** Sends the current state to a listener that joined late, if one is known. */
  snapshotTo(listener: Listener): void {
    const last = this.last;
    if (last) queueMicrotask(() => this.listeners.has(listener) && listener(last));
  }

  private onMode(mode: CoordinationMode): void {
    if (this.closed) return;
    this.stopPoller();
    this.clearLeaseTimer();
    if (mode === 'cluster') {
      if (!this.last) void this.loadSnapshot();
      void this.leaseTick();
    } else {
      this.startPoller();
    }
  }

  private async loadSnapshot(): Promise<void> {
    try {
      const message = await this.deps.coordinator.loadLatest(this.topic);
      if (message && !this.last) this.deliver(JSON.parse(message) as TaskEvent);
    } catch (e) {
      this.deps.logger.debug({ topic: this.topic, err: (e as Error).message }, 'snapshot load failed');
    }
  }

  private async leaseTick(): Promise<void> {
    const { coordinator, leaseMs, polling } = this.deps;
    if (this.closed || coordinator.mode !== 'cluster' || this.last?.final) return;
    try {
      if (this.polling) {
        if (!(await coordinator.renewLease(this.topic))) this.stopPoller();
      } else if (await coordinator.tryLease(this.topic)) {
        if (this.closed || coordinator.mode !== 'cluster') return void coordinator.releaseLease(this.topic).catch(() => undefined);
        this.startPoller();
      }
    } catch (e) {
      this.stopPoller();
      this.deps.logger.debug({ topic: this.topic, err: (e as Error).message }, 'lease step failed');
    }
    if (this.closed || coordinator.mode !== 'cluster') return;
    const next = this.polling ? leaseMs / 3 : Math.min(polling.intervalMs, leaseMs / 3);
    this.leaseTimer = setTimeout(() => void this.leaseTick(), next);
  }

  private startPoller(): void {
    if (this.polling || this.last?.final) return;
    this.poller = new TaskPoller(this.tenant, this.task, this.deps, (event) => this.onPolled(event));
    this.poller.start();
  }

  private stopPoller(): void {
    this.poller?.stop();
    this.poller = undefined;
  }

  private clearLeaseTimer(): void {
    if (this.leaseTimer) clearTimeout(this.leaseTimer);
    this.leaseTimer = undefined;
  }

  /** An event this process's poller produced: share it, or deliver it here when there is nobody to share with. */
  private onPolled(event: TaskEvent): void {
    const { coordinator } = this.deps;
    const message = JSON.stringify(event);
    if (coordinator.mode === 'degraded') {
      this.deliver(event);
    } else {
      // If the transport refuses (Redis just went away), local listeners still get the event.
      coordinator.pubsub.publish(this.topic, message).catch(() => this.deliver(event));
      if (coordinator.mode === 'cluster') void coordinator.saveLatest(this.topic, message).catch(() => undefined);
    }
    if (event.final) {
      this.stopPoller();
      if (coordinator.mode === 'cluster') void coordinator.releaseLease(this.topic).catch(() => undefined);
    }
  }

  /** Delivers an event (from the topic, or directly) to every listener, once. */
  private deliver(event: TaskEvent): void {
    if (this.closed || this.last?.final) return;
    const repeat = isRepeat(this.last, event);
    this.last = event;
    if (repeat) return;
    if (event.final) this.stopPoller();
    for (const l of [...this.listeners]) l(event);
  }

  /** Stops everything this channel holds. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const held = this.polling;
    this.stopPoller();
    this.clearLeaseTimer();
    this.unsubscribe?.();
    this.offMode?.();
    if (held && this.deps.coordinator.mode === 'cluster') void this.deps.coordinator.releaseLease(this.topic).catch(() => undefined);
  }
}

import type { PollingConfig } from '../config/config';
import { isTerminal } from '../domain/export-task';
import type { TaskRef } from '../domain/task-ref';
import type { Logger } from '../logging/logger';
import type { PollMetrics } from '../observability/poll-metrics';
import { Attr } from '../observability/trace';
import type { Clock, Timer } from '../time/clock';
import type { CoordinationMode, Coordinator } from './coordinator';
import type { TaskSource } from './live-updates';
import type { PollSlot, PollSlots } from './poll-slots';
import { isRepeat, type TaskEvent } from './task-event';
import { type Observation, TaskPoller } from './task-poller';

/** Receives the events of a channel. */
export type Listener = (event: TaskEvent) => void;

/** What a channel needs besides its task. */
export interface ChannelDeps {
  readonly coordinator: Coordinator;
  readonly clock: Clock;
  readonly polling: PollingConfig;
  /** Lease time of a poller across replicas, ms. */
  readonly leaseMs: number;
  readonly logger: Logger;
  /** Jitter of the pollers' back-off; default `Math.random`. */
  readonly random?: () => number;
  /** Where the pollers report their lateness; default nowhere. */
  readonly pollMetrics?: PollMetrics;
  /** Spreads the polls of one tenant's provider over the interval; without it each cadence starts at its first read. */
  readonly slots?: PollSlots;
}

/**
 * One watched (tenant, task) in this process, and the one owner of everything about it: its local
 * listeners, its last event (what a late joiner gets first), change detection (an event only when
 * something other than `observedAt`/`requestId` changed), finality (nothing after a final event; the
 * poller stops and the lease is released), the lease, and its poller, which only reads and reports.
 *
 * Alone (`local`) or cut off from Redis (`degraded`) the channel polls for itself; in a `cluster` it
 * polls only while it holds the task's lease, and a channel without the lease receives the holder's
 * events from the coordinator and tries to take the lease over each interval, so a dead replica's
 * tasks are picked up within the lease time plus one interval. Events this process observes reach its
 * own listeners as objects, at once; only the other replicas get them through Redis.
 */
export class TaskChannel {
  private readonly listeners = new Set<Listener>();
  private last: TaskEvent | undefined;
  private poller: TaskPoller | undefined;
  /** The poller's place in the interval, held while it polls. */
  private slot: PollSlot | undefined;
  private leaseTimer: Timer | undefined;
  private unsubscribe: (() => void) | undefined;
  private offMode: (() => void) | undefined;
  private closed = false;
  /** Bumped at each mode change: a lease step still waiting for Redis from an older mode does nothing when it returns. */
  private generation = 0;

  constructor(
    readonly topic: string,
    private readonly task: TaskRef,
    private readonly source: TaskSource,
    private readonly deps: ChannelDeps,
  ) {}

  /** Whether this process is polling the task now. */
  get polling(): boolean {
    return this.poller !== undefined && !this.poller.isStopped;
  }

  /** Listeners now. */
  get size(): number {
    return this.listeners.size;
  }

  /** Subscribes to the topic and starts polling or competing for the lease. */
  open(): void {
    const { coordinator } = this.deps;
    this.unsubscribe = coordinator.subscribe(this.topic, this.task, (event) => this.deliver(event));
    this.offMode = coordinator.onModeChange((mode) => this.onMode(mode));
    this.onMode(coordinator.mode);
  }

  /** Adds a listener; it gets the last event first (on the next microtask), when one is known. */
  add(listener: Listener): void {
    this.listeners.add(listener);
    const last = this.last;
    if (last) queueMicrotask(() => this.listeners.has(listener) && listener(last));
  }

  /** Removes a listener; true when none is left. */
  remove(listener: Listener): boolean {
    this.listeners.delete(listener);
    return this.listeners.size === 0;
  }

  /** Stops everything this channel holds: poller, lease, subscription. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const held = this.polling;
    this.stopPoller();
    this.clearLeaseTimer();
    this.unsubscribe?.();
    this.offMode?.();
    if (held && this.deps.coordinator.mode === 'cluster') this.release();
  }

  private onMode(mode: CoordinationMode): void {
    if (this.closed) return;
    this.generation++;
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
      const event = await this.deps.coordinator.loadLatest(this.topic, this.task);
      if (event && !this.last) this.deliver(event);
    } catch (e) {
      this.deps.logger.debug({ topic: this.topic, err: (e as Error).message }, 'snapshot load failed');
    }
  }

  private async leaseTick(): Promise<void> {
    const { coordinator, leaseMs, polling, clock } = this.deps;
    if (this.closed || coordinator.mode !== 'cluster' || this.last?.final) return;
    const generation = this.generation;
    const stale = () => this.closed || generation !== this.generation;
    try {
      if (this.polling) {
        const held = await coordinator.renewLease(this.topic);
        if (stale()) return;
        if (!held) this.stopPoller();
      } else if (await coordinator.tryLease(this.topic)) {
        if (stale() || coordinator.mode !== 'cluster') return this.release();
        this.startPoller();
      }
    } catch (e) {
      // A step that failed because the mode changed meanwhile (Redis froze, then the channel went degraded) is moot.
      if (stale()) return;
      this.stopPoller();
      this.deps.logger.debug({ topic: this.topic, err: (e as Error).message }, 'lease step failed');
    }
    if (stale() || coordinator.mode !== 'cluster') return;
    const next = this.polling ? leaseMs / 3 : Math.min(polling.intervalMs, leaseMs / 3);
    this.leaseTimer = clock.setTimer(() => void this.leaseTick(), next);
  }

  private startPoller(): void {
    if (this.polling || this.last?.final) return;
    const { clock, polling, logger, random, pollMetrics, slots } = this.deps;
    const source = this.source;
    const task = this.task;
    // The tasks of one request budget (tenant, provider) take distinct places in the interval.
    this.slot = slots?.take(`${source.tenantId}\u0000${task.provider}`);
    this.poller = new TaskPoller({
      read: (first, signal, origin) => source.read(task, { first, signal, origin }),
      spanAttributes: { [Attr.TENANT]: source.tenantId, [Attr.PROVIDER]: task.provider, [Attr.TASK]: task.id },
      observe: (observation) => this.observe(observation),
      etaInMs: () => this.etaInMs(),
      clock,
      polling,
      logger: logger.child({ tenant: source.tenantId, task: task.id }),
      random,
      metrics: pollMetrics,
      phaseMs: this.slot && Math.round(this.slot.phase * polling.intervalMs),
    });
    this.poller.start();
  }

  private stopPoller(): void {
    this.poller?.stop();
    this.poller = undefined;
    this.slot?.release();
    this.slot = undefined;
  }

  private clearLeaseTimer(): void {
    this.leaseTimer?.cancel();
    this.leaseTimer = undefined;
  }

  private release(): void {
    this.deps.coordinator.releaseLease(this.topic).catch(() => undefined);
  }

  private etaInMs(): number | undefined {
    const state = this.last?.state;
    const eta = state ? this.source.estimate(state) : null;
    return eta === null ? undefined : eta - this.deps.clock.now();
  }

  /**
   * One read of this process's poller. A terminal state or a final error (README, "Subscribing") makes a
   * final event; a failed read keeps the last known state beside its error. Returns whether subscribers
   * learnt something.
   */
  private observe(observation: Observation): boolean {
    const { error } = observation;
    const event: TaskEvent = error
      ? { task: this.task, state: this.last?.state ?? null, error, final: error.final }
      : { task: this.task, state: observation.state, error: null, final: isTerminal(observation.state.status) };
    if (this.closed || this.last?.final) return false;
    if (isRepeat(this.last, event)) {
      this.last = event; // the newest observation, for late joiners and the completion estimate
      return false;
    }
    this.deliver(event);
    const { coordinator } = this.deps;
    if (coordinator.mode === 'cluster') {
      coordinator.publish(this.topic, event).catch(() => undefined);
      coordinator.saveLatest(this.topic, event).catch(() => undefined);
      if (event.final) this.release();
    }
    return true;
  }

  /** Delivers an event (observed here, or by another replica) to every listener, once; nothing after a final one. */
  private deliver(event: TaskEvent): void {
    if (this.closed || this.last?.final) return;
    const repeat = isRepeat(this.last, event);
    this.last = event;
    if (repeat) return;
    if (event.final) {
      this.stopPoller();
      this.clearLeaseTimer();
    }
    for (const l of [...this.listeners]) l(event);
  }
}

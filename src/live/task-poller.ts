import type { PollingConfig } from '../config/config';
import { toServiceError } from '../errors/service-error';
import { isTerminal } from '../providers/export-task';
import type { TaskCache } from '../loading/task-cache';
import type { Logger } from '../logging/logger';
import type { TenantRuntime } from '../tenancy/tenant-runtime';
import type { Clock } from '../time/clock';
import type { CompletionEstimator } from './completion-estimator';
import type { WatchedTask } from './live-updates';
import { nextPollDelay } from './poll-schedule';
import { serializeError, stateChanged, type TaskEvent } from './task-event';

/** What a poller reads with and where it publishes. */
export interface PollerDeps {
  readonly cache: TaskCache;
  readonly estimator: CompletionEstimator;
  readonly clock: Clock;
  readonly polling: PollingConfig;
  readonly logger: Logger;
}

/**
 * Polls one (tenant, task) for as long as it runs: the first read may come from the shared cache,
 * later ones go upstream (as background calls within the tenant's request budget). It emits an
 * event only when something other than `observedAt`/`requestId` changed, on every failed read (with
 * back-off), and a final one when the task is terminal or the error is final; then it stops.
 */
export class TaskPoller {
  /** The last event emitted, kept current with the newest observation (for late joiners' snapshots). */
  last: TaskEvent | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failures = 0;
  private unchanged = 0;

  constructor(
    private readonly tenant: TenantRuntime,
    private readonly task: WatchedTask,
    private readonly deps: PollerDeps,
    /** Receives each event to publish; a final event is the poller's last. */
    private readonly emit: (event: TaskEvent) => void,
  ) {}

  /** Starts polling now. */
  start(): void {
    this.timer = setTimeout(() => void this.tick(true), 0);
  }

  /** Stops polling; a read in flight completes but emits nothing. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Whether the poller has stopped (final event emitted or stopped by its owner). */
  get isStopped(): boolean {
    return this.stopped;
  }

  private async tick(first: boolean): Promise<void> {
    if (this.stopped) return;
    const { cache } = this.deps;
    const { provider, providerTaskId } = this.task;
    let event: TaskEvent | undefined;
    try {
      const state = first
        ? await cache.read(this.tenant, provider, providerTaskId)
        : await cache.readThrough(this.tenant, provider, providerTaskId, 'background');
      if (this.stopped) return;
      this.failures = 0;
      const terminal = isTerminal(state.status);
      const previous = this.last;
      const changed = !previous || previous.error !== null || !previous.state || stateChanged(previous.state, state);
      this.unchanged = changed ? 0 : this.unchanged + 1;
      if (changed || terminal) event = { state, error: null, final: terminal };
      else this.last = { ...previous, state };
    } catch (e) {
      if (this.stopped) return;
      const err = toServiceError(e);
      this.failures++;
      event = { state: this.last?.state ?? null, error: serializeError(err, provider), final: err.final };
      this.deps.logger.debug({ tenant: this.tenant.id, task: this.task.id, code: err.code, failures: this.failures }, 'poll failed');
    }
    if (event) {
      this.last = event;
      this.emit(event);
      if (event.final) {
        this.stop();
        return;
      }
    }
    this.timer = setTimeout(() => void this.tick(false), this.nextDelay());
  }

  private nextDelay(): number {
    const state = this.last?.state;
    const eta = state ? this.deps.estimator.estimate(this.tenant.id, state) : null;
    return nextPollDelay(
      { failures: this.failures, unchanged: this.unchanged, etaInMs: eta === null ? undefined : eta - this.deps.clock.now() },
      this.deps.polling,
    );
  }
}

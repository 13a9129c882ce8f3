import type { Attributes } from '@opentelemetry/api';

import type { PollingConfig } from '../config/config';
import type { ExportTaskState } from '../domain/export-task';
import { type ServiceError, toServiceError } from '../errors/service-error';
import type { Logger } from '../logging/logger';
import type { PollMetrics } from '../observability/poll-metrics';
import { Attr, type CallOrigin, failSpan, startPollSpan } from '../observability/trace';
import type { Clock, Timer } from '../time/clock';
import { nextDeadline } from './poll-schedule';

/** The outcome of one read: the state, or the failure. */
export type Observation = { readonly state: ExportTaskState; readonly error?: undefined } | { readonly error: ServiceError };

/** What a poller reads with, reports to and times itself by. */
export interface PollerDeps {
  /**
   * Reads the task; `first` may be served from the shared cache, later reads go upstream; `signal` aborts
   * on `stop()`; `origin` holds the poll's span while tracing.
   */
  readonly read: (first: boolean, signal: AbortSignal, origin: CallOrigin | undefined) => Promise<ExportTaskState>;
  /** The attributes of each poll's span (tenant, provider, task), while tracing. */
  readonly spanAttributes?: Attributes;
  /** Hands each outcome to the task's channel; true when it changed what subscribers know. */
  readonly observe: (observation: Observation) => boolean;
  /** Estimated completion minus now, ms, or undefined: a task about to finish is polled at its ETA. */
  readonly etaInMs: () => number | undefined;
  readonly clock: Clock;
  readonly polling: PollingConfig;
  readonly logger: Logger;
  /** Jitter of the back-off; default `Math.random`. */
  readonly random?: () => number;
  /** Where each poll's lateness and the skipped deadlines are reported; default nowhere. */
  readonly metrics?: PollMetrics | undefined;
  /**
   * The task's place in the base interval, ms from the epoch modulo `intervalMs` (its `PollSlot`), so
   * that the tasks of one budget are not all due at once; undefined: the cadence starts at the first read.
   */
  readonly phaseMs?: number | undefined;
}

/**
 * Reads one (tenant, task) for as long as its channel lets it, and only observes: every outcome goes
 * to the channel, which alone decides what is news, what is final, and when polling stops (`stop()`).
 * The poller keeps the cadence: the base interval, slower while nothing changes, sooner near the
 * estimated completion, exponential back-off after failures, each deadline timed from the previous
 * deadline (not from the end of the read) and moving to the task's place in the interval; of the
 * deadlines a long read outlasted only the latest is polled, at once, never all of them
 * (`poll-schedule.ts:nextDeadline`). Each poll reports how late it started after its deadline.
 */
export class TaskPoller {
  private timer: Timer | undefined;
  private stopped = false;
  /** Aborted by `stop()`: a read in flight or waiting for its turn is abandoned. */
  private readonly stopping = new AbortController();
  private failures = 0;
  private unchanged = 0;
  /** Where the cadence stands: the current (or next) poll's deadline, epoch ms. */
  private deadline = 0;
  /** The deadline the current (or next) poll serves, for its lateness (earlier than `deadline` when it is late). */
  private due = 0;

  constructor(private readonly deps: PollerDeps) {}

  /** Reads at once, then on schedule. */
  start(): void {
    this.deadline = this.due = this.deps.clock.now();
    this.timer = this.deps.clock.setTimer(() => void this.tick(true), 0);
  }

  /** Stops polling; a read in flight is abandoned (dropped before it is sent if it still waits) and not reported. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.stopping.abort();
  }

  /** Whether the poller has stopped. */
  get isStopped(): boolean {
    return this.stopped;
  }

  private async tick(first: boolean): Promise<void> {
    if (this.stopped) return;
    const latenessMs = Math.max(0, this.deps.clock.now() - this.due);
    this.deps.metrics?.lateness(latenessMs);
    // While tracing, each poll is a span of its own (a root: the poller outlives the subscriptions that
    // watch the task), parent of the upstream attempt it makes, if any (a first read may come from the cache).
    const span = startPollSpan(this.deps.spanAttributes);
    let observation: Observation;
    try {
      observation = { state: await this.deps.read(first, this.stopping.signal, span ? { span } : undefined) };
    } catch (e) {
      observation = { error: toServiceError(e) };
    }
    if (this.stopped) {
      span?.setAttribute(Attr.OUTCOME, 'ABANDONED');
      span?.end();
      return;
    }
    const changed = this.deps.observe(observation);
    if (span) {
      span.setAttribute('exports.poll.first', first);
      span.setAttribute('exports.poll.lateness_ms', latenessMs);
      span.setAttribute(Attr.CHANGED, changed);
      span.setAttribute(Attr.OUTCOME, observation.error ? observation.error.code : 'OK');
      if (observation.error) failSpan(span, observation.error.code);
      span.end();
    }
    if (observation.error) {
      this.failures++;
      this.deps.logger.debug({ code: observation.error.code, failures: this.failures }, 'poll failed');
    } else {
      this.failures = 0;
      this.unchanged = changed ? 0 : this.unchanged + 1;
    }
    if (this.stopped) return;
    this.scheduleNext(first);
  }

  /**
   * Sets the next deadline and its timer; only after a read ended, so reads of the task never overlap.
   * The second poll is one interval after the first, as before: tasks subscribed together then queue
   * for the request budget in the order their first reads ended, the fair order when the budget is
   * saturated; the moves to their places start from the third.
   */
  private scheduleNext(first: boolean): void {
    const { clock, polling, random, metrics, logger } = this.deps;
    const now = clock.now();
    const state = { failures: this.failures, unchanged: this.unchanged, etaInMs: this.deps.etaInMs() };
    const phaseMs = first ? undefined : this.deps.phaseMs;
    const next = nextDeadline({ previous: this.deadline, now, state, phaseMs }, polling, random);
    if (next.skipped > 0) {
      metrics?.skipped(next.skipped);
      logger.debug({ skipped: next.skipped, sinceDeadlineMs: now - this.deadline }, 'poll deadlines skipped: the read outlasted them');
    }
    this.deadline = next.at;
    this.due = next.due;
    this.timer = clock.setTimer(() => void this.tick(false), next.at - now);
  }
}

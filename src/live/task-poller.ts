import type { Attributes } from '@opentelemetry/api';

import type { PollingConfig } from '../config/config';
import type { ExportTaskState } from '../domain/export-task';
import { type ServiceError, toServiceError } from '../errors/service-error';
import type { Logger } from '../logging/logger';
import { Attr, type CallOrigin, failSpan, startPollSpan } from '../observability/trace';
import type { Clock, Timer } from '../time/clock';
import { nextPollDelay } from './poll-schedule';

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
}

/**
 * Reads one (tenant, task) for as long as its channel lets it, and only observes: every outcome goes
 * to the channel, which alone decides what is news, what is final, and when polling stops (`stop()`).
 * The poller keeps the cadence: the base interval, slower while nothing changes, sooner near the
 * estimated completion, exponential back-off after failures (`poll-schedule.ts`).
 */
export class TaskPoller {
  private timer: Timer | undefined;
  private stopped = false;
  /** Aborted by `stop()`: a read in flight or waiting for its turn is abandoned. */
  private readonly stopping = new AbortController();
  private failures = 0;
  private unchanged = 0;

  constructor(private readonly deps: PollerDeps) {}

  /** Reads at once, then on schedule. */
  start(): void {
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
    this.timer = this.deps.clock.setTimer(() => void this.tick(false), this.nextDelay());
  }

  private nextDelay(): number {
    return nextPollDelay(
      { failures: this.failures, unchanged: this.unchanged, etaInMs: this.deps.etaInMs() },
      this.deps.polling,
      this.deps.random,
    );
  }
}

import { performance } from 'node:perf_hooks';

import type { OperationOutcome } from '../../observability/service-metrics';

/** Successful plain-HTTP operation lines logged at info per second, by default. */
export const DEFAULT_OK_LINES_PER_SECOND = 100;
/** An operation at least this slow is logged at info whatever its outcome, ms. */
export const SLOW_OPERATION_MS = 1000;

/** The level of one `graphql operation` line, and how many successful lines went to debug since the last one at info. */
export interface LineLevel {
  readonly level: 'info' | 'debug';
  readonly skipped: number;
}

/**
 * Which `graphql operation` lines of plain HTTP operations go out at info (README, "Observability"): every
 * failed, partial or slow one (at least `SLOW_OPERATION_MS`), and successful ones up to `okPerSecond` a
 * second; beyond that, a successful operation's line is written at debug (so `LOG_LEVEL=debug` still has
 * every one) and counted, and the next line at info says how many (`skippedOk`). At thousands of cached
 * reads a second the line was a third of a request's CPU (BENCHMARKS.md, throughput); the metrics count
 * every operation whatever its line.
 */
export class OperationLogPolicy {
  private windowStart = Number.NEGATIVE_INFINITY;
  private inWindow = 0;
  private skipped = 0;

  constructor(
    private readonly okPerSecond = DEFAULT_OK_LINES_PER_SECOND,
    /** Milliseconds, monotonic. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The level of the line of an operation that ended with `outcome` after `seconds`. */
  levelOf(outcome: OperationOutcome, seconds: number): LineLevel {
    if (outcome === 'ok' && seconds * 1000 < SLOW_OPERATION_MS) {
      const t = this.now();
      if (t - this.windowStart >= 1000) {
        this.windowStart = t;
        this.inWindow = 0;
      }
      if (this.inWindow >= this.okPerSecond) {
        this.skipped++;
        return { level: 'debug', skipped: 0 };
      }
      this.inWindow++;
    }
    const skipped = this.skipped;
    this.skipped = 0;
    return { level: 'info', skipped };
  }
}

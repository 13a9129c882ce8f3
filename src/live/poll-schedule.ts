import type { PollingConfig } from '../config/config';

/** What the next poll's delay depends on. */
export interface PollState {
  /** Consecutive failed reads. */
  readonly failures: number;
  /** Consecutive reads that saw no change. */
  readonly unchanged: number;
  /** Estimated completion minus now, ms; undefined when unknown. */
  readonly etaInMs: number | undefined;
}

/**
 * The delay before a task's next poll, ms:
 * - after failures, exponential back-off from the base interval with ±20% jitter, capped at the max;
 * - a task that has not moved for three reads is polled less often (×1.5 per further quiet read);
 * - a task expected to complete before the next poll is polled at its expected completion (never
 *   sooner than a quarter of the base interval), so the final event is not late by a whole interval.
 * Never beyond `maxIntervalMs`. `random` is injectable for tests.
 */
export function nextPollDelay(s: PollState, polling: PollingConfig, random: () => number = Math.random): number {
  const { intervalMs: base, maxIntervalMs: max } = polling;
  if (s.failures > 0) {
    const backoff = Math.min(max, base * 2 ** (s.failures - 1));
    return Math.min(max, Math.round(backoff * (0.8 + 0.4 * random())));
  }
  let delay = s.unchanged >= 3 ? Math.min(max, base * 1.5 ** (s.unchanged - 2)) : base;
  if (s.etaInMs !== undefined && s.etaInMs < delay) delay = Math.max(base / 4, s.etaInMs + 50);
  return Math.round(Math.min(max, delay));
}

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

/** What the next deadline of a task depends on, besides its poll state. */
export interface DeadlineInput {
  /** Where the cadence stands: the deadline of the poll that just ended, or when it started if it restarted the cadence. */
  readonly previous: number;
  /** Now: the read has ended. */
  readonly now: number;
  /** The poll state now (`etaInMs` from now). */
  readonly state: PollState;
  /** The task's place in the base interval, ms in [0, intervalMs) from the epoch; undefined: none. */
  readonly phaseMs?: number | undefined;
}

/** The next poll of a task. */
export interface NextDeadline {
  /** When it starts, epoch ms (`now` when it is already due), and where the cadence stands after it. */
  readonly at: number;
  /** The deadline it serves, for its lateness: `at`, or a deadline that passed while the read ran. */
  readonly due: number;
  /** Deadlines that passed while the read ran and are not polled at all. */
  readonly skipped: number;
}

/**
 * The next deadline of a task, on a fixed cadence: the previous poll's deadline plus the delay of
 * `nextPollDelay`, not the end of its read, so neither the time a read takes nor a late timer pushes
 * the cadence back.
 * - Steady (the base interval): the task moves to its place in the interval (`phaseMs`, see
 *   `PollSlots`) by waiting longer, a quarter interval a poll at most, so a poll is never less than one
 *   interval nor more than 1¼ of one after the previous deadline; once on its place it stays there.
 * - Quieter (`unchanged`), or at the estimated completion: the previous deadline plus that delay (the ETA
 *   rule then lands at the same instant as before: the estimate plus 50 ms).
 * - After a failure the back-off counts from now, the end of the failed read, as before: a read that
 *   failed slowly (a timeout) is not retried sooner for having been slow.
 * - Deadlines that passed while the read ran (a slow read, a read queued behind the request budget) are
 *   never caught up: only the latest of them is polled, at once, and the ones before it are skipped.
 *   When it passed by at most a quarter of the period the cadence stays as it was (the next deadline is
 *   at least ¾ of a period later); past that the cadence restarts from this poll and walks back to the
 *   task's place, so two polls of a task are never bunched. Polling the latest deadline at once rather
 *   than waiting for the next one keeps the order in which tasks queue for a saturated request budget, so
 *   each task gets its fair turn. The caller starts the next read only after this one ended: reads of
 *   one task never overlap.
 * - A poll whose timer fired late (a busy event loop) runs when it fires; the cadence after it is kept.
 */
export function nextDeadline(input: DeadlineInput, polling: PollingConfig, random: () => number = Math.random): NextDeadline {
  const { previous, now, state, phaseMs } = input;
  const base = polling.intervalMs;
  if (state.failures > 0) {
    const at = now + nextPollDelay(state, polling, random);
    return { at, due: at, skipped: 0 };
  }
  const sincePrevious = now - previous;
  const etaInMs = state.etaInMs === undefined ? undefined : state.etaInMs + sincePrevious;
  const delay = nextPollDelay({ ...state, etaInMs }, polling, random);
  let at = previous + delay;
  if (delay === base && phaseMs !== undefined) {
    // Toward the task's place by waiting up to a quarter interval longer, never by polling sooner: a
    // task is never read twice within one interval on its way.
    at += Math.min(mod(phaseMs - previous, base), base / 4);
  }
  if (now <= at) return { at, due: at, skipped: 0 };
  const skipped = Math.floor((now - at) / delay);
  const latest = at + skipped * delay;
  return { at: now - latest <= delay / 4 ? latest : now, due: latest, skipped };
}

function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}

import { DelegateBackoff, type IBackoffFactory, type IRetryBackoffContext } from 'cockatiel';

import { ServiceError } from '../errors/service-error';

/** The delays of `retryBackoff`. */
export interface RetryDelays {
  /** Delay before the first retry, ms (before jitter); doubles with each retry. */
  readonly baseDelayMs: number;
  /** Cap of one delay, ms. */
  readonly maxDelayMs: number;
}

/**
 * The wait before retry number `attempt` (1-based): exponential (`baseDelayMs * 2^(attempt-1)`, capped at
 * `maxDelayMs`) with "equal jitter" (a uniformly random point in the upper half), so that callers failing
 * together do not retry together, yet never retry immediately. A provider's `Retry-After` is a floor:
 * we never come back sooner than it asked.
 */
export function retryDelayMs(attempt: number, error: unknown, delays: RetryDelays, random: () => number = Math.random): number {
  const exponential = Math.min(delays.maxDelayMs, delays.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.max(jittered, retryAfterMs(error) ?? 0);
}

/** The provider's Retry-After of a failure, in ms, if it sent one. */
export function retryAfterMs(error: unknown): number | undefined {
  const seconds = error instanceof ServiceError ? error.provider?.retryAfterSeconds : undefined;
  return seconds === undefined ? undefined : seconds * 1000;
}

/** `retryDelayMs` as a cockatiel backoff for `retry(…, { backoff })`. */
export function retryBackoff(delays: RetryDelays, random?: () => number): IBackoffFactory<IRetryBackoffContext<unknown>> {
  return new DelegateBackoff<IRetryBackoffContext<unknown>>((context) =>
    retryDelayMs(context.attempt, 'error' in context.result ? context.result.error : undefined, delays, random),
  );
}

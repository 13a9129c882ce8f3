import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

import { DEFAULT_RATE_LIMIT, type RateLimitConfig } from '../config/config';

/** The outcome of `TenantRateLimiter.take`. */
export type RateDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number; readonly message: string };

/**
 * The per-tenant limits of incoming work (rate-limiter-flexible, in memory: fixed windows of
 * `windowSeconds`): `requests` operations, and `ids` task ids named by those operations. Each HTTP
 * request and each WebSocket subscribe message takes one operation; an operation over several ids takes
 * as many ids as it names (`takeIds`), so a hundred operations over a hundred ids cost what ten thousand
 * single reads would. A refused one is told when to come back. In-process only: with several replicas each enforces
 * the limits on its own share of the traffic.
 */
export class TenantRateLimiter {
  private readonly operations: RateLimiterMemory;
  private readonly ids: RateLimiterMemory;

  constructor(readonly config: RateLimitConfig = DEFAULT_RATE_LIMIT) {
    this.operations = new RateLimiterMemory({ points: config.requests, duration: config.windowSeconds, keyPrefix: 'ops' });
    this.ids = new RateLimiterMemory({ points: config.ids, duration: config.windowSeconds, keyPrefix: 'ids' });
  }

  /** Takes one operation from `tenantId`'s window. */
  take(tenantId: string): Promise<RateDecision> {
    return this.consume(this.operations, tenantId, 1, `${this.config.requests} operations`);
  }

  /** Takes `count` task ids from `tenantId`'s window. */
  takeIds(tenantId: string, count: number): Promise<RateDecision> {
    return this.consume(this.ids, tenantId, count, `${this.config.ids} task ids`);
  }

  private async consume(limiter: RateLimiterMemory, tenantId: string, points: number, what: string): Promise<RateDecision> {
    try {
      await limiter.consume(tenantId, points);
      return { allowed: true };
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      return {
        allowed: false,
        retryAfterSeconds,
        message: `Too many requests: this tenant may start at most ${what} per ${this.config.windowSeconds} s; retry after ${retryAfterSeconds} s`,
      };
    }
  }
}

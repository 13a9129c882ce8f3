import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DEFAULT_RATE_LIMIT, type RateLimitConfig } from '../config/config';

/** The outcome of `TenantRateLimiter.take`. */
export type RateDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number; readonly message: string };

/**
 * The per-tenant limit of incoming operations (rate-limiter-flexible, in memory: a fixed window of
 * `windowSeconds` holding `requests` operations per tenant). Each HTTP request and each WebSocket
 * subscribe message takes one point; a refused one is told when to come back. In-process only: with
 * several replicas each enforces the limit on its own share of the traffic.
 */
export class TenantRateLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(readonly config: RateLimitConfig = DEFAULT_RATE_LIMIT) {
    this.limiter = new RateLimiterMemory({ points: config.requests, duration: config.windowSeconds, keyPrefix: 'ops' });
  }

  /** Takes one operation from `tenantId`'s window. */
  async take(tenantId: string): Promise<RateDecision> {
    try {
      await this.limiter.consume(tenantId, 1);
      return { allowed: true };
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      return {
        allowed: false,
        retryAfterSeconds,
        message: `Too many requests: this tenant may start at most ${this.config.requests} operations per ${this.config.windowSeconds} s; retry after ${retryAfterSeconds} s`,
      };
    }
  }
}

import type { Redis, Result } from 'ioredis';
import { QUOTA_MARGIN_MS, RateBudget, type CallPriority } from '../../tenancy/rate-budget';
import type { RequestBudget } from '../../tenancy/request-budget';
import type { Clock } from '../../time/clock';

/**
 * A (tenant, provider) request budget shared by every replica through Redis: each call reserves
 * the next evenly spaced start slot with one atomic script (`RESERVE_SLOT`) and waits for it. When
 * Redis cannot be reached the call falls back to a local budget holding this replica's share of
 * the quota (the quota divided by the replicas last seen alive), so the providers' quota holds
 * even while replicas cannot coordinate.
 */
export class RedisBudget implements RequestBudget {
  private readonly gapMs: number;
  private fallback: RateBudget | undefined;
  private fallbackShare = 0;
  private waits = 0;
  private readonly sleeping = new Map<NodeJS.Timeout, () => void>();

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly requestsPerSecond: number,
    private readonly clock: Clock,
    /** Replicas last seen alive (at least 1). */
    private readonly replicas: () => number,
  ) {
    this.gapMs = (1000 + QUOTA_MARGIN_MS) / requestsPerSecond;
  }

  get waited(): number {
    return this.waits + (this.fallback?.waited ?? 0);
  }

  async acquire(priority: CallPriority = 'interactive'): Promise<void> {
    let waitMs: number;
    try {
      waitMs = Number(await this.redis.reserveSlot(this.key, String(this.gapMs)));
    } catch {
      return this.local().acquire(priority);
    }
    if (waitMs <= 0) return;
    this.waits++;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.sleeping.delete(t);
        resolve();
      }, waitMs);
      this.sleeping.set(t, resolve);
    });
  }

  private local(): RateBudget {
    const share = this.requestsPerSecond / Math.max(1, this.replicas());
    if (!this.fallback || share !== this.fallbackShare) {
      this.fallback?.dispose();
      this.fallback = new RateBudget(share, this.clock);
      this.fallbackShare = share;
    }
    return this.fallback;
  }

  /** Releases every waiter (shutdown) and the fallback budget. */
  dispose(): void {
    for (const [t, resolve] of this.sleeping) {
      clearTimeout(t);
      resolve();
    }
    this.sleeping.clear();
    this.fallback?.dispose();
  }
}

declare module 'ioredis' {
  interface RedisCommander<Context> {
    reserveSlot(key: string, gapMs: string): Result<number, Context>;
    renewLease(key: string, owner: string, leaseMs: string): Result<number, Context>;
    releaseLease(key: string, owner: string): Result<number, Context>;
  }
}

import type { Redis, Result } from 'ioredis';
import type { Clock, Timer } from '../time/clock';
import { QUOTA_MARGIN_MS, RateBudget, type CallPriority } from './rate-budget';
import type { RequestBudget } from './request-budget';

/**
 * KEYS[1] the budget's next-start key; ARGV[1] gap between starts, ms (may be fractional).
 * Reserves the next start slot of the shared budget and returns how many ms to wait for it
 * (0 = start now). Slots are evenly spaced, as in RateBudget, so no one-second window holds more
 * than the quota whichever replica makes the call. Times come from Redis's own clock (`TIME`) so
 * that replicas with skewed clocks still agree.
 */
const RESERVE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nxt)
local gap = tonumber(ARGV[1])
redis.call('SET', KEYS[1], tostring(slot + gap), 'PX', math.ceil(gap * 2 + 60000))
return math.ceil(slot - now)`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    reserveSlot(key: string, gapMs: string): Result<number, Context>;
  }
}

/** Defines the budget's script as `reserveSlot` on a connection (once, by the connection's owner). */
export function defineReserveSlot(redis: Redis): void {
  redis.defineCommand('reserveSlot', { numberOfKeys: 1, lua: RESERVE_SLOT });
}

/**
 * A (tenant, provider) request budget shared by every replica through Redis: each call reserves
 * the next evenly spaced start slot with one atomic script and waits for it. When Redis cannot be
 * reached the call falls back to a local budget holding this replica's share of the quota (the quota
 * divided by the replicas last seen alive), so the providers' quota holds even while replicas cannot
 * coordinate.
 */
export class RedisBudget implements RequestBudget {
  private readonly gapMs: number;
  private fallback: RateBudget | undefined;
  private fallbackShare = 0;
  private waits = 0;
  private readonly sleeping = new Map<Timer, () => void>();

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
      const timer = this.clock.setTimer(() => {
        this.sleeping.delete(timer);
        resolve();
      }, waitMs);
      this.sleeping.set(timer, resolve);
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
    for (const [timer, resolve] of this.sleeping) {
      timer.cancel();
      resolve();
    }
    this.sleeping.clear();
    this.fallback?.dispose();
  }
}

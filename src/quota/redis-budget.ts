import type { Redis, Result } from 'ioredis';

import type { Clock, Timer } from '../time/clock';
import { gapOf, RateBudget } from './rate-budget';
import { type AcquireOptions, BudgetExceeded, type RequestBudget } from './request-budget';
import { WaitQueue } from './wait-queue';

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

/** What a `RedisBudget` knows of its replica's link to Redis (the coordinator's). */
export interface RedisLink {
  /** Replicas last seen alive (at least 1): this replica's fallback share is the quota divided by them. */
  replicas(): number;
  /** Whether Redis is reachable and answering now; when not, calls go to the local share at once. */
  available(): boolean;
  /** Runs one Redis command under the link's deadline (a timeout marks Redis as not answering). */
  reserve<T>(run: () => Promise<T>): Promise<T>;
}

/**
 * A (tenant, provider) request budget shared by every replica through Redis. Each replica queues its
 * own callers (interactive before background, abandoned ones dropped) and holds at most one slot
 * reservation at a time: it reserves the next evenly spaced start slot with one atomic script, waits
 * for it, and gives it to whoever is first in its queue then. So a query that arrives while polls are
 * queued goes next on this replica, instead of behind every slot the polls would have reserved.
 *
 * When Redis cannot be reached, or does not answer within the link's command deadline, calls fall
 * back to a local budget holding this replica's share of the quota (the quota divided by the replicas
 * last seen alive), so the providers' quota holds even while replicas cannot coordinate, and no call
 * waits on a frozen Redis longer than one command deadline.
 */
export class RedisBudget implements RequestBudget {
  /** Granted `slot` (a reserved start) or `local` (Redis away: take a turn of the local share instead). */
  private readonly waiters = new WaitQueue<'slot' | 'local'>();
  private readonly gapMs: number;
  private fallback: RateBudget | undefined;
  private fallbackShare = 0;
  private waits = 0;
  /** A reservation is being made or waited for. */
  private pumping = false;
  private sleep: { readonly timer: Timer; readonly wake: () => void } | undefined;
  private disposed = false;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly requestsPerSecond: number,
    private readonly clock: Clock,
    private readonly link: RedisLink,
  ) {
    this.gapMs = gapOf(requestsPerSecond);
  }

  get waited(): number {
    return this.waits + (this.fallback?.waited ?? 0);
  }

  get queued(): number {
    return this.waiters.size + (this.fallback?.queued ?? 0);
  }

  acquire(options: AcquireOptions = {}): Promise<void> {
    if (options.maxWaitMs !== undefined) {
      // At least one gap per waiter ahead of it on this replica (other replicas may add more).
      const waitMs = this.waiters.ahead(options.priority ?? 'interactive') * this.gapMs;
      if (waitMs > options.maxWaitMs) return Promise.reject(new BudgetExceeded(waitMs, this.requestsPerSecond));
    }
    if (!this.link.available()) return this.local().acquire(options);
    const turn = this.waiters.wait(options, () => void this.pump());
    return turn.then((granted) => (granted === 'local' ? this.local().acquire(options) : undefined));
  }

  /** Reserves slots one at a time while anyone waits, handing each to the first waiter when it comes. */
  private async pump(): Promise<void> {
    if (this.pumping || this.disposed) return;
    this.pumping = true;
    try {
      while (this.waiters.size > 0 && !this.disposed) {
        let waitMs: number;
        try {
          waitMs = Number(await this.link.reserve(() => this.redis.reserveSlot(this.key, String(this.gapMs))));
        } catch {
          // Redis away or frozen: everyone waiting now goes through this replica's share, locally.
          this.waiters.releaseAll('local');
          return;
        }
        if (waitMs > 0) {
          this.waits++;
          await new Promise<void>((wake) => (this.sleep = { timer: this.clock.setTimer(wake, waitMs), wake }));
          this.sleep = undefined;
        }
        // The slot is used by whoever is first now; if everyone left meanwhile, it goes unused.
        this.waiters.next('slot');
      }
    } finally {
      this.pumping = false;
    }
  }

  private local(): RateBudget {
    const share = this.requestsPerSecond / Math.max(1, this.link.replicas());
    if (!this.fallback || share !== this.fallbackShare) {
      this.fallback?.dispose();
      this.fallback = new RateBudget(share, this.clock);
      this.fallbackShare = share;
    }
    return this.fallback;
  }

  /** Releases every waiter (shutdown), the sleeping reservation and the fallback budget. */
  dispose(): void {
    this.disposed = true;
    if (this.sleep) {
      this.sleep.timer.cancel();
      this.sleep.wake();
    }
    this.waiters.releaseAll('slot');
    this.fallback?.dispose();
  }
}

import type { Redis } from 'ioredis';

import { RedisBudget, type RedisLink } from '../../../src/quota/redis-budget';
import { ManualClock } from '../../../src/time/clock';

/** A stand-in for the one Redis command the budget sends: answers with the wait, or fails like an unreachable Redis. */
function fakeRedis(answer: () => number | Error) {
  const calls: Array<[string, string]> = [];
  const redis = {
    async reserveSlot(key: string, gapMs: string): Promise<number> {
      calls.push([key, gapMs]);
      const a = answer();
      if (a instanceof Error) throw a;
      return a;
    },
  };
  return { redis: redis as unknown as Redis, calls };
}

/** The link of a replica that sees `replicas` alive and Redis available (unless told otherwise). */
function link(replicas: number, available = () => true): RedisLink {
  return { replicas: () => replicas, available, reserve: (run) => run() };
}

describe('RedisBudget', () => {
  it('reserves a slot spaced by the quota and waits as long as Redis says, on the clock', async () => {
    const clock = new ManualClock(0);
    const { redis, calls } = fakeRedis(() => 250);
    const budget = new RedisBudget(redis, 'exports:budget:team-a:tencent-tcss', 20, clock, link(1));
    let granted = false;
    void budget.acquire().then(() => (granted = true));
    await clock.advanceAsync(249);
    expect(granted).toBe(false);
    await clock.advanceAsync(1);
    expect(granted).toBe(true);
    expect(calls).toEqual([['exports:budget:team-a:tencent-tcss', '53.75']]);
    expect(budget.waited).toBe(1);
  });

  it('starts at once when Redis says so', async () => {
    const clock = new ManualClock(0);
    const { redis } = fakeRedis(() => 0);
    const budget = new RedisBudget(redis, 'k', 20, clock, link(1));
    await budget.acquire();
    expect(budget.waited).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it("falls back to this replica's share of the quota while Redis cannot be reached", async () => {
    const clock = new ManualClock(0);
    const { redis } = fakeRedis(() => new Error('Connection is closed.'));
    const budget = new RedisBudget(redis, 'k', 20, clock, link(4)); // 4 replicas alive: 5/s each
    const starts: number[] = [];
    for (let i = 0; i < 11; i++) void budget.acquire().then(() => starts.push(clock.now()));
    await clock.advanceAsync(2000);
    // 5 per second, evenly spaced by (1000 + 75) / 5 = 215 ms.
    expect(starts).toEqual([0, 215, 430, 645, 860, 1075, 1290, 1505, 1720, 1935].slice(0, starts.length));
    expect(starts).toHaveLength(10);
  });

  it('releases a sleeping waiter on dispose, cancelling its timer', async () => {
    const clock = new ManualClock(0);
    const { redis } = fakeRedis(() => 10_000);
    const budget = new RedisBudget(redis, 'k', 1, clock, link(1));
    const waiting = budget.acquire();
    await clock.advanceAsync(0);
    expect(clock.pendingTimers).toBe(1);
    budget.dispose();
    await expect(waiting).resolves.toBeUndefined();
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('RedisBudget: priority and abandoned callers on this replica', () => {
  /** A Redis whose slots are `gapMs` apart in real (simulated) time, like the script. */
  function slottedRedis(clock: ManualClock, gapMs: number) {
    let next = 0;
    const reserved: number[] = [];
    const redis = {
      async reserveSlot(): Promise<number> {
        const now = clock.now();
        const slot = Math.max(now, next);
        next = slot + gapMs;
        reserved.push(slot);
        return slot - now;
      },
    };
    return { redis: redis as unknown as Redis, reserved };
  }

  it('holds one reservation at a time and gives each slot to whoever is first when it comes: a query before queued polls', async () => {
    const clock = new ManualClock(0);
    const { redis, reserved } = slottedRedis(clock, 100);
    const budget = new RedisBudget(redis, 'k', 10, clock, link(1));
    const order: string[] = [];
    for (const w of ['p1', 'p2', 'p3']) void budget.acquire({ priority: 'background' }).then(() => order.push(`${w}@${clock.now()}`));
    await clock.advanceAsync(50);
    void budget.acquire({ priority: 'interactive' }).then(() => order.push(`q@${clock.now()}`));
    await clock.advanceAsync(1000);
    expect(order).toEqual(['p1@0', 'q@100', 'p2@200', 'p3@300']);
    expect(reserved).toEqual([0, 100, 200, 300]); // never more than one ahead
  });

  it('lets no slot go to a caller that left, and reserves nothing once everyone left', async () => {
    const clock = new ManualClock(0);
    const { redis, reserved } = slottedRedis(clock, 100);
    const budget = new RedisBudget(redis, 'k', 10, clock, link(1));
    await budget.acquire();
    const gone = new AbortController();
    const left = budget.acquire({ signal: gone.signal }).catch((e: unknown) => (e as Error).message);
    await clock.advanceAsync(10);
    gone.abort(new Error('caller gone'));
    await expect(left).resolves.toBe('caller gone');
    await clock.advanceAsync(1000);
    expect(reserved).toEqual([0, 100]); // the slot reserved for it is not used; none after
    expect(budget.queued).toBe(0);
  });
});

describe('RedisBudget while Redis is not available', () => {
  it('goes straight to the local share without asking Redis, and back to Redis when it is available again', async () => {
    const clock = new ManualClock(0);
    const { redis, calls } = fakeRedis(() => 0);
    let available = false;
    const budget = new RedisBudget(
      redis,
      'k',
      20,
      clock,
      link(2, () => available),
    );
    await budget.acquire();
    expect(calls).toHaveLength(0);
    available = true;
    await budget.acquire();
    expect(calls).toHaveLength(1);
  });
});

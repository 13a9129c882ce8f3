import { RateBudget } from '../../../src/quota/rate-budget';
import type { CallPriority } from '../../../src/quota/request-budget';
import { ManualClock } from '../../../src/time/clock';

/** Starts every acquisition at once and records at which simulated ms each was granted, and for whom. */
async function grants(budget: RateBudget, clock: ManualClock, who: readonly string[], forMs: number): Promise<Array<[string, number]>> {
  const got: Array<[string, number]> = [];
  const t0 = clock.now();
  for (const w of who) {
    const priority: CallPriority = w.startsWith('i') ? 'interactive' : 'background';
    void budget.acquire({ priority }).then(() => got.push([w, clock.now() - t0]));
  }
  await clock.advanceAsync(forMs);
  return got;
}

/** The most grants that fall in any window of `windowMs` (ms are whole: a grant at t counts in [t, t + windowMs)). */
function busiestWindow(times: readonly number[], windowMs: number): number {
  let most = 0;
  for (const start of times) most = Math.max(most, times.filter((t) => t >= start && t < start + windowMs).length);
  return most;
}

describe('RateBudget', () => {
  it('spaces starts evenly so that no one-second window holds more than the quota', async () => {
    const clock = new ManualClock(0);
    const budget = new RateBudget(20, clock);
    const got = await grants(
      budget,
      clock,
      Array.from({ length: 45 }, (_, i) => `b${i}`),
      2500,
    );
    const times = got.map(([, t]) => t);
    expect(times).toHaveLength(45);
    for (let i = 0; i + 20 < times.length; i++) expect(times[i + 20]! - times[i]!).toBeGreaterThanOrEqual(1000);
    expect(budget.gapMs).toBe(53.75);
    expect(budget.waited).toBe(44);
  });

  it('keeps a quota of thousands per second: spacing accumulates below a millisecond, it never resets to now', async () => {
    // 5000/s is a gap of 0.215 ms: at most 5 starts may share one millisecond, and 465 a 100 ms window.
    const clock = new ManualClock(0);
    const budget = new RateBudget(5000, clock);
    const got = await grants(
      budget,
      clock,
      Array.from({ length: 2000 }, (_, i) => `b${i}`),
      100,
    );
    const times = got.map(([, t]) => t);
    expect(busiestWindow(times, 1)).toBeLessThanOrEqual(Math.ceil(1 / budget.gapMs));
    expect(times.length).toBeLessThanOrEqual(Math.ceil(101 / budget.gapMs));
    expect(times.length).toBeGreaterThanOrEqual(Math.floor(100 / budget.gapMs));
  });

  it('serves interactive callers before background ones, each in arrival order', async () => {
    const clock = new ManualClock(0);
    const budget = new RateBudget(10, clock);
    const got = await grants(budget, clock, ['b1', 'b2', 'i1', 'b3', 'i2'], 1000);
    expect(got.map(([w]) => w)).toEqual(['b1', 'i1', 'i2', 'b2', 'b3']);
  });

  it('supports fractional rates and validates its argument', () => {
    const clock = new ManualClock(0);
    expect(new RateBudget(0.5, clock).gapMs).toBe(2150);
    expect(() => new RateBudget(0, clock)).toThrow('RateBudget requestsPerSecond must be a positive number but got: 0');
  });

  it('releases waiters on dispose and leaves no timer behind', async () => {
    const clock = new ManualClock(0);
    const budget = new RateBudget(1, clock);
    await budget.acquire();
    const waiting = budget.acquire();
    expect(clock.pendingTimers).toBe(1);
    budget.dispose();
    await expect(waiting).resolves.toBeUndefined();
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('RateBudget: callers that leave, and calls that could not start in time', () => {
  it('drops a waiter whose caller left before its turn: the turn goes to the next waiter', async () => {
    const clock = new ManualClock(0);
    const budget = new RateBudget(10, clock); // a start every 107.5 ms
    await budget.acquire();
    const left = new AbortController();
    const order: string[] = [];
    const a = budget.acquire({ signal: left.signal }).then(
      () => order.push('a'),
      (e: unknown) => order.push(`a left: ${(e as Error).message}`),
    );
    void budget.acquire().then(() => order.push(`b at ${clock.now()}`));
    left.abort(new Error('gone'));
    await a;
    expect(budget.queued).toBe(1);
    await clock.advanceAsync(300);
    expect(order).toEqual(['a left: gone', 'b at 107']);
  });

  it('refuses at once a call that could not start within its maxWaitMs, naming the wait', async () => {
    const clock = new ManualClock(0);
    const budget = new RateBudget(10, clock);
    await budget.acquire();
    for (let i = 0; i < 5; i++) void budget.acquire({ priority: 'background' });
    // Five background polls ahead: the next start is 107.5 ms away, then five gaps more.
    await expect(budget.acquire({ priority: 'background', maxWaitMs: 500 })).rejects.toMatchObject({
      name: 'BudgetExceeded',
      waitMs: 645,
      requestsPerSecond: 10,
    });
    // An interactive call goes before the polls: it only waits for the next start.
    let granted = -1;
    void budget.acquire({ priority: 'interactive', maxWaitMs: 500 }).then(() => (granted = clock.now()));
    await clock.advanceAsync(120);
    expect(granted).toBe(107);
    budget.dispose();
  });

  it('an aborted signal refuses at once and takes no turn', async () => {
    const clock = new ManualClock(0);
    const budget = new RateBudget(10, clock);
    await budget.acquire();
    await expect(budget.acquire({ signal: AbortSignal.abort(new Error('already gone')) })).rejects.toThrow('already gone');
    expect(budget.queued).toBe(0);
    expect(budget.waited).toBe(0);
  });
});

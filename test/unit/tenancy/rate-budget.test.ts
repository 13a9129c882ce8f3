import { RateBudget } from '../../../src/quota/rate-budget';
import { ManualClock } from '../../../src/time/clock';

describe('RateBudget', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Starts every acquisition and records at which (fake) time each was granted, and for whom. */
  async function grants(budget: RateBudget, clock: ManualClock, who: string[], untilMs: number) {
    const got: Array<[string, number]> = [];
    const t0 = clock.now();
    for (const w of who) void budget.acquire(w.startsWith('i') ? 'interactive' : 'background').then(() => got.push([w, clock.now() - t0]));
    for (let t = 0; t < untilMs; t += 1) {
      clock.advance(1);
      await jest.advanceTimersByTimeAsync(1);
    }
    return got;
  }

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

  it('serves interactive callers before background ones, each in arrival order', async () => {
    const clock = new ManualClock(0);
    const budget = new RateBudget(10, clock);
    const got = await grants(budget, clock, ['b1', 'b2', 'i1', 'b3', 'i2'], 1000);
    expect(got.map(([w]) => w)).toEqual(['b1', 'i1', 'i2', 'b2', 'b3']);
  });

  it('supports fractional rates and validates its argument', async () => {
    const clock = new ManualClock(0);
    expect(new RateBudget(0.5, clock).gapMs).toBe(2150);
    expect(() => new RateBudget(0, clock)).toThrow('RateBudget requestsPerSecond must be a positive number but got: 0');
  });

  it('releases waiters on dispose', async () => {
    const clock = new ManualClock(0);
    const budget = new RateBudget(1, clock);
    await budget.acquire();
    const waiting = budget.acquire();
    budget.dispose();
    await expect(waiting).resolves.toBeUndefined();
  });
});

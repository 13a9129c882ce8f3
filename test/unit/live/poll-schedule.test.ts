import { nextDeadline, nextPollDelay } from '../../../src/live/poll-schedule';

const polling = { intervalMs: 1000, maxIntervalMs: 30_000 };
const mid = () => 0.5;

describe('nextPollDelay', () => {
  it.each([
    [{ failures: 0, unchanged: 0, etaInMs: undefined }, 1000],
    [{ failures: 0, unchanged: 2, etaInMs: undefined }, 1000],
    [{ failures: 0, unchanged: 3, etaInMs: undefined }, 1500],
    [{ failures: 0, unchanged: 6, etaInMs: undefined }, 5063],
    [{ failures: 0, unchanged: 50, etaInMs: undefined }, 30_000],
    [{ failures: 0, unchanged: 0, etaInMs: 600 }, 650],
    [{ failures: 0, unchanged: 0, etaInMs: 10 }, 250],
    [{ failures: 0, unchanged: 0, etaInMs: 5000 }, 1000],
    [{ failures: 1, unchanged: 0, etaInMs: 10 }, 1000],
    [{ failures: 3, unchanged: 0, etaInMs: undefined }, 4000],
    [{ failures: 20, unchanged: 0, etaInMs: undefined }, 30_000],
  ])('%j → %d ms', (state, expected) => {
    expect(nextPollDelay(state, polling, mid)).toBe(expected);
  });

  it('jitters back-off by ±20% and never beyond the maximum', () => {
    expect(nextPollDelay({ failures: 2, unchanged: 0, etaInMs: undefined }, polling, () => 0)).toBe(1600);
    expect(nextPollDelay({ failures: 2, unchanged: 0, etaInMs: undefined }, polling, () => 0.999999)).toBe(2400);
    expect(nextPollDelay({ failures: 30, unchanged: 0, etaInMs: undefined }, polling, () => 0.999999)).toBe(30_000);
  });
});

describe('nextDeadline', () => {
  const steady = { failures: 0, unchanged: 0, etaInMs: undefined };

  it.each([
    ['on time: the previous deadline plus the interval', { previous: 5000, now: 5040 }, { at: 6000, due: 6000, skipped: 0 }],
    [
      'a read that ended a quarter of an interval late: at once, on the cadence',
      { previous: 5000, now: 6250 },
      { at: 6000, due: 6000, skipped: 0 },
    ],
    [
      'one millisecond more: at once, and the cadence restarts from this poll',
      { previous: 5000, now: 6251 },
      { at: 6251, due: 6000, skipped: 0 },
    ],
    [
      'three deadlines passed: the two before the latest skipped, not caught up',
      { previous: 5000, now: 8900 },
      { at: 8900, due: 8000, skipped: 2 },
    ],
    ['the latest of three just passed: at once, on the cadence', { previous: 5000, now: 8100 }, { at: 8000, due: 8000, skipped: 2 }],
  ])('%s', (_, times, expected) => {
    expect(nextDeadline({ ...times, state: steady }, polling, mid)).toEqual(expected);
  });

  it('moves a steady task to its place in the interval by waiting a quarter interval longer a poll at most, never sooner than one interval', () => {
    const next = (previous: number, phaseMs: number) =>
      nextDeadline({ previous, now: previous + 10, state: steady, phaseMs }, polling, mid).at;
    // The place is 900 ms into the interval: 1¼ intervals a poll until the rest is under a quarter.
    expect(next(5000, 900)).toBe(6250);
    expect(next(6250, 900)).toBe(7500);
    expect(next(7500, 900)).toBe(8750);
    expect(next(8750, 900)).toBe(9900);
    expect(next(9900, 900)).toBe(10900);
    expect(next(5000, 300)).toBe(6250);
    expect(next(6250, 300)).toBe(7300);
    expect(next(7300, 300)).toBe(8300);
  });

  it('keeps a quiet task slower, from its previous deadline, off its place until it moves again', () => {
    const quiet = { failures: 0, unchanged: 3, etaInMs: undefined };
    expect(nextDeadline({ previous: 5000, now: 5010, state: quiet, phaseMs: 900 }, polling, mid)).toEqual({
      at: 6500,
      due: 6500,
      skipped: 0,
    });
  });
});

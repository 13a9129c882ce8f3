import { nextPollDelay } from '../../../src/live/poll-schedule';

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

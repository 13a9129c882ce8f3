import type { PollingConfig } from '../../../src/config/config';
import type { ExportTaskState } from '../../../src/domain/export-task';
import { ErrorCode } from '../../../src/errors/error-code';
import { ServiceError } from '../../../src/errors/service-error';
import { type Observation, TaskPoller } from '../../../src/live/task-poller';
import { ManualClock } from '../../../src/time/clock';
import { type Deferred, deferred } from '../../support/deferred';
import { memoryLogger } from '../../support/silent-logger';
import { taskState } from '../../support/task-state';

const POLLING: PollingConfig = { intervalMs: 1000, maxIntervalMs: 30_000 };

/**
 * A poller whose reads the test answers one by one, and whose channel answers `changed` to each
 * observation (by default: every observation is a change).
 */
function poller(options: { changed?: (o: Observation) => boolean; etaInMs?: () => number | undefined; phaseMs?: number } = {}) {
  const clock = new ManualClock(0);
  const lateness: number[] = [];
  const skipped: number[] = [];
  const reads: Array<{ at: number; first: boolean; answer: Deferred<ExportTaskState> }> = [];
  const observed: Array<{ at: number; observation: Observation }> = [];
  const p = new TaskPoller({
    read: (first) => {
      const answer = deferred<ExportTaskState>();
      reads.push({ at: clock.now(), first, answer });
      return answer.promise;
    },
    observe: (observation) => {
      observed.push({ at: clock.now(), observation });
      return options.changed?.(observation) ?? true;
    },
    etaInMs: options.etaInMs ?? (() => undefined),
    clock,
    polling: POLLING,
    logger: memoryLogger().logger,
    random: () => 0.5,
    metrics: { lateness: (ms) => lateness.push(ms), skipped: (n) => skipped.push(n) },
    phaseMs: options.phaseMs,
  });
  /** Answers the pending read (the last one) with a state, or fails it. */
  const answer = async (outcome: Partial<ExportTaskState> | ServiceError) => {
    const pending = reads[reads.length - 1]!.answer;
    if (outcome instanceof ServiceError) pending.reject(outcome);
    else pending.resolve(taskState({ observedAt: clock.now(), ...outcome }));
    await clock.advanceAsync(0);
  };
  return { p, clock, reads, observed, answer, lateness, skipped };
}

const unavailable = () => new ServiceError(ErrorCode.PROVIDER_UNAVAILABLE, 'down', { provider: 'tencent-tcss', retryable: true });

describe('TaskPoller', () => {
  it('reads at once (the first read may be served by the cache), then every interval upstream', async () => {
    const { p, clock, reads, answer } = poller();
    p.start();
    await clock.advanceAsync(0);
    await answer({ progress: 1 });
    await clock.advanceAsync(1000);
    await answer({ progress: 2 });
    await clock.advanceAsync(1000);
    expect(reads.map((r) => [r.at, r.first])).toEqual([
      [0, true],
      [1000, false],
      [2000, false],
    ]);
    p.stop();
  });

  it('times each deadline from the previous deadline: a read taking 300 ms does not push the next poll 300 ms later', async () => {
    const { p, clock, reads, answer, lateness } = poller();
    p.start();
    await clock.advanceAsync(300);
    await answer({ progress: 1 });
    await clock.advanceAsync(1000); // to 1300
    await answer({ progress: 2 });
    await clock.advanceAsync(700); // to 2000
    expect(reads.map((r) => r.at)).toEqual([0, 1000, 2000]);
    expect(lateness).toEqual([0, 0, 0]);
    p.stop();
  });

  it('after a long read polls its latest missed deadline at once, skips the others, and restarts the cadence from there', async () => {
    const { p, clock, reads, answer, lateness, skipped } = poller();
    p.start();
    await clock.advanceAsync(2600); // the provider takes 2.6 s: the deadlines at 1 s and 2 s pass meanwhile
    expect(reads).toHaveLength(1); // never two reads of one task at once
    await answer({ progress: 1 });
    expect(reads.map((r) => r.at)).toEqual([0, 2600]); // one read for both, not one per missed deadline
    await answer({ progress: 2 });
    await clock.advanceAsync(999);
    expect(reads).toHaveLength(2); // not bunched onto the old cadence (3 s)
    await clock.advanceAsync(1);
    expect(reads.map((r) => r.at)).toEqual([0, 2600, 3600]);
    expect(skipped).toEqual([1]);
    expect(lateness).toEqual([0, 600, 0]);
    p.stop();
  });

  it('polls at once when the read outlasted its next deadline by at most a quarter of the interval, and records how late', async () => {
    const { p, clock, reads, answer, lateness, skipped } = poller();
    p.start();
    await clock.advanceAsync(1200);
    await answer({ progress: 1 });
    expect(reads.map((r) => r.at)).toEqual([0, 1200]);
    await answer({ progress: 2 });
    await clock.advanceAsync(800); // back on the cadence: 2000, not 2200
    expect(reads.map((r) => r.at)).toEqual([0, 1200, 2000]);
    expect(lateness).toEqual([0, 200, 0]);
    expect(skipped).toEqual([]);
    p.stop();
  });

  it('polls at once, an interval later, then moves to its place in the interval, never less than an interval apart', async () => {
    const { p, clock, reads, answer } = poller({ phaseMs: 250 });
    p.start();
    await clock.advanceAsync(0);
    for (let i = 0; i < 4; i++) {
      await answer({ progress: i });
      await clock.advanceToNextTimer();
    }
    expect(reads.map((r) => r.at)).toEqual([0, 1000, 2250, 3250, 4250]);
    p.stop();
  });

  it('hands every outcome to the channel, failures as ServiceErrors', async () => {
    const { p, clock, observed, answer } = poller();
    p.start();
    await clock.advanceAsync(0);
    await answer({ progress: 5 });
    await clock.advanceAsync(1000);
    await answer(unavailable());
    expect(observed.map((o) => (o.observation.error ? o.observation.error.code : o.observation.state.progress))).toEqual([
      5,
      ErrorCode.PROVIDER_UNAVAILABLE,
    ]);
    p.stop();
  });

  it('backs off exponentially after failures, and returns to the interval after a success', async () => {
    const { p, clock, reads, answer } = poller();
    p.start();
    await clock.advanceAsync(0);
    for (let i = 0; i < 3; i++) {
      await answer(unavailable());
      await clock.advanceToNextTimer();
    }
    await answer({ progress: 1 });
    await clock.advanceToNextTimer();
    // random() = 0.5: no jitter; 1 s, 2 s, 4 s after the failures, then 1 s again.
    expect(reads.map((r) => r.at)).toEqual([0, 1000, 3000, 7000, 8000]);
    p.stop();
  });

  it('slows down while nothing changes (after three quiet reads), and speeds up at the first change', async () => {
    let changes = [true, false, false, false, false, true];
    const { p, clock, reads, answer } = poller({ changed: () => changes.shift() ?? true });
    p.start();
    await clock.advanceAsync(0);
    for (let i = 0; i < 6; i++) {
      await answer({ progress: 1 });
      await clock.advanceToNextTimer();
    }
    // After the 1st and 2nd quiet reads 1 s; after the 3rd 1.5 s, the 4th 2.25 s; after a change 1 s again.
    expect(reads.map((r) => r.at).slice(0, 7)).toEqual([0, 1000, 2000, 3000, 4500, 6750, 7750]);
    changes = [];
    p.stop();
  });

  it('counts the back-off from the end of a failed read: a slow failure is not retried at once', async () => {
    const { p, clock, reads, answer } = poller();
    p.start();
    await clock.advanceAsync(3000); // e.g. a timeout
    await answer(unavailable());
    await clock.advanceAsync(999);
    expect(reads).toHaveLength(1);
    await clock.advanceAsync(1);
    expect(reads.map((r) => r.at)).toEqual([0, 4000]);
    p.stop();
  });

  it('polls at the estimated completion (plus 50 ms) however long the read before took', async () => {
    const { p, clock, reads, answer } = poller({ etaInMs: () => 300 });
    p.start();
    await clock.advanceAsync(200); // answered at 200: the estimate is 500
    await answer({ progress: 90 });
    await clock.advanceToNextTimer();
    expect(reads.map((r) => r.at)).toEqual([0, 550]);
    p.stop();
  });

  it('polls at the estimated completion when it comes before the next interval', async () => {
    const { p, clock, reads, answer } = poller({ etaInMs: () => 300 });
    p.start();
    await clock.advanceAsync(0);
    await answer({ progress: 90 });
    await clock.advanceToNextTimer();
    expect(reads.map((r) => r.at)).toEqual([0, 350]);
    p.stop();
  });

  it('after stop() reports nothing, not even the read in flight, and reads no more', async () => {
    const { p, clock, reads, observed, answer } = poller();
    p.start();
    await clock.advanceAsync(0);
    p.stop();
    await answer({ progress: 1 });
    await clock.advanceAsync(60_000);
    expect(reads).toHaveLength(1);
    expect(observed).toHaveLength(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stops at once when the channel stops it while observing (a final event)', async () => {
    const { p, clock, reads } = poller({ changed: () => (p.stop(), true) });
    p.start();
    await clock.advanceAsync(0);
    reads[0]!.answer.resolve(taskState());
    await clock.advanceAsync(60_000);
    expect(reads).toHaveLength(1);
    expect(p.isStopped).toBe(true);
  });
});

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
function poller(options: { changed?: (o: Observation) => boolean; etaInMs?: () => number | undefined } = {}) {
  const clock = new ManualClock(0);
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
  });
  /** Answers the pending read (the last one) with a state, or fails it. */
  const answer = async (outcome: Partial<ExportTaskState> | ServiceError) => {
    const pending = reads[reads.length - 1]!.answer;
    if (outcome instanceof ServiceError) pending.reject(outcome);
    else pending.resolve(taskState({ observedAt: clock.now(), ...outcome }));
    await clock.advanceAsync(0);
  };
  return { p, clock, reads, observed, answer };
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

  it('times each read from the end of the previous one, never two reads of one task at once', async () => {
    const { p, clock, reads, answer } = poller();
    p.start();
    await clock.advanceAsync(0);
    await clock.advanceAsync(5000); // the provider takes 5 s to answer
    expect(reads).toHaveLength(1);
    await answer({ progress: 1 });
    await clock.advanceAsync(999);
    expect(reads).toHaveLength(1);
    await clock.advanceAsync(1);
    expect(reads.map((r) => r.at)).toEqual([0, 6000]);
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

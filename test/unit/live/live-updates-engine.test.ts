import type { PollingConfig } from '../../../src/config/config';
import { ExportStatus } from '../../../src/domain/export-task';
import { ErrorCode } from '../../../src/errors/error-code';
import { ServiceError } from '../../../src/errors/service-error';
import { LiveUpdatesEngine } from '../../../src/live/live-updates-engine';
import type { TaskEvent } from '../../../src/live/task-event';
import { ManualClock } from '../../../src/time/clock';
import { memoryLogger } from '../../support/silent-logger';
import { taskRef } from '../../support/task-ref';
import { FakeCoordinator } from './support/fake-coordinator';
import { type Answer, scriptedSource } from './support/scripted-source';

const POLLING: PollingConfig = { intervalMs: 1000, maxIntervalMs: 30_000 };
const A = taskRef('tencent-tcss', 'job-a');
const B = taskRef('tencent-tcss', 'job-b');

function engine(maxWatchedTasksPerTenant = 1000, maxSubscriptionsPerTenant?: number) {
  const clock = new ManualClock(0);
  const live = new LiveUpdatesEngine({
    coordinator: new FakeCoordinator(clock),
    clock,
    polling: POLLING,
    leaseMs: 0,
    logger: memoryLogger().logger,
    maxWatchedTasksPerTenant,
    ...(maxSubscriptionsPerTenant === undefined ? {} : { maxSubscriptionsPerTenant }),
  });
  return { clock, live };
}

/** Reads a stream in the background, recording its events and when it completed. */
function consume(stream: AsyncIterableIterator<TaskEvent>) {
  const got: TaskEvent[] = [];
  let completed = false;
  const done = (async () => {
    for await (const e of stream) got.push(e);
    completed = true;
  })();
  return { got, done, completed: () => completed, stream };
}

/** A script where each progress step is a new state, ending (optionally) terminal. */
const steps = (...progress: number[]): Answer[] => progress.map((p) => ({ progress: p }));
const done: Answer = { status: ExportStatus.SUCCEEDED, providerStatus: 'SUCCESS', progress: 100 };

describe('LiveUpdatesEngine', () => {
  it('polls a task once per interval however many subscriptions of its tenant watch it', async () => {
    const { clock, live } = engine();
    const { source, reads } = scriptedSource(clock, steps(1, 2, 3, 4, 5, 6));
    const subs = Array.from({ length: 50 }, () => consume(live.watch(source, [A])));
    await clock.advanceAsync(4000);
    expect(reads).toHaveLength(5);
    expect(live.activePollers).toBe(1);
    expect(live.activeStreams).toBe(50);
    for (const s of subs) expect(s.got.map((e) => e.state?.progress)).toEqual([1, 2, 3, 4, 5]);
    // Every subscriber gets the same event object per change (the transport renders it once).
    expect(new Set(subs.map((s) => s.got[2]))).toEqual(new Set([subs[0]!.got[2]]));
    live.dispose();
  });

  it("spreads the polls of one tenant's provider evenly over the interval, each task's first read at once", async () => {
    const { clock, live } = engine();
    const { source, reads } = scriptedSource(clock, steps(...Array.from({ length: 100 }, (_, i) => i)));
    const tencent = ['j0', 'j1', 'j2', 'j3'].map((id) => taskRef('tencent-tcss', id));
    const alibaba = taskRef('alibaba-sas', '131231');
    const sub = consume(live.watch(source, [...tencent, alibaba]));
    await clock.advanceAsync(5999);
    const at = (task: { id: string }) => reads.filter((r) => r.task.id === task.id).map((r) => r.at);
    for (const t of [...tencent, alibaba]) expect(at(t)[0]).toBe(0);
    // Four tasks of one budget: within a few intervals, four places a quarter of an interval apart, each
    // task read once per interval, on its way there never less than an interval nor more than 1¼ apart.
    expect(tencent.map((t) => at(t).filter((a) => a >= 5000))).toEqual([[5000], [5500], [5250], [5750]]);
    for (const t of tencent) {
      const gaps = at(t)
        .slice(1)
        .map((a, i) => a - at(t)[i]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(1250);
    }
    // Another provider is another budget: its first task takes the first place of its own.
    expect(at(alibaba)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    live.dispose();
    await sub.done;
  });

  it("never shares a channel between tenants: each tenant's task is read with its own source", async () => {
    const { clock, live } = engine();
    const a = scriptedSource(clock, steps(1), 'team-a');
    const b = scriptedSource(clock, steps(2), 'team-b');
    const sa = consume(live.watch(a.source, [A]));
    const sb = consume(live.watch(b.source, [A]));
    await clock.advanceAsync(2000);
    expect([a.reads.length, b.reads.length]).toEqual([3, 3]);
    expect([sa.got[0]!.state?.progress, sb.got[0]!.state?.progress]).toEqual([1, 2]);
    expect(live.activePollers).toBe(2);
    live.dispose();
  });

  it('completes a stream when every task in it is final, and stops polling them', async () => {
    const { clock, live } = engine();
    const { source, reads } = scriptedSource(clock, [{ progress: 10 }, done]);
    const s = consume(live.watch(source, [A, B]));
    await clock.advanceAsync(5000);
    await s.done;
    expect(s.completed()).toBe(true);
    expect(s.got.filter((e) => e.final).map((e) => e.task.id)).toEqual(expect.arrayContaining([A.id, B.id]));
    expect(live.activePollers).toBe(0);
    expect(live.activeStreams).toBe(0);
    const after = reads.length;
    await clock.advanceAsync(60_000);
    expect(reads).toHaveLength(after);
  });

  it('stops polling within one interval of the last subscriber leaving, not before', async () => {
    const { clock, live } = engine();
    const { source, reads } = scriptedSource(clock, steps(1, 2, 3, 4, 5, 6, 7, 8, 9));
    const first = consume(live.watch(source, [A]));
    const second = consume(live.watch(source, [A]));
    await clock.advanceAsync(1500);
    await first.stream.return!();
    await clock.advanceAsync(2000);
    expect(live.activePollers).toBe(1);
    const whileWatched = reads.length;
    await second.stream.return!();
    expect(live.activePollers).toBe(0);
    await clock.advanceAsync(60_000);
    expect(reads).toHaveLength(whileWatched);
    expect(clock.pendingTimers).toBe(0);
  });

  it('ends only the failed task of a stream on a final error; the others go on', async () => {
    const { clock, live } = engine();
    const notFound = new ServiceError(ErrorCode.NOT_FOUND, 'no such job', { provider: 'tencent-tcss', retryable: false });
    const a = scriptedSource(clock, [notFound]);
    const b = scriptedSource(clock, steps(1, 2, 3));
    const sa = consume(live.watch(a.source, [A]));
    const sb = consume(live.watch(b.source, [B]));
    // B's third read is on its way to its place, ½ interval in (after A's): 1¼ intervals after the second.
    await clock.advanceAsync(2250);
    await sa.done;
    expect(sa.got.map((e) => [e.error?.code, e.final])).toEqual([[ErrorCode.NOT_FOUND, true]]);
    expect(sb.got.map((e) => e.state?.progress)).toEqual([1, 2, 3]);
    expect(sb.completed()).toBe(false);
    live.dispose();
  });

  it('dispose ends every stream and stops every poller', async () => {
    const { clock, live } = engine();
    const { source, reads } = scriptedSource(clock, steps(1, 2));
    const s = consume(live.watch(source, [A]));
    await clock.advanceAsync(1000);
    live.dispose();
    await s.done;
    expect(s.completed()).toBe(true);
    const after = reads.length;
    await clock.advanceAsync(10_000);
    expect(reads).toHaveLength(after);
  });

  it('refuses a subscription that would take its tenant beyond the watched-task bound, before any read; tasks it watches already are free', async () => {
    const { clock, live } = engine(3);
    const a = scriptedSource(clock, steps(1), 'team-a');
    const b = scriptedSource(clock, steps(1), 'team-b');
    const t = (id: string) => taskRef('tencent-tcss', id);
    consume(live.watch(a.source, [t('1'), t('2')]));
    expect(() => live.watch(a.source, [t('2'), t('3'), t('4')])).toThrow(
      'Too many watched tasks: this tenant watches 2 and this subscription would add 2, but one tenant may watch at most 3 tasks at once; end some subscriptions first',
    );
    const refused = (() => {
      try {
        live.watch(a.source, [t('3'), t('4')]);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(refused).toMatchObject({ code: ErrorCode.RATE_LIMITED });
    const again = consume(live.watch(a.source, [t('1'), t('2'), t('3')])); // one more: at the bound
    consume(live.watch(b.source, [t('1'), t('2'), t('3')])); // another tenant has its own bound
    await clock.advanceAsync(0);
    expect(a.reads.map((r) => r.task.providerTaskId).sort()).toEqual(['1', '2', '3']);
    expect(() => live.watch(a.source, [t('4')])).toThrow('Too many watched tasks');
    await again.stream.return!(); // task 3 is watched by nobody any more: its place is free
    expect(() => consume(live.watch(a.source, [t('4')]))).not.toThrow();
    live.dispose();
  });

  it('refuses a subscription beyond the subscription bound of its tenant, whatever its tasks; an ended one frees its place', async () => {
    const { clock, live } = engine(1000, 2);
    const a = scriptedSource(clock, steps(1), 'team-a');
    const b = scriptedSource(clock, steps(1), 'team-b');
    const first = consume(live.watch(a.source, [A]));
    consume(live.watch(a.source, [A])); // the same task again: a second subscription all the same
    expect(() => live.watch(a.source, [B])).toThrow(
      'Too many subscriptions: this tenant holds 2, and one tenant may hold at most 2 at once (over WebSocket, SSE and multipart HTTP together); end some first',
    );
    expect(() => consume(live.watch(b.source, [A]))).not.toThrow(); // another tenant has its own bound
    await clock.advanceAsync(0);
    expect(a.reads.map((r) => r.task.providerTaskId)).toEqual(['job-a']); // the refused one read nothing
    await first.stream.return!();
    expect(() => consume(live.watch(a.source, [B]))).not.toThrow();
    expect(() => live.watch(a.source, [B])).toThrow('Too many subscriptions');
    live.dispose();
  });

  it('frees the place of a subscription whose stream ends by itself (its tasks all final)', async () => {
    const { clock, live } = engine(1000, 1);
    const a = scriptedSource(clock, [done], 'team-a');
    const s = consume(live.watch(a.source, [A]));
    await clock.advanceAsync(0);
    await s.done;
    expect(s.completed()).toBe(true);
    expect(() => consume(live.watch(a.source, [B]))).not.toThrow();
    live.dispose();
  });
});

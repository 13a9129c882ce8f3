import type { CacheConfig } from '../../../src/config/config';
import { ExportStatus, type ExportTaskState } from '../../../src/domain/export-task';
import type { TaskRef } from '../../../src/domain/task-ref';
import { ErrorCode } from '../../../src/errors/error-code';
import type { ServiceError } from '../../../src/errors/service-error';
import { CompletionEstimator } from '../../../src/loading/completion-estimator';
import { type CacheTenant, TaskCache } from '../../../src/loading/task-cache';
import type { CallPriority } from '../../../src/quota/request-budget';
import { CallerGone } from '../../../src/tasks/task-service';
import { deadlineReason } from '../../../src/tenancy/abandoned';
import type { GatewayCallOptions } from '../../../src/tenancy/provider-gateway';
import { ManualClock } from '../../../src/time/clock';
import { taskRef } from '../../support/task-ref';
import { taskState } from '../../support/task-state';

const CONFIG: CacheConfig = { freshMs: 1000, terminalMs: 60_000, maxEntries: 3 };
const JOB = taskRef('tencent-tcss', 'job-1');

/** A tenant whose gateway answers each read from `answer`, recording the reads; resolve them with `settle`. */
function tenant(id: string, clock: ManualClock) {
  const reads: Array<{
    task: TaskRef;
    options: GatewayCallOptions | undefined;
    priority: CallPriority | undefined;
    resolve: (s: ExportTaskState) => void;
  }> = [];
  const t: CacheTenant = {
    id,
    gateway: () => ({
      read: (task, options) =>
        new Promise<ExportTaskState>((resolve) => reads.push({ task, options, priority: options?.priority, resolve })),
    }),
  };
  /** Answers the oldest pending read with a state observed now. */
  const settle = (overrides: Partial<ExportTaskState> = {}) =>
    reads.shift()!.resolve(taskState({ providerTaskId: 'job-1', observedAt: clock.now(), ...overrides }));
  return { t, reads, settle };
}

function cache(clock: ManualClock, config: CacheConfig = CONFIG) {
  return new TaskCache(config, clock, new CompletionEstimator(100));
}

describe('TaskCache', () => {
  it('serves a running state for freshMs after it was observed, then reads again', async () => {
    const clock = new ManualClock(0);
    const c = cache(clock);
    const a = tenant('team-a', clock);
    const first = c.read(a.t, JOB);
    a.settle({ progress: 10 });
    expect((await first).progress).toBe(10);
    clock.advance(1000);
    expect(c.peek('team-a', JOB)?.progress).toBe(10);
    await expect(c.read(a.t, JOB)).resolves.toMatchObject({ progress: 10 });
    expect(a.reads).toHaveLength(0);
    clock.advance(1);
    expect(c.peek('team-a', JOB)).toBeUndefined();
    void c.read(a.t, JOB);
    expect(a.reads).toHaveLength(1);
  });

  it('keeps a terminal state for terminalMs, not freshMs: it will not change', () => {
    const clock = new ManualClock(0);
    const c = cache(clock);
    c.store('team-a', taskState({ providerTaskId: 'job-1', status: ExportStatus.SUCCEEDED, observedAt: 0 }));
    clock.advance(CONFIG.freshMs + 1);
    expect(c.peek('team-a', JOB)?.status).toBe(ExportStatus.SUCCEEDED);
    clock.advance(CONFIG.terminalMs - CONFIG.freshMs - 1);
    expect(c.peek('team-a', JOB)?.status).toBe(ExportStatus.SUCCEEDED);
    clock.advance(1);
    expect(c.peek('team-a', JOB)).toBeUndefined();
  });

  it('never lets an older observation replace a newer one (reads complete out of order)', () => {
    const clock = new ManualClock(100);
    const c = cache(clock);
    c.store('team-a', taskState({ providerTaskId: 'job-1', progress: 60, observedAt: 100 }));
    c.store('team-a', taskState({ providerTaskId: 'job-1', progress: 40, observedAt: 90 }));
    expect(c.peek('team-a', JOB)?.progress).toBe(60);
    c.store('team-a', taskState({ providerTaskId: 'job-1', progress: 70, observedAt: 110 }));
    expect(c.peek('team-a', JOB)?.progress).toBe(70);
  });

  it('shares one upstream read among concurrent readers of a (tenant, task), and reads again after it settled', async () => {
    const clock = new ManualClock(0);
    const c = cache(clock, { ...CONFIG, freshMs: 0 });
    const a = tenant('team-a', clock);
    const readers = [c.read(a.t, JOB), c.read(a.t, JOB), c.readThrough(a.t, JOB, { priority: 'background' })];
    expect(a.reads).toHaveLength(1);
    expect(a.reads[0]!.priority).toBe('interactive');
    a.settle({ progress: 33 });
    expect((await Promise.all(readers)).map((s) => s.progress)).toEqual([33, 33, 33]);
    clock.advance(1);
    void c.readThrough(a.t, JOB, { priority: 'background' });
    expect(a.reads.map((r) => r.priority)).toEqual(['background']);
  });

  it('never shares a state or a read between tenants', async () => {
    const clock = new ManualClock(0);
    const c = cache(clock);
    const a = tenant('team-a', clock);
    const b = tenant('team-b', clock);
    const ra = c.read(a.t, JOB);
    const rb = c.read(b.t, JOB);
    expect([a.reads.length, b.reads.length]).toEqual([1, 1]);
    a.settle({ progress: 1 });
    b.settle({ progress: 2 });
    expect([(await ra).progress, (await rb).progress]).toEqual([1, 2]);
    expect(c.peek('team-a', JOB)?.progress).toBe(1);
    expect(c.peek('team-b', JOB)?.progress).toBe(2);
  });

  it('holds at most maxEntries states, the least recently used going first', () => {
    const clock = new ManualClock(0);
    const c = cache(clock);
    for (const id of ['a', 'b', 'c', 'd']) c.store('team-a', taskState({ providerTaskId: id, observedAt: 0 }));
    expect(c.size).toBe(3);
    expect(c.peek('team-a', taskRef('tencent-tcss', 'a'))).toBeUndefined();
    expect(c.peek('team-a', taskRef('tencent-tcss', 'd'))).toBeDefined();
  });

  it('forgets a failed read: the next reader reads again', async () => {
    const clock = new ManualClock(0);
    const c = cache(clock);
    let calls = 0;
    const failing: CacheTenant = { id: 'team-a', gateway: () => ({ read: async () => Promise.reject(new Error(`down ${++calls}`)) }) };
    await expect(c.read(failing, JOB)).rejects.toThrow('down 1');
    await expect(c.read(failing, JOB)).rejects.toThrow('down 2');
    expect(c.size).toBe(0);
  });

  it('lets a reader whose caller left stop waiting at once, while the others keep the shared read', async () => {
    const clock = new ManualClock(0);
    const c = cache(clock, { ...CONFIG, freshMs: 0 });
    const a = tenant('team-a', clock);
    const gone = new AbortController();
    const leaving = c.read(a.t, JOB, { signal: gone.signal }).catch((e: ServiceError) => e);
    const staying = c.read(a.t, JOB, { signal: new AbortController().signal });
    expect(a.reads).toHaveLength(1);
    gone.abort(new CallerGone());
    expect(await leaving).toMatchObject({ code: ErrorCode.PROVIDER_UNAVAILABLE, message: expect.stringContaining('nobody waits') });
    expect(a.reads[0]!.options?.signal?.aborted).toBe(false);
    a.settle({ progress: 5 });
    await expect(staying).resolves.toMatchObject({ progress: 5 });
  });

  it('abandons the upstream read when its last reader left, and the next reader starts a read of its own', async () => {
    const clock = new ManualClock(0);
    const c = cache(clock, { ...CONFIG, freshMs: 0 });
    const a = tenant('team-a', clock);
    const one = new AbortController();
    const two = new AbortController();
    const r1 = c.read(a.t, JOB, { signal: one.signal }).catch(() => 'left');
    const r2 = c.read(a.t, JOB, { signal: two.signal }).catch(() => 'left');
    one.abort(new CallerGone());
    expect(a.reads[0]!.options?.signal?.aborted).toBe(false);
    two.abort(new CallerGone());
    expect(await Promise.all([r1, r2])).toEqual(['left', 'left']);
    expect(a.reads[0]!.options?.signal?.aborted).toBe(true);
    const again = c.read(a.t, JOB);
    expect(a.reads).toHaveLength(2);
    a.reads[1]!.resolve(taskState({ providerTaskId: 'job-1', progress: 9, observedAt: clock.now() }));
    await expect(again).resolves.toMatchObject({ progress: 9 });
  });

  it("fails a reader with PROVIDER_TIMEOUT when its operation's deadline passes, and tells the gateway how long it may wait", async () => {
    const clock = new ManualClock(0);
    const c = cache(clock, { ...CONFIG, freshMs: 0 });
    const a = tenant('team-a', clock);
    const operation = new AbortController();
    clock.setTimer(() => operation.abort(deadlineReason()), 30_000); // as the task service does
    const late = c.read(a.t, JOB, { signal: operation.signal, deadline: 30_000 }).catch((e: ServiceError) => e);
    expect(a.reads[0]!.options?.maxWaitMs).toBe(30_000);
    await clock.advanceAsync(29_999);
    expect(a.reads[0]!.options?.signal?.aborted).toBe(false);
    await clock.advanceAsync(1);
    expect(await late).toMatchObject({
      code: ErrorCode.PROVIDER_TIMEOUT,
      message: "Tencent Cloud Container Security Service did not answer within the operation's deadline",
      provider: { provider: 'tencent-tcss', retryable: true },
    });
    expect(a.reads[0]!.options?.signal?.aborted).toBe(true);
  });
});

describe('TaskCache.readMany', () => {
  /** A tenant whose gateway has `readMany`, recording each batch; `finish` answers the oldest batch. */
  function batchingTenant(id: string, clock: ManualClock) {
    const batches: Array<{ ids: string[]; resolve: Array<(s: ExportTaskState) => void>; signals: AbortSignal[] }> = [];
    const singles: string[] = [];
    const t: CacheTenant = {
      id,
      gateway: () => ({
        read: (task) => {
          singles.push(task.providerTaskId);
          return Promise.resolve(taskState({ providerTaskId: task.providerTaskId, observedAt: clock.now() }));
        },
        readMany: (items) => {
          const batch = {
            ids: items.map((i) => i.task.providerTaskId),
            resolve: [] as Array<(s: ExportTaskState) => void>,
            signals: items.map((i) => i.signal),
          };
          batches.push(batch);
          return items.map(() => new Promise<ExportTaskState>((resolve) => batch.resolve.push(resolve)));
        },
      }),
    };
    const finish = () => {
      const b = batches.shift()!;
      b.ids.forEach((providerTaskId, i) => b.resolve[i]!(taskState({ providerTaskId, progress: 40, observedAt: clock.now() })));
    };
    return { t, batches, singles, finish };
  }
  const job = (n: number) => taskRef('tencent-tcss', `job-${n}`);

  it('serves what is fresh, joins what is in flight, and reads the rest as one batch whose states fill the cache under the tenant', async () => {
    const clock = new ManualClock(0);
    const c = cache(clock, { ...CONFIG, maxEntries: 100 });
    const a = batchingTenant('team-a', clock);
    c.store('team-a', taskState({ providerTaskId: 'job-1', progress: 90, observedAt: 0 }));
    const inflight = c.read(a.t, job(2)); // a single read in flight (through `read`)
    const reads = c.readMany(a.t, [job(1), job(2), job(3), job(4), job(3)]);
    expect(a.singles).toEqual(['job-2']);
    expect(a.batches.map((b) => b.ids)).toEqual([['job-3', 'job-4']]);
    a.finish();
    const states = await Promise.all(reads);
    expect(states.map((s) => [s.providerTaskId, s.progress])).toEqual([
      ['job-1', 90],
      ['job-2', null],
      ['job-3', 40],
      ['job-4', 40],
      ['job-3', 40],
    ]);
    await inflight;
    expect(c.peek('team-a', job(4))?.progress).toBe(40);
    expect(c.peek('team-b', job(4))).toBeUndefined();
  });

  it('a lone miss of a provider is one read, not a batch; a reader joining a batched task shares its read', async () => {
    const clock = new ManualClock(0);
    const c = cache(clock, { ...CONFIG, maxEntries: 100 });
    const a = batchingTenant('team-a', clock);
    await Promise.all(c.readMany(a.t, [job(7)]));
    expect(a.singles).toEqual(['job-7']);
    const batch = c.readMany(a.t, [job(8), job(9)]);
    const joined = c.read(a.t, job(9));
    expect(a.singles).toEqual(['job-7']);
    a.finish();
    await expect(joined).resolves.toMatchObject({ providerTaskId: 'job-9', progress: 40 });
    await Promise.all(batch);
  });

  it('each task of a batch has its own signal, aborted when its last reader left', async () => {
    const clock = new ManualClock(0);
    const c = cache(clock, { ...CONFIG, maxEntries: 100 });
    const a = batchingTenant('team-a', clock);
    const op = new AbortController();
    const reads = c.readMany(a.t, [job(1), job(2)], { signal: op.signal });
    const signals = a.batches[0]!.signals;
    expect(signals.map((s) => s.aborted)).toEqual([false, false]);
    op.abort(new CallerGone());
    expect(signals.map((s) => s.aborted)).toEqual([true, true]);
    const settled = await Promise.allSettled(reads);
    expect(settled.map((r) => r.status === 'rejected' && (r.reason as ServiceError).code)).toEqual([
      ErrorCode.PROVIDER_UNAVAILABLE,
      ErrorCode.PROVIDER_UNAVAILABLE,
    ]);
  });
});

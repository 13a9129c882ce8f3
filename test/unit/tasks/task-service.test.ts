import type { ExportTaskState } from '../../../src/domain/export-task';
import type { TaskRef } from '../../../src/domain/task-ref';
import { ErrorCode } from '../../../src/errors/error-code';
import type { ServiceError } from '../../../src/errors/service-error';
import type { LiveUpdates } from '../../../src/live/live-updates';
import { CompletionEstimator } from '../../../src/loading/completion-estimator';
import { TaskCache } from '../../../src/loading/task-cache';
import { createTaskService, type OperationEnd } from '../../../src/tasks/task-service';
import type { GatewayCallOptions } from '../../../src/tenancy/provider-gateway';
import type { TenantRuntime } from '../../../src/tenancy/tenant-runtime';
import { ManualClock } from '../../../src/time/clock';
import { taskRef } from '../../support/task-ref';
import { taskState } from '../../support/task-state';

const TIMEOUT_MS = 30_000;
const JOB = taskRef('tencent-tcss', 'job-1');

/** A task service of one operation over a tenant whose upstream reads the test answers (or never does). */
function operation(onEnd?: OperationEnd) {
  const clock = new ManualClock(0);
  const reads: Array<{ task: TaskRef; options: GatewayCallOptions | undefined }> = [];
  const tenant = {
    id: 'team-a',
    gateway: () => ({
      read: (task: TaskRef, options?: GatewayCallOptions) => {
        reads.push({ task, options });
        return new Promise<ExportTaskState>(() => undefined); // the provider never answers
      },
    }),
    requireConfigured: () => ({}),
  } as unknown as TenantRuntime;
  const estimator = new CompletionEstimator(10);
  const cache = new TaskCache({ freshMs: 1000, terminalMs: 60_000, maxEntries: 10 }, clock, estimator);
  const deps = { cache, estimator, live: {} as LiveUpdates, clock, operationTimeoutMs: TIMEOUT_MS };
  return { clock, cache, reads, tasks: createTaskService(tenant, deps, onEnd) };
}

describe('task service: an operation and its deadline', () => {
  it('fails the fields still waiting at the deadline with PROVIDER_TIMEOUT, and abandons their reads', async () => {
    const { clock, reads, tasks } = operation(() => undefined);
    const field = tasks.load(JOB).catch((e: ServiceError) => e);
    await clock.advanceAsync(0);
    expect(reads).toHaveLength(1);
    expect(reads[0]!.options?.maxWaitMs).toBe(TIMEOUT_MS);
    await clock.advanceAsync(TIMEOUT_MS - 1);
    expect(reads[0]!.options?.signal?.aborted).toBe(false);
    await clock.advanceAsync(1);
    expect(await field).toMatchObject({ code: ErrorCode.PROVIDER_TIMEOUT, provider: { provider: 'tencent-tcss', retryable: true } });
    expect(reads[0]!.options?.signal?.aborted).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stops waiting as soon as its caller goes, and leaves no deadline timer behind', async () => {
    let end: ((callerGone: boolean) => void) | undefined;
    const { clock, reads, tasks } = operation((listener) => (end = listener));
    const field = tasks.load(JOB).catch((e: ServiceError) => e);
    await clock.advanceAsync(0);
    end!(true);
    expect(await field).toMatchObject({ code: ErrorCode.PROVIDER_UNAVAILABLE, message: expect.stringContaining('nobody waits') });
    expect(reads[0]!.options?.signal?.aborted).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stops its deadline timer once it has answered, without aborting anything', async () => {
    let end: ((callerGone: boolean) => void) | undefined;
    const { clock, reads, cache, tasks } = operation((listener) => (end = listener));
    const field = tasks.load(JOB);
    await clock.advanceAsync(0);
    cache.store('team-a', taskState({ providerTaskId: 'job-1', progress: 1, observedAt: 0 })); // another reader's answer
    expect(clock.pendingTimers).toBe(1);
    end!(false);
    expect(clock.pendingTimers).toBe(0);
    expect(reads[0]!.options?.signal?.aborted).toBe(false);
    void field;
  });

  it('asks for no signal and sets no timer for an answer the cache already has', async () => {
    let asked = 0;
    const { clock, cache, tasks } = operation(() => void asked++);
    cache.store('team-a', taskState({ providerTaskId: 'job-1', progress: 3, observedAt: 0 }));
    await expect(tasks.load(JOB)).resolves.toMatchObject({ progress: 3 });
    expect(asked).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });
});

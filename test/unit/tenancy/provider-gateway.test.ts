import { DEFAULT_RESILIENCE, type ResilienceConfig } from '../../../src/config/config';
import type { ExportTaskState } from '../../../src/domain/export-task';
import { ErrorCode } from '../../../src/errors/error-code';
import { ServiceError } from '../../../src/errors/service-error';
import type { ProviderClient } from '../../../src/providers/provider';
import { tcssDescriptor } from '../../../src/providers/tencent-tcss/descriptor';
import { RateBudget } from '../../../src/quota/rate-budget';
import { CallerGone } from '../../../src/tasks/task-service';
import { ProviderGateway } from '../../../src/tenancy/provider-gateway';
import { ManualClock, systemClock } from '../../../src/time/clock';
import { memoryLogger } from '../../support/silent-logger';
import { taskRef } from '../../support/task-ref';
import { taskState } from '../../support/task-state';

const state = (id: string): ExportTaskState => taskState({ providerTaskId: id, progress: 50, observedAt: Date.now(), requestId: 'req-1' });

const failure = (code: ErrorCode, retryable: boolean, extra: { retryAfterSeconds?: number; providerCode?: string } = {}) =>
  new ServiceError(code, `Tencent Cloud failed with ${code}`, { provider: 'tencent-tcss', retryable, ...extra });

/** What the provider does on each call, in order; the last step repeats. */
type Step = ExportTaskState | ServiceError | { delayMs: number; then: ExportTaskState | ServiceError };

/** A provider client scripted call by call, recording when each call came. */
function scripted(steps: Step[]) {
  const calls: number[] = [];
  const client: ProviderClient = {
    descriptor: tcssDescriptor,
    async read() {
      const step = steps[Math.min(calls.length, steps.length - 1)]!;
      calls.push(Date.now());
      const outcome = 'delayMs' in step ? (await new Promise((r) => setTimeout(r, step.delayMs)), step.then) : step;
      if (outcome instanceof ServiceError) throw outcome;
      return outcome;
    },
  };
  return { client, calls };
}

const FAST: ResilienceConfig = { retries: 2, retryBaseDelayMs: 1, retryMaxDelayMs: 2000, breakerFailures: 3, breakerHalfOpenMs: 200 };

function gateway(client: ProviderClient, resilience: ResilienceConfig = FAST, maxRequestsPerSecond = 10_000) {
  const { logger, lines } = memoryLogger();
  const budget = new RateBudget(maxRequestsPerSecond, systemClock);
  const g = new ProviderGateway(client, systemClock, { budget, resilience, tenantId: 'team-a', logger, random: () => 0.5 });
  return { g, lines };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: ServiceError) => e.code,
  );

describe('ProviderGateway retries', () => {
  it('retries a throttled call after the Retry-After the provider asked for, then succeeds', async () => {
    const { client, calls } = scripted([failure(ErrorCode.PROVIDER_RATE_LIMITED, true, { retryAfterSeconds: 1 }), state('t1')]);
    const { g } = gateway(client);
    await expect(g.read(taskRef('tencent-tcss', 't1'))).resolves.toMatchObject({ providerTaskId: 't1' });
    expect(calls).toHaveLength(2);
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(990);
    g.dispose();
  });

  it('retries 5xx and network failures at most `retries` times, each attempt taking from the budget', async () => {
    const { client, calls } = scripted([failure(ErrorCode.PROVIDER_UNAVAILABLE, true, { providerCode: 'InternalError' })]);
    const { g, lines } = gateway(client, { ...FAST, breakerFailures: 100 });
    const acquire = jest.spyOn(g.budget, 'acquire');
    const err = await g.read(taskRef('tencent-tcss', 't1')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).code).toBe(ErrorCode.PROVIDER_UNAVAILABLE);
    expect(calls).toHaveLength(3);
    expect(acquire).toHaveBeenCalledTimes(3);
    expect(lines.filter((l) => l.includes('retrying upstream call'))).toHaveLength(2);
    g.dispose();
  });

  it('spaces retries exponentially', async () => {
    const { client, calls } = scripted([failure(ErrorCode.PROVIDER_UNAVAILABLE, true)]);
    const { g } = gateway(client, { ...FAST, retryBaseDelayMs: 40, breakerFailures: 100 });
    await codeOf(g.read(taskRef('tencent-tcss', 't1')));
    // random() = 0.5: 3/4 of 40 ms, then 3/4 of 80 ms.
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(29);
    expect(calls[2]! - calls[1]!).toBeGreaterThanOrEqual(59);
    g.dispose();
  });

  it.each([
    ['NOT_FOUND', failure(ErrorCode.NOT_FOUND, false)],
    ['PROVIDER_AUTH_FAILED', failure(ErrorCode.PROVIDER_AUTH_FAILED, false)],
    ['PROVIDER_FORBIDDEN', failure(ErrorCode.PROVIDER_FORBIDDEN, false)],
    ['PROVIDER_BAD_RESPONSE', failure(ErrorCode.PROVIDER_BAD_RESPONSE, true)],
    ['PROVIDER_TIMEOUT', failure(ErrorCode.PROVIDER_TIMEOUT, true)],
    ['a 5xx the provider marks not retryable', failure(ErrorCode.PROVIDER_UNAVAILABLE, false)],
  ])('never retries %s', async (_name, err) => {
    const { client, calls } = scripted([err]);
    const { g } = gateway(client);
    expect(await codeOf(g.read(taskRef('tencent-tcss', 't1')))).toBe(err.code);
    expect(calls).toHaveLength(1);
    g.dispose();
  });

  it('does not wait for a Retry-After longer than retryMaxDelayMs: the caller gets the throttle at once', async () => {
    const { client, calls } = scripted([failure(ErrorCode.PROVIDER_RATE_LIMITED, true, { retryAfterSeconds: 30 })]);
    const { g } = gateway(client);
    expect(await codeOf(g.read(taskRef('tencent-tcss', 't1')))).toBe(ErrorCode.PROVIDER_RATE_LIMITED);
    expect(calls).toHaveLength(1);
    g.dispose();
  });

  it('retries nothing with retries: 0', async () => {
    const { client, calls } = scripted([failure(ErrorCode.PROVIDER_UNAVAILABLE, true)]);
    const { g } = gateway(client, { ...FAST, retries: 0 });
    await codeOf(g.read(taskRef('tencent-tcss', 't1')));
    expect(calls).toHaveLength(1);
    g.dispose();
  });
});

describe('ProviderGateway circuit breaker', () => {
  it('opens after breakerFailures consecutive timeouts, then refuses without calling the provider', async () => {
    const { client, calls } = scripted([failure(ErrorCode.PROVIDER_TIMEOUT, true)]);
    const { g, lines } = gateway(client);
    for (let i = 0; i < 3; i++) expect(await codeOf(g.read(taskRef('tencent-tcss', 't1')))).toBe(ErrorCode.PROVIDER_TIMEOUT);
    expect(g.circuit).toBe('open');
    const refused = (await g.read(taskRef('tencent-tcss', 't1')).catch((e: unknown) => e)) as ServiceError;
    expect(refused.code).toBe(ErrorCode.PROVIDER_UNAVAILABLE);
    expect(refused.message).toBe(
      'Tencent Cloud Container Security Service is unavailable: the circuit is open after 3 consecutive failures, so no call is made; the next probe is in 1 s',
    );
    expect(refused.provider).toMatchObject({ provider: 'tencent-tcss', retryable: true });
    expect(calls).toHaveLength(3);
    const health = g.health.snapshot();
    expect(health).toMatchObject({ state: 'DOWN', circuitOpen: true, errorRate: 1 });
    expect(health.lastError?.code).toBe(ErrorCode.PROVIDER_TIMEOUT);
    expect(lines.some((l) => l.includes('circuit opened') && l.includes('"code":"PROVIDER_TIMEOUT"'))).toBe(true);
    g.dispose();
  });

  it('counts retried attempts: one query over a failing provider is three failures', async () => {
    const { client, calls } = scripted([failure(ErrorCode.PROVIDER_UNAVAILABLE, true)]);
    const { g } = gateway(client);
    expect(await codeOf(g.read(taskRef('tencent-tcss', 't1')))).toBe(ErrorCode.PROVIDER_UNAVAILABLE);
    expect(calls).toHaveLength(3);
    expect(g.circuit).toBe('open');
    g.dispose();
  });

  it('half-opens after breakerHalfOpenMs: a successful probe closes the circuit', async () => {
    const { client, calls } = scripted([
      failure(ErrorCode.PROVIDER_TIMEOUT, true),
      failure(ErrorCode.PROVIDER_TIMEOUT, true),
      failure(ErrorCode.PROVIDER_TIMEOUT, true),
      state('t1'),
    ]);
    const { g, lines } = gateway(client);
    for (let i = 0; i < 3; i++) await codeOf(g.read(taskRef('tencent-tcss', 't1')));
    expect(await codeOf(g.read(taskRef('tencent-tcss', 't1')))).toBe(ErrorCode.PROVIDER_UNAVAILABLE);
    await new Promise((r) => setTimeout(r, 220));
    await expect(g.read(taskRef('tencent-tcss', 't1'))).resolves.toMatchObject({ providerTaskId: 't1' });
    expect(g.circuit).toBe('closed');
    expect(g.health.snapshot().circuitOpen).toBe(false);
    expect(calls).toHaveLength(4);
    expect(lines.some((l) => l.includes('circuit closed'))).toBe(true);
    g.dispose();
  });

  it('re-opens when the probe fails', async () => {
    const { client, calls } = scripted([failure(ErrorCode.PROVIDER_UNAVAILABLE, true, { providerCode: 'InternalError' })]);
    const { g } = gateway(client, { ...FAST, retries: 0 });
    for (let i = 0; i < 3; i++) await codeOf(g.read(taskRef('tencent-tcss', 't1')));
    await new Promise((r) => setTimeout(r, 220));
    expect(await codeOf(g.read(taskRef('tencent-tcss', 't1')))).toBe(ErrorCode.PROVIDER_UNAVAILABLE); // the probe, upstream
    expect(calls).toHaveLength(4);
    expect(g.circuit).toBe('open');
    expect(await codeOf(g.read(taskRef('tencent-tcss', 't1')))).toBe(ErrorCode.PROVIDER_UNAVAILABLE); // refused
    expect(calls).toHaveLength(4);
    g.dispose();
  });

  it.each([
    ErrorCode.PROVIDER_AUTH_FAILED,
    ErrorCode.PROVIDER_FORBIDDEN,
    ErrorCode.PROVIDER_BAD_RESPONSE,
    ErrorCode.NOT_FOUND,
    ErrorCode.PROVIDER_RATE_LIMITED,
  ])('never opens on %s: the precise error keeps reaching the caller', async (code) => {
    const { client, calls } = scripted([failure(code, false)]);
    const { g } = gateway(client);
    for (let i = 0; i < 10; i++) expect(await codeOf(g.read(taskRef('tencent-tcss', 't1')))).toBe(code);
    expect(calls).toHaveLength(10);
    expect(g.circuit).toBe('closed');
    g.dispose();
  });

  it('keeps one circuit per gateway: another (tenant, provider) is unaffected', async () => {
    const bad = scripted([failure(ErrorCode.PROVIDER_TIMEOUT, true)]);
    const good = scripted([state('t1')]);
    const a = gateway(bad.client).g;
    const b = gateway(good.client).g;
    for (let i = 0; i < 3; i++) await codeOf(a.read(taskRef('tencent-tcss', 't1')));
    expect(a.circuit).toBe('open');
    await expect(b.read(taskRef('tencent-tcss', 't1'))).resolves.toBeDefined();
    expect(b.circuit).toBe('closed');
    await Promise.all([a.dispose(), b.dispose()]);
  });
});

describe('ProviderGateway health', () => {
  it('reports p50 latency in real milliseconds, the error rate and the last error', async () => {
    const { client } = scripted([
      { delayMs: 10, then: state('t1') },
      { delayMs: 40, then: state('t1') },
      { delayMs: 80, then: state('t1') },
      { delayMs: 5, then: failure(ErrorCode.PROVIDER_FORBIDDEN, false, { providerCode: 'UnauthorizedOperation' }) },
    ]);
    const { g } = gateway(client);
    expect(g.health.snapshot()).toMatchObject({
      state: 'UNKNOWN',
      circuitOpen: false,
      p50LatencyMs: null,
      errorRate: null,
      lastError: null,
    });
    for (let i = 0; i < 3; i++) await g.read(taskRef('tencent-tcss', 't1'));
    const up = g.health.snapshot();
    expect(up).toMatchObject({ state: 'UP', circuitOpen: false, errorRate: 0, lastError: null });
    expect(up.p50LatencyMs!).toBeGreaterThanOrEqual(38);
    expect(up.p50LatencyMs!).toBeLessThan(80);
    await codeOf(g.read(taskRef('tencent-tcss', 't1')));
    const degraded = g.health.snapshot();
    expect(degraded.state).toBe('DEGRADED');
    expect(degraded.errorRate).toBe(0.25);
    expect(degraded.lastError).toMatchObject({ code: ErrorCode.PROVIDER_FORBIDDEN, provider: { providerCode: 'UnauthorizedOperation' } });
    g.dispose();
  });

  it('counts NOT_FOUND as an answer, not as an error', async () => {
    const { client } = scripted([failure(ErrorCode.NOT_FOUND, false)]);
    const { g } = gateway(client);
    await codeOf(g.read(taskRef('tencent-tcss', 't1')));
    expect(g.health.snapshot()).toMatchObject({ state: 'UP', errorRate: 0, lastError: null });
    g.dispose();
  });
});

describe('ProviderGateway dispose', () => {
  it('cancels a call waiting to retry', async () => {
    const { client, calls } = scripted([failure(ErrorCode.PROVIDER_RATE_LIMITED, true, { retryAfterSeconds: 1 })]);
    const { g } = gateway(client);
    const pending = g.read(taskRef('tencent-tcss', 't1')).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 20));
    g.dispose();
    const err = (await pending) as ServiceError;
    expect(err.code).toBe(ErrorCode.PROVIDER_UNAVAILABLE);
    expect(err.message).toBe('The call to Tencent Cloud Container Security Service was cancelled: the service is shutting down');
    expect(calls).toHaveLength(1);
  });

  it('uses the documented defaults', () => {
    expect(DEFAULT_RESILIENCE).toEqual({
      retries: 2,
      retryBaseDelayMs: 100,
      retryMaxDelayMs: 2000,
      breakerFailures: 5,
      breakerHalfOpenMs: 10_000,
    });
  });
});

describe('ProviderGateway queues: budget first, then a slot', () => {
  /** A client whose reads the test answers; it records the order in which reads reached the provider. */
  function held() {
    const reached: string[] = [];
    const answers: Array<() => void> = [];
    const client: ProviderClient = {
      descriptor: tcssDescriptor,
      read: (task) =>
        new Promise((resolve) => {
          reached.push(task.providerTaskId);
          answers.push(() => resolve(state(task.providerTaskId)));
        }),
    };
    return { client, reached, answers };
  }

  it('sends a query before polls that were waiting for the budget, even with every slot taken by polls', async () => {
    const clock = new ManualClock(0);
    const { client, reached, answers } = held();
    const budget = new RateBudget(10, clock);
    const g = new ProviderGateway(client, clock, { budget, maxConcurrent: 1, tenantId: 'team-a' });
    for (const id of ['p1', 'p2', 'p3']) void g.read(taskRef('tencent-tcss', id), { priority: 'background' }).catch(() => undefined);
    await clock.advanceAsync(0);
    void g.read(taskRef('tencent-tcss', 'q'), { priority: 'interactive' }).catch(() => undefined);
    await clock.advanceAsync(1000);
    // p1 holds the only slot; p2 and p3 wait in the budget behind the query, not in front of it.
    expect(reached).toEqual(['p1']);
    answers[0]!();
    await clock.advanceAsync(1000);
    expect(reached).toEqual(['p1', 'q']);
    answers[1]!();
    await clock.advanceAsync(1000);
    expect(reached).toEqual(['p1', 'q', 'p2']);
    g.dispose();
    budget.dispose();
  });

  it('sheds a call the budget cannot start before its deadline, at once and without a retry', async () => {
    const clock = new ManualClock(0);
    const { client, reached } = held();
    const budget = new RateBudget(1, clock);
    const g = new ProviderGateway(client, clock, { budget, resilience: FAST, tenantId: 'team-a' });
    void g.read(taskRef('tencent-tcss', 'a')).catch(() => undefined);
    await clock.advanceAsync(0);
    const shed = await g.read(taskRef('tencent-tcss', 'b'), { maxWaitMs: 500 }).catch((e: ServiceError) => e);
    expect(shed).toMatchObject({
      code: ErrorCode.PROVIDER_RATE_LIMITED,
      provider: { provider: 'tencent-tcss', retryable: true, retryAfterSeconds: 2 },
    });
    expect((shed as ServiceError).message).toBe(
      "Too many calls queued for Tencent Cloud Container Security Service: this tenant's request budget of 1/s has no free start before the operation's deadline (the next is 2 s away); retry after 2 s",
    );
    expect(reached).toEqual(['a']);
    expect(budget.queued).toBe(0);
    g.dispose();
    budget.dispose();
  });

  it('drops a call whose caller left while it waited for the budget: it never reaches the provider, and is no health sample', async () => {
    const clock = new ManualClock(0);
    const { client, reached } = held();
    const budget = new RateBudget(1, clock);
    const g = new ProviderGateway(client, clock, { budget, tenantId: 'team-a' });
    void g.read(taskRef('tencent-tcss', 'first')).catch(() => undefined);
    const gone = new AbortController();
    const dropped = g.read(taskRef('tencent-tcss', 'dropped'), { signal: gone.signal }).catch((e: ServiceError) => e);
    await clock.advanceAsync(100);
    gone.abort(new CallerGone());
    expect(await dropped).toMatchObject({ code: ErrorCode.PROVIDER_UNAVAILABLE, message: expect.stringContaining('nobody waits') });
    await clock.advanceAsync(5000);
    expect(reached).toEqual(['first']);
    expect(g.health.snapshot()).toMatchObject({ state: 'UNKNOWN', lastError: null });
    g.dispose();
    budget.dispose();
  });
});

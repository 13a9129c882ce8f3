import { ExportTaskDocument, ExportTasksDocument, ProvidersDocument } from '../../src/generated/graphql';
import { ManualClock } from '../../src/time/clock';
import { gql, type Stack, startStack } from '../support/stack';

const RUNNING = 'e4409223-8e92-45db-a857-11b1ff547c79';
const DONE = 'tcss-done-0001';
const FAILED = 'tcss-failed-0001';
const id = (t: string) => `tencent-tcss:${t}`;

describe('Tencent TCSS end to end, over real HTTP to the emulator', () => {
  const clock = new ManualClock();
  let stack: Stack;

  beforeAll(async () => {
    const now = clock.now();
    // The tenant's budget and the emulator's quota are raised to 1000/s: this suite is about batching
    // and concurrency; keeping to Tencent's real 20/s is the live-updates suite's subject.
    stack = await startStack({
      providers: ['tencent-tcss'],
      clock,
      quotaPerSecond: 1000,
      tasks: {
        'tencent-tcss': [
          { id: RUNNING, accountId: 'acct-a', createdAt: now, durationMs: 100_000 },
          { id: DONE, accountId: 'acct-a', createdAt: now - 200_000, durationMs: 100_000 },
          {
            id: FAILED,
            accountId: 'acct-a',
            createdAt: now - 200_000,
            durationMs: 100_000,
            outcome: 'failure',
            failureReason: 'disk full',
          },
          ...Array.from({ length: 25 }, (_, i) => ({ id: `batch-${i}`, accountId: 'acct-a', createdAt: now, durationMs: 100_000 })),
        ],
      },
    });
  });
  afterAll(() => stack.dispose());
  beforeEach(() => {
    stack.emulator('tencent-tcss').faults.clear();
    stack.emulator('tencent-tcss').stats.reset();
  });

  it('lists the four providers, Tencent configured', async () => {
    const res = await gql(stack.app, ProvidersDocument);
    expect(res.errors).toBeUndefined();
    expect(res.data!.providers.map((p) => [p.id, p.configured, p.apiAction, p.apiVersion])).toEqual([
      ['alibaba-sas', false, 'DescribeExportInfo', '2018-12-03'],
      ['alibaba-siem', false, 'GetExportTask', '2024-12-12'],
      ['tencent-tcss', true, 'DescribeExportJobResult', '2020-11-01'],
      ['huawei-workspace', false, 'ListExportTasks', 'v2'],
    ]);
    expect(res.data!.providers[2]!.capabilities.maxRequestsPerSecond).toBe(1000);
  });

  it('shows progress advancing between two reads of a running task', async () => {
    clock.advance(10_000);
    const first = await gql(stack.app, ExportTaskDocument, { id: id(RUNNING) });
    clock.advance(20_000);
    const second = await gql(stack.app, ExportTaskDocument, { id: id(RUNNING) });
    expect(first.errors).toBeUndefined();
    const a = first.data!.exportTask!;
    const b = second.data!.exportTask!;
    expect([a.status, a.providerStatus, a.terminal, a.provider.id]).toEqual(['RUNNING', 'RUNNING', false, 'tencent-tcss']);
    expect(a.id).toBe(id(RUNNING));
    expect(a.providerTaskId).toBe(RUNNING);
    expect(b.progress!).toBeGreaterThan(a.progress!);
    expect(a.requestId).toMatch(/\S+/);
    expect(stack.emulator('tencent-tcss').stats.forTask(RUNNING)).toBe(2);
  });

  it('maps SUCCESS and FAILURE', async () => {
    const res = await gql(stack.app, ExportTasksDocument, { ids: [id(DONE), id(FAILED)] });
    expect(res.errors).toBeUndefined();
    const [done, failed] = res.data!.exportTasks;
    expect([done!.status, done!.progress, done!.terminal, done!.downloadUrl]).toEqual([
      'SUCCEEDED',
      100,
      true,
      expect.stringMatching(/^https?:\/\//),
    ]);
    expect([failed!.status, failed!.providerStatus, failed!.terminal, failed!.failureReason]).toEqual([
      'FAILED',
      'FAILURE',
      true,
      'disk full',
    ]);
  });

  it('reads 50 ids with 25 distinct in exactly 25 concurrent upstream requests, keeping order', async () => {
    const emulator = stack.emulator('tencent-tcss');
    const latencyMs = 400;
    emulator.faults.inject({ kind: 'latency', ms: latencyMs });
    const distinct = Array.from({ length: 25 }, (_, i) => id(`batch-${i}`));
    const ids = [...distinct, ...[...distinct].reverse()];
    const res = await gql(stack.app, ExportTasksDocument, { ids });
    expect(res.errors).toBeUndefined();
    expect(res.data!.exportTasks.map((t) => t!.id)).toEqual(ids);
    expect(emulator.stats.total()).toBe(25);
    for (const t of distinct) expect(emulator.stats.forTask(t.slice('tencent-tcss:'.length))).toBe(1);
    // Concurrency without a wall-clock budget: every request reached the emulator before the first
    // could have been answered, so they were all in flight at once.
    const arrivals = emulator.stats.requests.map((r) => r.at);
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(latencyMs);
  });

  it('rejects a malformed id with BAD_USER_INPUT and makes no upstream request', async () => {
    const res = await gql(stack.app, ExportTaskDocument, { id: 'tencent-tcss:../../etc/passwd' });
    expect(res.data!.exportTask).toBeNull();
    expect(res.errors![0]!.extensions!['code']).toBe('BAD_USER_INPUT');
    const many = await gql(stack.app, ExportTasksDocument, { ids: [id(RUNNING), 'nope'] });
    expect(many.errors![0]!.extensions!['code']).toBe('BAD_USER_INPUT');
    expect(many.errors![0]!.message).toMatch(/^ids\[1\]: /);
    expect(stack.emulator('tencent-tcss').stats.total()).toBe(0);
  });

  it('answers an unknown task with null and NOT_FOUND carrying the provider details', async () => {
    const res = await gql(stack.app, ExportTaskDocument, { id: id('no-such-task') });
    expect(res.data!.exportTask).toBeNull();
    expect(res.errors![0]!.extensions).toMatchObject({
      code: 'NOT_FOUND',
      provider: 'tencent-tcss',
      providerCode: 'ResourceNotFound',
      retryable: false,
      requestId: expect.stringMatching(/\S+/),
    });
  });

  it('gives PROVIDER_UNAVAILABLE on the failing field while the rest of the response resolves', async () => {
    // Three: the first answer and both of the gateway's retries (resilience.retries, default 2).
    stack.emulator('tencent-tcss').faults.inject({ kind: 'server-error' }, { times: 3 });
    const res = await gql(stack.app, `{ a: exportTask(id: "${id(RUNNING)}") { id status } providers { id } }`);
    expect(res.data).toEqual({ a: null, providers: expect.arrayContaining([{ id: 'tencent-tcss' }]) });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.path).toEqual(['a']);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', provider: 'tencent-tcss', retryable: true });
  });

  it('answers an unconfigured provider with PROVIDER_NOT_CONFIGURED', async () => {
    const res = await gql(stack.app, ExportTaskDocument, { id: 'alibaba-sas:131231' });
    expect(res.data!.exportTask).toBeNull();
    expect(res.errors![0]!.extensions!['code']).toBe('PROVIDER_NOT_CONFIGURED');
  });
});

describe('Tencent signature failures', () => {
  it('maps a bad signature to PROVIDER_AUTH_FAILED with the provider code and request id', async () => {
    const stack = await startStack({
      providers: ['tencent-tcss'],
      tasks: { 'tencent-tcss': [{ id: RUNNING, accountId: 'acct-a' }] },
      settings: { secretKey: 'not-the-right-secret-key' },
    });
    try {
      const res = await gql(stack.app, ExportTaskDocument, { id: id(RUNNING) });
      expect(res.data!.exportTask).toBeNull();
      expect(res.errors![0]!.extensions).toMatchObject({
        code: 'PROVIDER_AUTH_FAILED',
        provider: 'tencent-tcss',
        providerCode: 'AuthFailure.SignatureFailure',
        requestId: expect.stringMatching(/\S+/),
        retryable: false,
      });
      expect(JSON.stringify(res)).not.toContain('not-the-right-secret-key');
    } finally {
      await stack.dispose();
    }
  });

  it('maps a timestamp more than five minutes off to PROVIDER_AUTH_FAILED (AuthFailure.SignatureExpire)', async () => {
    const skewed = new ManualClock(Date.now() + 6 * 60_000);
    const stack = await startStack({
      providers: ['tencent-tcss'],
      wallClock: skewed,
      tasks: { 'tencent-tcss': [{ id: RUNNING, accountId: 'acct-a' }] },
    });
    try {
      const res = await gql(stack.app, ExportTaskDocument, { id: id(RUNNING) });
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'PROVIDER_AUTH_FAILED', providerCode: 'AuthFailure.SignatureExpire' });
    } finally {
      await stack.dispose();
    }
  });
});

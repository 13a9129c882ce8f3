import { type Fault, UNKNOWN_TASK_ANSWERS } from '../../src/emulator';
import { ExportTaskUpdatesDocument, type ExportTaskUpdatesSubscription } from '../../src/generated/graphql';
import { ManualClock } from '../../src/time/clock';
import { ACCOUNT, gql, type GqlResponse } from '../support/stack';
import { record, wsClient } from '../support/ws-client';
import { PROVIDER_CASES } from './cases';
import type { ExpectedError, ProviderCase, StateCase } from './cases/types';
import {
  apiKeyOf,
  type ConformanceStack,
  type ConformanceTenant,
  FORBIDDEN_ACCOUNT,
  startConformanceStack,
  UNKNOWN_KEY_ID,
  WRONG_SECRET,
} from './support/conformance-stack';
import { TASK_FIELDS, TASK_QUERY, type TaskResult } from './support/documents';

type TaskResponse = GqlResponse<{ exportTask: TaskResult | null }>;

/** Text that must never reach a caller: credentials of every account in play, and signing vocabulary. */
const FORBIDDEN_TEXT = [
  ACCOUNT.secret,
  ACCOUNT.accessKeyId,
  FORBIDDEN_ACCOUNT.secret,
  FORBIDDEN_ACCOUNT.accessKeyId,
  WRONG_SECRET,
  UNKNOWN_KEY_ID,
  'authorization',
  'canonical',
  'signature=',
  'string to sign',
  'stringtosign',
];

/** The failure scenarios: the tenant that runs each, the fault it needs (persistent), and its expected error. */
const FAILURES: ReadonlyArray<{
  readonly name: string;
  readonly tenant: ConformanceTenant;
  readonly fault?: Fault;
  readonly code: string;
  readonly retryable: boolean;
  readonly expected: (c: ProviderCase) => ExpectedError;
}> = [
  {
    name: 'bad credentials (wrong secret)',
    tenant: 'bad-secret',
    code: 'PROVIDER_AUTH_FAILED',
    retryable: false,
    expected: (c) => c.errors.badSecret,
  },
  {
    name: 'bad credentials (unknown key id)',
    tenant: 'unknown-key',
    code: 'PROVIDER_AUTH_FAILED',
    retryable: false,
    expected: (c) => c.errors.unknownKey,
  },
  { name: 'permission denied', tenant: 'forbidden', code: 'PROVIDER_FORBIDDEN', retryable: false, expected: (c) => c.errors.forbidden },
  {
    name: 'throttled',
    tenant: 'throttled',
    fault: { kind: 'throttle' },
    code: 'PROVIDER_RATE_LIMITED',
    retryable: true,
    expected: (c) => c.errors.throttled,
  },
  {
    name: '5xx',
    tenant: 'server-error',
    fault: { kind: 'server-error' },
    code: 'PROVIDER_UNAVAILABLE',
    retryable: true,
    expected: (c) => c.errors.serverError,
  },
  {
    name: 'malformed body',
    tenant: 'malformed',
    fault: { kind: 'malformed' },
    code: 'PROVIDER_BAD_RESPONSE',
    retryable: true,
    expected: (c) => c.errors.malformed,
  },
  {
    name: 'missing fields',
    tenant: 'missing-fields',
    fault: { kind: 'missing-fields' },
    code: 'PROVIDER_BAD_RESPONSE',
    retryable: false,
    expected: (c) => c.errors.missingFields,
  },
  {
    name: 'no answer within timeoutMs',
    tenant: 'timeout',
    fault: { kind: 'hang' },
    code: 'PROVIDER_TIMEOUT',
    retryable: true,
    expected: (c) => c.errors.timeout,
  },
  {
    name: 'an endpoint that does not serve the action (wrong endpoint, action or version)',
    tenant: 'misconfigured',
    fault: { kind: 'no-such-action' },
    code: 'PROVIDER_MISCONFIGURED',
    retryable: false,
    expected: (c) => c.errors.misconfigured,
  },
  {
    name: 'connection reset',
    tenant: 'reset',
    fault: { kind: 'reset' },
    code: 'PROVIDER_UNAVAILABLE',
    retryable: true,
    expected: (c) => c.errors.reset,
  },
];

/**
 * The provider conformance suite: every provider runs the same scenarios over real HTTP, through the
 * service (GraphQL `exportTask`), to its emulator. The per-provider tables in `./cases` say what each
 * provider's wire states and failures must become.
 */
describe.each(PROVIDER_CASES)('$provider conformance', (c: ProviderCase) => {
  const clock = new ManualClock();
  const now = clock.now();
  let stack: ConformanceStack;
  /** Task number of each state row (and of the unknown-status row, last). */
  const rows: readonly StateCase[] = [...c.states, c.unknownStatus];
  const taskOf = (row: StateCase) => c.taskId(rows.indexOf(row) + 1);
  /** The task every failure scenario asks for: it exists and is readable by `ACCOUNT`. */
  const existing = c.taskId(100);
  const unknown = c.taskId(999);

  const read = (providerTaskId: string, tenant: ConformanceTenant = 'good'): Promise<TaskResponse> =>
    gql(stack.app, TASK_QUERY, { id: `${c.provider}:${providerTaskId}` }, apiKeyOf(tenant));

  beforeAll(async () => {
    stack = await startConformanceStack(c.provider, clock);
    for (const row of rows) stack.emulator.tasks.add({ ...row.spec(now), id: taskOf(row), accountId: ACCOUNT.accountId });
    stack.emulator.tasks.add({ id: existing, accountId: ACCOUNT.accountId, createdAt: now, durationMs: 100_000 });
    // The forbidden account owns a task too: permission is refused before ownership is looked at.
    stack.emulator.tasks.add({ id: c.taskId(101), accountId: FORBIDDEN_ACCOUNT.accountId, createdAt: now });
  });
  afterAll(() => stack?.dispose());
  afterEach(() => stack.emulator.faults.clear());

  const expectTask = (res: TaskResponse, row: StateCase) => {
    const taskId = taskOf(row);
    expect(res.errors).toBeUndefined();
    expect(res.data!.exportTask).toEqual({
      id: `${c.provider}:${taskId}`,
      providerTaskId: taskId,
      provider: { id: c.provider },
      ...row.expected(now, taskId),
      observedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      requestId: expect.stringMatching(c.requestIdPattern),
    });
  };

  describe('documented statuses', () => {
    it.each(c.states.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
      expectTask(await read(taskOf(row)), row);
    });
  });

  it(`maps an undocumented status to UNKNOWN with providerStatus verbatim (${c.unknownStatus.name})`, async () => {
    expectTask(await read(taskOf(c.unknownStatus)), c.unknownStatus);
  });

  /** The null field, and its one error with the provider details and nothing secret. */
  const expectFailure = (res: TaskResponse, code: string, retryable: boolean, expected: ExpectedError, taskId: string) => {
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ exportTask: null });
    expect(res.errors).toHaveLength(1);
    const error = res.errors![0]!;
    expect(error.path).toEqual(['exportTask']);
    expect(error.extensions).toEqual({
      code,
      provider: c.provider,
      providerCode: expected.providerCode,
      requestId: expected.requestId ? expect.stringMatching(c.requestIdPattern) : null,
      retryable,
    });
    expect(error.message).toBe(expected.message.replaceAll('{id}', taskId));
    const text = JSON.stringify(res).toLowerCase();
    for (const secret of FORBIDDEN_TEXT) expect(text).not.toContain(secret.toLowerCase());
  };

  it('answers an unknown id with null and NOT_FOUND', async () => {
    const res = await read(unknown, 'not-found');
    expectFailure(res, 'NOT_FOUND', false, c.errors.notFound, unknown);
  });

  it("answers another account's task with NOT_FOUND (credentials of one account never see another's tasks)", async () => {
    const res = await read(c.taskId(101), 'not-found');
    expectFailure(res, 'NOT_FOUND', false, c.errors.notFound, c.taskId(101));
  });

  it('lists tasks only where capabilities.listing says so, with the same mapping as a read', async () => {
    const query = `query List($provider: ID!) {
      provider(id: $provider) { capabilities { listing } exportTasks(first: 100) { totalCount edges { node { ${TASK_FIELDS} } } } }
    }`;
    const res = await gql<
      { provider: { capabilities: { listing: boolean }; exportTasks: { totalCount: number; edges: Array<{ node: TaskResult }> } } | null },
      { provider: string }
    >(stack.app, query, { provider: c.provider }, apiKeyOf('good'));
    if (!c.listing) {
      expect(res.data).toEqual({ provider: null });
      expect(res.errors!.map((e) => e.extensions!['code'])).toEqual(['UNSUPPORTED_OPERATION']);
      return;
    }
    expect(res.errors).toBeUndefined();
    const { capabilities, exportTasks } = res.data!.provider!;
    expect(capabilities.listing).toBe(true);
    // The account's own tasks only: every row and the failure scenarios' task, not the forbidden account's.
    expect(exportTasks.totalCount).toBe(rows.length + 1);
    const byId = new Map(exportTasks.edges.map((e) => [e.node.providerTaskId, e.node]));
    for (const row of rows) {
      const taskId = taskOf(row);
      expect(byId.get(taskId)).toEqual({
        id: `${c.provider}:${taskId}`,
        providerTaskId: taskId,
        provider: { id: c.provider },
        ...row.expected(now, taskId),
        observedAt: expect.any(String),
        requestId: expect.stringMatching(c.requestIdPattern),
      });
    }
  });

  /** The events of a subscription to one task, to its end; it fails if the stream does not end by itself. */
  const subscribe = async (providerTaskId: string, tenant: ConformanceTenant) => {
    const client = wsClient(stack.app, apiKeyOf(tenant));
    try {
      const r = record(client, ExportTaskUpdatesDocument, { ids: [`${c.provider}:${providerTaskId}`] });
      await r.finished;
      expect(r.errors).toEqual([]);
      return r.events.map(({ exportTaskUpdates: { id, final, task, error } }: ExportTaskUpdatesSubscription) => ({
        id,
        final,
        task,
        error: error && { code: error.code, providerCode: error.providerCode, retryable: error.retryable, message: error.message },
      }));
    } finally {
      await client.dispose();
    }
  };

  // The providers do not document how they answer an unknown id: each shape the emulator can give must
  // read as what it is, and, as the same request would be answered the same way, end a subscription.
  describe('unknown ids, in every shape the provider may answer them', () => {
    afterEach(() => stack.emulator.setUnknownTask(UNKNOWN_TASK_ANSWERS[c.provider][0]));

    it('has a row for every shape the emulator can give', () => {
      expect(c.unknownTaskAnswers.map((u) => u.answer)).toEqual(UNKNOWN_TASK_ANSWERS[c.provider]);
    });

    it.each(c.unknownTaskAnswers.map((u) => [u.answer, u] as const))('%s', async (_answer, u) => {
      stack.emulator.setUnknownTask(u.answer);
      expectFailure(await read(unknown, 'not-found'), u.code, false, u.error, unknown);
      expectFailure(await read(c.taskId(101), 'not-found'), u.code, false, u.error, c.taskId(101));
      const events = await subscribe(unknown, 'not-found');
      expect(events).toEqual([
        {
          id: `${c.provider}:${unknown}`,
          final: true,
          task: null,
          error: {
            code: u.code,
            providerCode: u.error.providerCode,
            retryable: false,
            message: u.error.message.replaceAll('{id}', unknown),
          },
        },
      ]);
    });
  });

  it('ends a subscription on an endpoint that does not serve the action, with PROVIDER_MISCONFIGURED', async () => {
    stack.emulator.faults.inject({ kind: 'no-such-action' });
    const events = await subscribe(existing, 'misconfigured');
    expect(events).toEqual([
      {
        id: `${c.provider}:${existing}`,
        final: true,
        task: null,
        error: {
          code: 'PROVIDER_MISCONFIGURED',
          providerCode: c.errors.misconfigured.providerCode,
          retryable: false,
          message: c.errors.misconfigured.message,
        },
      },
    ]);
  });

  describe('failures', () => {
    it.each(FAILURES.map((f) => [f.name, f] as const))('%s', async (_name, f) => {
      if (f.fault) stack.emulator.faults.inject(f.fault);
      const res = await read(existing, f.tenant);
      expectFailure(res, f.code, f.retryable, f.expected(c), existing);
    });
  });
});

import { type EmulatorAccount, type EmulatorHandle, startEmulator } from '../../src/emulator';
import { ExportTaskUpdatesDocument, type ExportTaskUpdatesSubscription } from '../../src/generated/graphql';
import { type App, createApp } from '../../src/server/app';
import { memoryLogger } from '../support/silent-logger';
import { ACCOUNT, ACCOUNT_B, API_KEY, API_KEY_B, gql, providerSettings, testConfig } from '../support/stack';
import { record, wsClient } from '../support/ws-client';

type Update = ExportTaskUpdatesSubscription['exportTaskUpdates'];

const B_TASK = 'tencent-tcss:b-task-1';
const B_HUAWEI = 'huawei-workspace:b-hw-1';

describe('tenant isolation: each tenant reads with its own credentials and sees only its account', () => {
  let app: App;
  let tencent: EmulatorHandle;
  let huawei: EmulatorHandle;

  beforeAll(async () => {
    const now = Date.now();
    tencent = await startEmulator('tencent-tcss', {
      accounts: [ACCOUNT, ACCOUNT_B],
      quotaPerSecond: 1000,
      tasks: [
        { id: 'b-task-1', accountId: 'acct-b', createdAt: now, durationMs: 600_000 },
        {
          id: 'b-task-2',
          accountId: 'acct-b',
          createdAt: now - 120_000,
          durationMs: 1000,
          outcome: 'failure',
          failureReason: 'secret-failure-of-b',
        },
        { id: 'a-task-1', accountId: 'acct-a', createdAt: now, durationMs: 600_000 },
      ],
    });
    huawei = await startEmulator('huawei-workspace', {
      accounts: [ACCOUNT, ACCOUNT_B],
      tasks: [
        { id: 'b-hw-1', accountId: 'acct-b', createdAt: now - 2000, fileName: 'b-only-1.csv' },
        { id: 'b-hw-2', accountId: 'acct-b', createdAt: now - 1000, fileName: 'b-only-2.csv' },
        { id: 'a-hw-1', accountId: 'acct-a', createdAt: now, fileName: 'a-only-1.csv' },
      ],
    });
    const providersOf = (account: EmulatorAccount) => ({
      ...providerSettings('tencent-tcss', tencent.url, account),
      ...providerSettings('huawei-workspace', huawei.url, account),
    });
    const config = testConfig(
      [
        { id: 'team-a', apiKeys: [API_KEY], providers: providersOf(ACCOUNT) },
        { id: 'team-b', apiKeys: [API_KEY_B], providers: providersOf(ACCOUNT_B) },
      ],
      // A long freshness window: a cache shared across tenants would hand B's state to A.
      { cache: { freshMs: 60_000, terminalMs: 3_600_000, maxEntries: 1000 }, polling: { intervalMs: 300, maxIntervalMs: 1000 } },
    );
    app = await createApp(config, { logger: memoryLogger().logger });
  });
  afterAll(async () => {
    await app.stop();
    await Promise.all([tencent.dispose(), huawei.dispose()]);
  });

  it("B watches its task; A's query and subscription for the same id get NOT_FOUND, never B's data", async () => {
    const clientB = wsClient(app, API_KEY_B);
    const clientA = wsClient(app, API_KEY);
    try {
      const b = record(clientB, ExportTaskUpdatesDocument, { ids: [B_TASK] });
      await b.waitFor(1);
      const first = b.events[0]!.exportTaskUpdates as Update;
      expect(first).toMatchObject({ id: B_TASK, final: false, error: null, task: { status: 'RUNNING', progress: expect.any(Number) } });

      // A asks for the same id while B's state sits fresh in the cache and B's poller runs.
      tencent.stats.reset();
      const query = await gql(app, `{ exportTask(id: "${B_TASK}") { id status fileName } }`);
      expect(query.data).toEqual({ exportTask: null });
      expect(query.errors).toEqual([
        expect.objectContaining({
          path: ['exportTask'],
          extensions: expect.objectContaining({ code: 'NOT_FOUND', provider: 'tencent-tcss', retryable: false }),
        }),
      ]);
      // …read upstream with A's own key.
      const aReads = tencent.stats.requests.filter((r) => r.taskIds.includes('b-task-1') && r.accessKeyId === ACCOUNT.accessKeyId);
      expect(aReads.length).toBeGreaterThanOrEqual(1);

      const a = record(clientA, ExportTaskUpdatesDocument, { ids: [B_TASK] });
      await a.finished;
      expect(a.events.map((e) => e.exportTaskUpdates)).toEqual([
        expect.objectContaining({
          id: B_TASK,
          final: true,
          task: null,
          error: expect.objectContaining({ code: 'NOT_FOUND', providerCode: 'ResourceNotFound' }),
        }),
      ]);

      // B's stream goes on, unaffected by A's final event.
      const seen = b.events.length;
      await b.waitFor(seen + 1);
      expect(b.events.every((e) => (e.exportTaskUpdates as Update).error === null && !(e.exportTaskUpdates as Update).final)).toBe(true);
      const bReads = tencent.stats.requests.filter((r) => r.taskIds.includes('b-task-1') && r.accessKeyId === ACCOUNT_B.accessKeyId);
      expect(bReads.length).toBeGreaterThanOrEqual(1);
      expect(JSON.stringify([query, a.events, a.errors])).not.toContain('RUNNING');
      b.stop();
    } finally {
      await Promise.all([clientA.dispose(), clientB.dispose()]);
    }
  });

  it("A's batch and federation entity reads of B's ids are NOT_FOUND; its own resolve", async () => {
    const batch = await gql(app, `{ exportTasks(ids: ["tencent-tcss:a-task-1", "${B_TASK}", "${B_HUAWEI}"]) { id fileName } }`);
    expect(batch.data).toEqual({ exportTasks: [{ id: 'tencent-tcss:a-task-1', fileName: null }, null, null] });
    expect(batch.errors!.map((e) => [e.path, e.extensions!['code']])).toEqual([
      [['exportTasks', 1], 'NOT_FOUND'],
      [['exportTasks', 2], 'NOT_FOUND'],
    ]);
    const entities = await gql(app, 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on ExportTask { id fileName } } }', {
      r: [{ __typename: 'ExportTask', id: B_TASK }],
    });
    expect(entities.data).toEqual({ _entities: [null] });
    expect(entities.errors![0]!.extensions!['code']).toBe('NOT_FOUND');
  });

  it("A never gets B's terminal state, though it is cached for B for an hour", async () => {
    const b = await gql(app, '{ exportTask(id: "tencent-tcss:b-task-2") { status failureReason } }', undefined, API_KEY_B);
    expect(b.data).toEqual({ exportTask: { status: 'FAILED', failureReason: 'secret-failure-of-b' } });
    const a = await gql(app, '{ exportTask(id: "tencent-tcss:b-task-2") { status failureReason } }');
    expect(a.data).toEqual({ exportTask: null });
    expect(a.errors![0]!.extensions!['code']).toBe('NOT_FOUND');
    expect(JSON.stringify(a)).not.toContain('secret-failure-of-b');
  });

  it("A's Huawei listing never shows B's tasks, and B's never shows A's", async () => {
    const LIST = '{ provider(id: "huawei-workspace") { exportTasks(first: 100) { totalCount edges { node { id fileName } } } } }';
    type Listing = { provider: { exportTasks: { totalCount: number; edges: Array<{ node: { id: string; fileName: string } }> } } };
    const a = await gql<Listing, never>(app, LIST);
    expect(a.data!.provider.exportTasks).toEqual({
      totalCount: 1,
      edges: [{ node: { id: 'huawei-workspace:a-hw-1', fileName: 'a-only-1.csv' } }],
    });
    const b = await gql<Listing, never>(app, LIST, undefined, API_KEY_B);
    expect(b.data!.provider.exportTasks.totalCount).toBe(2);
    expect(b.data!.provider.exportTasks.edges.map((e) => e.node.id).sort()).toEqual(['huawei-workspace:b-hw-1', 'huawei-workspace:b-hw-2']);
    // Filtering A's listing by B's task id finds nothing either.
    const filtered = await gql<Listing, never>(
      app,
      '{ provider(id: "huawei-workspace") { exportTasks(filter: { providerTaskId: "b-hw-1" }) { totalCount edges { node { id } } } } }',
    );
    expect(filtered.data!.provider.exportTasks).toEqual({ totalCount: 0, edges: [] });
    // And A's read of B's Huawei task, after B listed it (and so cached it for B), is still NOT_FOUND.
    const read = await gql(app, `{ exportTask(id: "${B_HUAWEI}") { id } }`);
    expect(read.errors![0]!.extensions!['code']).toBe('NOT_FOUND');
  });

  it('keeps gateways, budgets and health apart per tenant', () => {
    const a = app.tenants.get('team-a')!.existingGateway('tencent-tcss')!;
    const b = app.tenants.get('team-b')!.existingGateway('tencent-tcss')!;
    expect(a).not.toBe(b);
    expect(a.budget).not.toBe(b.budget);
    expect(a.health).not.toBe(b.health);
  });

  it("A cannot connect to, start on or stop B's SSE stream (graphql-sse single connection mode): its token is unknown to A", async () => {
    const as = (key: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, ...extra });
    const put = await fetch(app.url, { method: 'PUT', headers: as(API_KEY_B) });
    expect(put.status).toBe(201);
    const token = await put.text();
    const stream = { 'x-graphql-event-stream-token': token };
    const connectA = await fetch(app.url, { headers: as(API_KEY, { ...stream, accept: 'text/event-stream' }) });
    const startA = await fetch(app.url, {
      method: 'POST',
      headers: as(API_KEY, { ...stream, 'content-type': 'application/json' }),
      body: JSON.stringify({ query: '{ providers { id } }', extensions: { operationId: 'x' } }),
    });
    const stopA = await fetch(`${app.url}?operationId=x`, { method: 'DELETE', headers: as(API_KEY, stream) });
    expect([connectA.status, startA.status, stopA.status]).toEqual([404, 404, 404]);
    // B's own connection is served.
    const controller = new AbortController();
    const connectB = await fetch(app.url, {
      headers: as(API_KEY_B, { ...stream, accept: 'text/event-stream' }),
      signal: controller.signal,
    });
    expect(connectB.status).toBe(200);
    expect(connectB.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    controller.abort();
  });
});

import { parse } from 'graphql';

import { type EmulatorAccount, type EmulatorHandle, startEmulator } from '../../src/emulator';
import { type App, createApp } from '../../src/server/app';
import { memoryLogger } from '../support/silent-logger';
import { ACCOUNT, API_KEY, gql, providerSettings, type Stack, startStack, testConfig } from '../support/stack';
import { waitUntil } from '../support/wait';
import { record, type Recording, sleep, wsClient } from '../support/ws-client';

/**
 * Every resource a caller can make the service hold is bounded and released when the caller goes
 * (`limits` in docs/configuration.md): real sockets, real emulators, counted at the emulator.
 */

const SUBSCRIBE = parse('subscription ($ids: [ID!]!) { exportTaskUpdates(ids: $ids) { id final error { code } } }');
const tencent = (id: string) => `tencent-tcss:${id}`;
const huawei = (id: string) => `huawei-workspace:${id}`;

const GREEDY_KEY = 'test-api-key-greedy-tenant-0000000003';
const GREEDY: EmulatorAccount = {
  accountId: 'acct-g',
  accessKeyId: 'AKIDTESTGREEDY000003',
  secret: 'test-secret-greedy-0003',
  projectId: 'projectg',
};

/** The codes of the errors of a recording. */
const codes = (r: Recording<unknown>) =>
  r.errors.flatMap((e) => (Array.isArray(e) ? e : [e])).map((e) => (e as { extensions?: { code?: string } }).extensions?.code);

describe('one greedy tenant', () => {
  let app: App;
  let tcss: EmulatorHandle;
  let hw: EmulatorHandle;

  beforeAll(async () => {
    const now = Date.now();
    tcss = await startEmulator('tencent-tcss', {
      accounts: [ACCOUNT, GREEDY],
      quotaPerSecond: 1000,
      tasks: [{ id: 'a-task', accountId: ACCOUNT.accountId, createdAt: now, durationMs: 600_000 }],
    });
    hw = await startEmulator('huawei-workspace', { accounts: [ACCOUNT, GREEDY] });
    const config = testConfig(
      [
        { id: 'team-a', apiKeys: [API_KEY], providers: providerSettings('tencent-tcss', tcss.url, ACCOUNT) },
        // The greedy tenant reads Huawei at its default 10 requests/s.
        {
          id: 'team-g',
          apiKeys: [GREEDY_KEY],
          providers: providerSettings('huawei-workspace', hw.url, GREEDY, { maxRequestsPerSecond: 10 }),
        },
      ],
      { polling: { intervalMs: 200, maxIntervalMs: 1000 } },
    );
    app = await createApp(config, { logger: memoryLogger('warn').logger });
  });

  afterAll(async () => {
    await app?.stop();
    await Promise.all([tcss?.dispose(), hw?.dispose()]);
  });

  it('is refused beyond its caps with errors naming them, other tenants are served, and nothing is read for it once it left', async () => {
    // 1,000 subscriptions of 100 distinct unknown Huawei ids each, over 10 sockets (100 operations each).
    const clients = Array.from({ length: 10 }, () => wsClient(app, GREEDY_KEY));
    const recordings = Array.from({ length: 1000 }, (_, s) =>
      record(clients[s % 10]!, SUBSCRIBE, { ids: Array.from({ length: 100 }, (_, i) => huawei(`g-${s}-${i}`)) }),
    );
    // At most 10 subscriptions fit the 1,000 watched tasks; every other one is refused.
    await waitUntil(() => recordings.filter((r) => r.errors.length > 0).length >= 990, 'all but 10 subscriptions to be refused');
    const refused = recordings.flatMap(codes);
    expect(refused.length).toBeGreaterThanOrEqual(990);
    expect(new Set(refused)).toEqual(new Set(['RATE_LIMITED']));
    const messages = recordings.flatMap((r) => r.errors.map((e) => JSON.stringify(e)));
    expect(messages.some((m) => m.includes('Too many watched tasks') || m.includes('task ids per 10 s'))).toBe(true);
    expect(app.live.activePollers).toBeLessThanOrEqual(1000);

    // Meanwhile another tenant reads another provider as usual.
    for (let i = 0; i < 5; i++) {
      const res = await gql(app, `{ exportTask(id: "${tencent('a-task')}") { id status } }`);
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ exportTask: { id: tencent('a-task'), status: 'RUNNING' } });
    }

    await Promise.all(clients.map((c) => c.dispose()));
    const left = Date.now();
    await waitUntil(() => app.live.activePollers === 0, 'every poller of the greedy tenant to stop');
    await sleep(2 * 200 + 500);
    const late = hw.stats.requests.filter((q) => q.accessKeyId === GREEDY.accessKeyId && q.at > left + 2 * 200);
    expect(late).toEqual([]);
    expect(tcss.stats.requests.filter((q) => q.accessKeyId === GREEDY.accessKeyId)).toEqual([]);
  });
});

describe('work nobody waits for', () => {
  let stack: Stack;
  afterEach(() => stack?.dispose());

  it('stops calling for 500 watched tasks once they are unsubscribed', async () => {
    const ids = Array.from({ length: 500 }, (_, i) => `w-${i}`);
    stack = await startStack({
      providers: ['tencent-tcss'],
      quotaPerSecond: 1000,
      config: { polling: { intervalMs: 300, maxIntervalMs: 1000 } },
      tasks: { 'tencent-tcss': ids.map((id) => ({ id, accountId: ACCOUNT.accountId, createdAt: Date.now(), durationMs: 600_000 })) },
    });
    const emulator = stack.emulator('tencent-tcss');
    const client = wsClient(stack.app);
    const subs = Array.from({ length: 5 }, (_, s) => record(client, SUBSCRIBE, { ids: ids.slice(s * 100, s * 100 + 100).map(tencent) }));
    await Promise.all(subs.map((r) => r.waitFor(100)));
    await client.dispose();
    const left = Date.now();
    await waitUntil(() => stack.app.live.activePollers === 0, 'the 500 pollers to stop');
    await sleep(300 + 2000 + 300); // one interval, and the timeout of a call in flight (2 s in tests), and then some
    expect(emulator.stats.requests.filter((q) => q.at > left + 300 + 2000)).toEqual([]);
  });

  it('drops the reads of a 100-id query whose client disconnected: no call starts after it left', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `q-${i}`);
    stack = await startStack({
      providers: ['huawei-workspace'],
      settings: { maxRequestsPerSecond: 5 }, // a start every 215 ms: the query would take 21 s
      // 1,100 newer tasks: the account has more pages than the batch's listing cap, so after its first page the
      // batch reads its 100 ids one by one (src/tenancy/listing-batch.ts), the reads this test drops.
      tasks: {
        'huawei-workspace': [
          ...ids.map((id) => ({ id, accountId: ACCOUNT.accountId, createdAt: Date.now() - 60_000, durationMs: 600_000 })),
          ...Array.from({ length: 1100 }, (_, i) => ({
            id: `newer-${i}`,
            accountId: ACCOUNT.accountId,
            createdAt: Date.now(),
            durationMs: 600_000,
          })),
        ],
      },
    });
    const emulator = stack.emulator('huawei-workspace');
    const controller = new AbortController();
    const request = fetch(stack.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ query: 'query ($ids: [ID!]!) { exportTasks(ids: $ids) { id } }', variables: { ids: ids.map(huawei) } }),
      signal: controller.signal,
    }).catch(() => 'aborted');
    await waitUntil(() => emulator.stats.total() >= 3, 'the first reads');
    controller.abort();
    const left = Date.now();
    expect(await request).toBe('aborted');
    await sleep(1500);
    const calls = emulator.stats.requests;
    expect(calls.length).toBeLessThan(10);
    // At most the start already granted when the client left (one gap, 215 ms) comes after it.
    expect(calls.filter((q) => q.at > left + 215 + 50)).toEqual([]);
  });

  it('answers a query within 2× its idle latency while 500 watched tasks wait for the same budget (the provider answering in 200 ms)', async () => {
    const ids = Array.from({ length: 500 }, (_, i) => `l-${i}`);
    const asked = Array.from({ length: 10 }, (_, i) => `asked-${i}`);
    stack = await startStack({
      providers: ['tencent-tcss'],
      settings: { maxRequestsPerSecond: 20 },
      config: { polling: { intervalMs: 1000, maxIntervalMs: 30_000 } },
      tasks: {
        'tencent-tcss': [...ids, ...asked].map((id) => ({ id, accountId: ACCOUNT.accountId, createdAt: Date.now(), durationMs: 600_000 })),
      },
    });
    const emulator = stack.emulator('tencent-tcss');
    emulator.faults.inject({ kind: 'latency', ms: 200 });
    const timed = async (id: string) => {
      const started = Date.now();
      const res = await gql(stack.app, `{ exportTask(id: "${tencent(id)}") { id } }`);
      expect(res.data).toEqual({ exportTask: { id: tencent(id) } });
      return Date.now() - started;
    };
    const idle: number[] = [];
    for (const id of asked.slice(0, 5)) idle.push(await timed(id));
    const client = wsClient(stack.app);
    const subs = Array.from({ length: 5 }, (_, s) => record(client, SUBSCRIBE, { ids: ids.slice(s * 100, s * 100 + 100).map(tencent) }));
    await waitUntil(() => emulator.stats.total() >= 5 + 20, 'the polls to be under way');
    const busy: number[] = [];
    for (const id of asked.slice(5)) busy.push(await timed(id));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // On failure the object shows every latency measured.
    expect({ underTwiceIdle: Math.max(...busy) < 2 * median(idle), idle, busy }).toMatchObject({ underTwiceIdle: true });
    for (const s of subs) s.stop();
    await client.dispose();
  });

  it('sends a query before the polls of 500 watched tasks waiting for the same budget', async () => {
    const ids = Array.from({ length: 500 }, (_, i) => `p-${i}`);
    stack = await startStack({
      providers: ['tencent-tcss'],
      settings: { maxRequestsPerSecond: 20 },
      config: { polling: { intervalMs: 1000, maxIntervalMs: 30_000 } },
      tasks: {
        'tencent-tcss': [...ids, 'asked'].map((id) => ({ id, accountId: ACCOUNT.accountId, createdAt: Date.now(), durationMs: 600_000 })),
      },
    });
    const emulator = stack.emulator('tencent-tcss');
    const client = wsClient(stack.app);
    const subs = Array.from({ length: 5 }, (_, s) => record(client, SUBSCRIBE, { ids: ids.slice(s * 100, s * 100 + 100).map(tencent) }));
    await waitUntil(() => emulator.stats.total() >= 20, 'the polls to be under way');
    const before = emulator.stats.total();
    const res = await gql(stack.app, `{ exportTask(id: "${tencent('asked')}") { id } }`);
    expect(res.data).toEqual({ exportTask: { id: tencent('asked') } });
    // Hundreds of polls wait for the budget: the query's read is among the next two starts, not behind them.
    const after = emulator.stats.requests.slice(before).map((q) => q.taskIds[0]);
    expect(after.indexOf('asked')).toBeGreaterThanOrEqual(0);
    expect(after.indexOf('asked')).toBeLessThanOrEqual(1);
    for (const s of subs) s.stop();
    await client.dispose();
  });
});

describe('operations over too many ids, and malformed ids, stay cheap', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ providers: ['tencent-tcss'], quotaPerSecond: 1000 });
  });
  afterAll(() => stack.dispose());

  const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on ExportTask { id status } } }';

  it('refuses _entities with 2,000 representations, and 30 aliases × 100 ids, before any upstream call', async () => {
    const r = Array.from({ length: 2000 }, (_, i) => ({ __typename: 'ExportTask', id: tencent(`e-${i}`) }));
    const entities = await gql(stack.app, ENTITIES, { r });
    expect(entities.status).toBe(400);
    expect(entities.errors).toEqual([
      {
        message:
          'Too many task ids: this operation names 2000, and one operation may name at most 100 (counted over its fields, aliases, fragments and _entities representations)',
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ]);
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: exportTasks(ids: $ids) { id }`).join(' ');
    const ids = Array.from({ length: 100 }, (_, i) => tencent(`x-${i}`));
    const aliased = await gql(stack.app, `query ($ids: [ID!]!) { ${aliases} }`, { ids });
    expect(aliased.errors![0]!.message).toContain('this operation names 3000');
    expect(stack.emulator('tencent-tcss').stats.total()).toBe(0);
  });

  it('answers malformed _entities ids with BAD_USER_INPUT and logs one line for the operation', async () => {
    stack.logs.length = 0;
    const r = [
      { __typename: 'ExportTask', id: 5 },
      { __typename: 'ExportTask', id: { nested: true } },
      { __typename: 'ExportTask', id: null },
      { __typename: 'ExportTask' },
    ];
    const res = await gql(stack.app, ENTITIES, { r });
    expect(res.errors!.map((e) => [e.path, e.extensions!['code'], e.message])).toEqual([
      [['_entities', 0], 'BAD_USER_INPUT', 'Invalid ExportTask representation: expected "id" to be a task id string, but got a number'],
      [['_entities', 1], 'BAD_USER_INPUT', 'Invalid ExportTask representation: expected "id" to be a task id string, but got an object'],
      [['_entities', 2], 'BAD_USER_INPUT', 'Invalid ExportTask representation: expected "id" to be a task id string, but got null'],
      [['_entities', 3], 'BAD_USER_INPUT', 'Invalid ExportTask representation: expected "id" to be a task id string, but it is missing'],
    ]);
    const lines = stack.logs.map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
    expect(lines.filter((l) => l.msg === 'graphql operation')).toHaveLength(1);
    expect(stack.emulator('tencent-tcss').stats.total()).toBe(0);
  });

  it('takes the ids of an operation from the tenant’s incoming rate limit', async () => {
    const limited = await startStack({
      providers: ['tencent-tcss'],
      quotaPerSecond: 1000,
      config: { server: { ...testConfig([]).server, rateLimit: { requests: 1000, ids: 150, windowSeconds: 60 } } },
    });
    try {
      const ids = Array.from({ length: 100 }, (_, i) => tencent(`r-${i}`));
      const q = 'query ($ids: [ID!]!) { exportTasks(ids: $ids) { id } }';
      const first = await gql(limited.app, q, { ids });
      expect(first.status).toBe(200);
      const second = await gql(limited.app, q, { ids });
      expect(second.status).toBe(429);
      expect(second.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(second.errors![0]!.message).toMatch(
        /^Too many requests: this tenant may start at most 150 task ids per 60 s; retry after \d+ s$/,
      );
    } finally {
      await limited.dispose();
    }
  });
});

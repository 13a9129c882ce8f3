import { parse } from 'graphql';

import { API_KEY, gql, type Stack, startStack } from '../support/stack';
import { record, wsClient } from '../support/ws-client';

/** One scrape of /metrics: series (`name{labels}`) to value. */
type Scrape = ReadonlyMap<string, number>;

async function scrape(stack: Stack): Promise<Scrape> {
  const res = await fetch(stack.app.url.replace(/\/graphql$/, '/metrics'));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const series = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

/** How much each of `series` moved from `before` to `after` (a series absent before counts from 0). */
function moved(before: Scrape, after: Scrape, series: readonly string[]): Record<string, number> {
  return Object.fromEntries(series.map((s) => [s, (after.get(s) ?? 0) - (before.get(s) ?? 0)]));
}

const TASKS = ['m-1', 'm-2', 'm-3'];
const THREE = `query ThreeTasks { exportTasks(ids: ${JSON.stringify(TASKS.map((t) => `tencent-tcss:${t}`))}) { id status progress } }`;

describe('/metrics', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      providers: ['tencent-tcss'],
      tasks: { 'tencent-tcss': TASKS.map((id) => ({ id, accountId: 'acct-a', createdAt: Date.now(), durationMs: 600_000 })) },
      // A fresh state is reused for a minute (cache hits); five requests per second (budget waits).
      config: { cache: { freshMs: 60_000, terminalMs: 3_600_000, maxEntries: 1000 } },
      settings: { maxRequestsPerSecond: 5 },
    });
  });
  afterAll(() => stack.dispose());

  it('counts upstream requests, latencies, budget waits, cache misses and the operation of a first read', async () => {
    const before = await scrape(stack);
    const res = await gql(stack.app, THREE);
    expect(res.errors).toBeUndefined();
    const after = await scrape(stack);
    expect(
      moved(before, after, [
        'exports_upstream_requests_total{provider="tencent-tcss",outcome="OK"}',
        'exports_upstream_request_duration_seconds_count{provider="tencent-tcss"}',
        'exports_upstream_budget_waits_total{tenant="team-a",provider="tencent-tcss"}',
        'exports_task_cache_reads_total{provider="tencent-tcss",result="miss"}',
        'exports_task_cache_reads_total{provider="tencent-tcss",result="hit"}',
        'exports_graphql_operations_total{operation="ThreeTasks",type="query",outcome="ok"}',
        'exports_graphql_operation_duration_seconds_count{operation="ThreeTasks",type="query"}',
        'exports_task_cache_entries',
      ]),
    ).toEqual({
      'exports_upstream_requests_total{provider="tencent-tcss",outcome="OK"}': 3,
      'exports_upstream_request_duration_seconds_count{provider="tencent-tcss"}': 3,
      // Three reads at once within 5 per second: the first starts, the other two wait their turn.
      'exports_upstream_budget_waits_total{tenant="team-a",provider="tencent-tcss"}': 2,
      'exports_task_cache_reads_total{provider="tencent-tcss",result="miss"}': 3,
      'exports_task_cache_reads_total{provider="tencent-tcss",result="hit"}': 0,
      'exports_graphql_operations_total{operation="ThreeTasks",type="query",outcome="ok"}': 1,
      'exports_graphql_operation_duration_seconds_count{operation="ThreeTasks",type="query"}': 1,
      exports_task_cache_entries: 3,
    });
    expect(after.get('exports_upstream_circuit_state{tenant="team-a",provider="tencent-tcss",state="closed"}')).toBe(1);
    expect(after.get('exports_upstream_circuit_state{tenant="team-a",provider="tencent-tcss",state="open"}')).toBe(0);
  });

  it('counts cache hits without upstream requests', async () => {
    const before = await scrape(stack);
    await gql(stack.app, THREE);
    const after = await scrape(stack);
    expect(
      moved(before, after, [
        'exports_upstream_requests_total{provider="tencent-tcss",outcome="OK"}',
        'exports_task_cache_reads_total{provider="tencent-tcss",result="hit"}',
        'exports_task_cache_reads_total{provider="tencent-tcss",result="miss"}',
        'exports_graphql_operations_total{operation="ThreeTasks",type="query",outcome="ok"}',
      ]),
    ).toEqual({
      'exports_upstream_requests_total{provider="tencent-tcss",outcome="OK"}': 0,
      'exports_task_cache_reads_total{provider="tencent-tcss",result="hit"}': 3,
      'exports_task_cache_reads_total{provider="tencent-tcss",result="miss"}': 0,
      'exports_graphql_operations_total{operation="ThreeTasks",type="query",outcome="ok"}': 1,
    });
  });

  it('counts failures by their code: an upstream NOT_FOUND (a partial result) and an invalid operation', async () => {
    const before = await scrape(stack);
    const missing = await gql(stack.app, 'query Missing { exportTask(id: "tencent-tcss:no-such-task") { id } }');
    expect(missing.errors![0]!.extensions!['code']).toBe('NOT_FOUND');
    expect((await gql(stack.app, '{ nope }')).status).toBe(400);
    const after = await scrape(stack);
    expect(
      moved(before, after, [
        'exports_upstream_requests_total{provider="tencent-tcss",outcome="NOT_FOUND"}',
        'exports_upstream_requests_total{provider="tencent-tcss",outcome="OK"}',
        'exports_graphql_operations_total{operation="Missing",type="query",outcome="partial"}',
        'exports_graphql_operations_total{operation="__anonymous",type="unknown",outcome="error"}',
      ]),
    ).toEqual({
      'exports_upstream_requests_total{provider="tencent-tcss",outcome="NOT_FOUND"}': 1,
      'exports_upstream_requests_total{provider="tencent-tcss",outcome="OK"}': 0,
      'exports_graphql_operations_total{operation="Missing",type="query",outcome="partial"}': 1,
      'exports_graphql_operations_total{operation="__anonymous",type="unknown",outcome="error"}': 1,
    });
    // NOT_FOUND is an answer, never retried.
    const retries = (s: Scrape) => [...s].filter(([k]) => k.startsWith('exports_upstream_retries_total')).reduce((n, [, v]) => n + v, 0);
    expect(retries(after) - retries(before)).toBe(0);
  });

  it('counts a retried upstream call: the failed attempt by its code, the retry, and the attempt that answered', async () => {
    const emulator = stack.emulator('tencent-tcss');
    emulator.faults.inject({ kind: 'server-error' }, { times: 1 });
    const before = await scrape(stack);
    const res = await gql(stack.app, 'query Retried { exportTask(id: "tencent-tcss:no-such-task-either") { id } }');
    expect(res.errors![0]!.extensions!['code']).toBe('NOT_FOUND');
    const after = await scrape(stack);
    emulator.faults.clear();
    expect(
      moved(before, after, [
        'exports_upstream_requests_total{provider="tencent-tcss",outcome="PROVIDER_UNAVAILABLE"}',
        'exports_upstream_requests_total{provider="tencent-tcss",outcome="NOT_FOUND"}',
        'exports_upstream_retries_total{provider="tencent-tcss",code="PROVIDER_UNAVAILABLE"}',
        'exports_upstream_request_duration_seconds_count{provider="tencent-tcss"}',
      ]),
    ).toEqual({
      'exports_upstream_requests_total{provider="tencent-tcss",outcome="PROVIDER_UNAVAILABLE"}': 1,
      'exports_upstream_requests_total{provider="tencent-tcss",outcome="NOT_FOUND"}': 1,
      'exports_upstream_retries_total{provider="tencent-tcss",code="PROVIDER_UNAVAILABLE"}': 1,
      'exports_upstream_request_duration_seconds_count{provider="tencent-tcss"}': 2,
    });
  });

  it('shows active subscriptions and pollers while a subscription runs, and none after, and times every poll against its deadline', async () => {
    const before = await scrape(stack);
    const client = wsClient(stack.app);
    const doc = parse('subscription { exportTaskUpdates(ids: ["tencent-tcss:m-1", "tencent-tcss:m-2"]) { id final } }');
    const rec = record(client, doc, {});
    try {
      await rec.waitFor(2);
      const during = await scrape(stack);
      expect(during.get('exports_subscriptions_active')).toBe(1);
      expect(during.get('exports_pollers_active')).toBe(2);
      // Both tasks' first polls have started (their events arrived), each timed against its deadline.
      expect(moved(before, during, ['exports_poll_lateness_seconds_count']).exports_poll_lateness_seconds_count).toBeGreaterThanOrEqual(2);
    } finally {
      rec.stop();
      await client.dispose();
    }
    let after = await scrape(stack);
    for (let i = 0; i < 50 && after.get('exports_subscriptions_active') !== 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = await scrape(stack);
    }
    expect(after.get('exports_subscriptions_active')).toBe(0);
    expect(after.get('exports_pollers_active')).toBe(0);
  });

  it('includes the process metrics of Node', async () => {
    const s = await scrape(stack);
    expect(s.get('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(s.has('nodejs_eventloop_lag_p99_seconds')).toBe(true);
  });
});

describe('logs', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      providers: ['tencent-tcss'],
      tasks: { 'tencent-tcss': [{ id: 'log-1', accountId: 'acct-a', createdAt: Date.now(), durationMs: 600_000 }] },
    });
  });
  afterAll(() => stack.dispose());

  it('log each operation with its request id (also sent as x-request-id) and each upstream call with the provider request id', async () => {
    const res = await fetch(stack.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ query: 'query OneTask { exportTask(id: "tencent-tcss:log-1") { id requestId } }' }),
    });
    const body = (await res.json()) as { data: { exportTask: { requestId: string } } };
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const lines = stack.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    const operation = lines.find((l) => l['msg'] === 'graphql operation' && l['requestId'] === requestId);
    expect(operation).toMatchObject({ level: 30, operation: 'OneTask', type: 'query', outcome: 'ok', tenant: 'team-a' });
    expect(typeof operation!['durationMs']).toBe('number');
    const upstream = lines.find((l) => l['msg'] === 'upstream call' && l['providerRequestId'] === body.data.exportTask.requestId);
    expect(upstream).toMatchObject({ level: 20, tenant: 'team-a', provider: 'tencent-tcss', outcome: 'OK' });
    expect(typeof upstream!['latencyMs']).toBe('number');
  });
});

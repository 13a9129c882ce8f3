import { request } from 'node:http';

import { API_KEY, type Stack, startStack } from '../support/stack';

const TOKEN = 'metrics-scrape-token-0123456789';

/** GET `url` with optional headers: status, content type and body. */
async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(url, { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** Whether a TCP connection to the URL's port is refused. */
function refused(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, () => resolve(false));
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
    req.end();
  });
}

const tasks = { 'tencent-tcss': [{ id: 'mp-1', accountId: 'acct-a', createdAt: Date.now(), durationMs: 600_000 }] };

describe('server.metrics.port: /metrics on a port of its own', () => {
  let stack: Stack;
  let main: string;
  beforeAll(async () => {
    stack = await startStack({ providers: ['tencent-tcss'], tasks, config: { server: serverWith({ port: 0 }) } });
    main = stack.app.url.replace(/\/graphql$/, '');
  });
  afterAll(() => stack?.dispose());

  it('serves the Prometheus text, health and readiness there', async () => {
    const url = stack.app.metricsUrl!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(url).port).not.toBe(String(stack.app.port));
    const metrics = await get(url);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.body).toContain('exports_task_cache_entries');
    expect((await get(url.replace(/metrics$/, 'healthz'))).status).toBe(200);
    expect(JSON.parse((await get(url.replace(/metrics$/, 'readyz'))).body)).toMatchObject({ status: 'ready' });
  });

  it('answers 404 for /metrics on the main port, which still serves health and GraphQL', async () => {
    const res = await get(`${main}/metrics`);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body).errors[0].extensions.code).toBe('ROUTE_NOT_FOUND');
    expect((await get(`${main}/healthz`)).status).toBe(200);
    const gql = await fetch(stack.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ query: '{ exportTask(id: "tencent-tcss:mp-1") { status } }' }),
    });
    expect(((await gql.json()) as { data: { exportTask: { status: string } } }).data.exportTask.status).toBe('RUNNING');
  });

  it('serves nothing else on the metrics port', async () => {
    const res = await get(stack.app.metricsUrl!.replace(/metrics$/, 'graphql'));
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body).errors[0].extensions.code).toBe('ROUTE_NOT_FOUND');
  });

  it('closes the metrics port when the service stops', async () => {
    const own = await startStack({ providers: ['tencent-tcss'], config: { server: serverWith({ port: 0 }) } });
    const url = own.app.metricsUrl!;
    expect((await get(url)).status).toBe(200);
    await own.dispose();
    expect(await refused(url)).toBe(true);
  });
});

describe('server.metrics.bearerToken: /metrics guarded on the main port', () => {
  let stack: Stack;
  let metrics: string;
  beforeAll(async () => {
    stack = await startStack({ providers: ['tencent-tcss'], config: { server: serverWith({ bearerToken: TOKEN }) } });
    metrics = stack.app.url.replace(/\/graphql$/, '/metrics');
  });
  afterAll(() => stack?.dispose());

  it('answers 401 without the token, with a wrong one, and with an API key', async () => {
    const refusedHeaders: Array<Record<string, string>> = [
      {},
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Bearer ${API_KEY}` },
      { authorization: TOKEN },
    ];
    for (const headers of refusedHeaders) {
      const res = await get(metrics, headers);
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(res.body).not.toContain(TOKEN);
    }
  });

  it('serves the metrics with the token, and health without it', async () => {
    const res = await get(metrics, { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.body).toContain('exports_task_cache_entries');
    expect((await get(metrics.replace(/metrics$/, 'readyz'))).status).toBe(200);
    expect(stack.app.metricsUrl).toBeUndefined();
  });
});

/** The test server settings with `metrics` set. */
function serverWith(metrics: { port?: number; bearerToken?: string }) {
  return { host: '127.0.0.1', port: 0, playground: false, introspection: true, shutdownGraceMs: 2000, shutdownTimeoutMs: 10_000, metrics };
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { getIntrospectionQuery, parse, validate } from 'graphql';
import type { Client } from 'graphql-ws';
import WebSocket from 'ws';

import { parseConfig } from '../../src/config/load-config';
import { type EmulatorHandle, startEmulator } from '../../src/emulator';
import { buildServiceSchema } from '../../src/graphql/build-schema';
import { ConfigError } from '../../src/options/config-error';
import { type App, createApp } from '../../src/server/app';
import { DEFAULT_OPERATION_LIMITS, limitValidationRules } from '../../src/server/limits/operation-limits';
import { memoryLogger } from '../support/silent-logger';
import { ACCOUNT, API_KEY, gql, providerSettings, testConfig } from '../support/stack';
import { wsClient } from '../support/ws-client';

const KEY_B = 'test-api-key-tenant-b-000000000002';

/** Runs one operation over graphql-ws and resolves with what came back: the result, or the operation's errors. */
function wsRun(
  client: Client,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ data?: unknown; errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> }> {
  return new Promise((resolve, reject) => {
    let result: { data?: unknown; errors?: never } = {};
    client.subscribe(
      { query, variables },
      {
        next: (v) => (result = v as typeof result),
        error: (e) => (Array.isArray(e) ? resolve({ errors: e }) : reject(e instanceof Error ? e : new Error(JSON.stringify(e)))),
        complete: () => resolve(result),
      },
    );
  });
}

/** Nested `provider { exportTasks { edges { node { provider … } } } }` `levels` times (a deep but valid query). */
function deepQuery(levels: number): string {
  let inner = 'id';
  for (let i = 0; i < levels; i++) inner = `provider { exportTasks(first: 1) { edges { node { ${inner} } } } }`;
  return `{ exportTask(id: "huawei-workspace:t1") { ${inner} } }`;
}

const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: providers { id }`).join(' ')} }`;

async function post(app: App, body: string, headers: Record<string, string>, key: string | null = API_KEY) {
  const res = await fetch(app.url, { method: 'POST', headers: { ...headers, ...(key ? { authorization: `Bearer ${key}` } : {}) }, body });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> },
  };
}

describe('operation limits (the same over HTTP and WebSocket)', () => {
  let app: App;
  let huawei: EmulatorHandle;
  let client: Client;
  beforeAll(async () => {
    huawei = await startEmulator('huawei-workspace', { accounts: [ACCOUNT] });
    app = await createApp(
      testConfig([{ id: 'team-a', apiKeys: [API_KEY], providers: providerSettings('huawei-workspace', huawei.url, ACCOUNT) }]),
      { logger: memoryLogger().logger },
    );
    client = wsClient(app);
  });
  afterAll(async () => {
    await client.dispose();
    await app.stop();
    await huawei.dispose();
  });

  it.each([
    ['depth', deepQuery(3), 'Query depth limit of 10 exceeded, found 14.'],
    ['aliases', aliases(31), 'Aliases limit of 30 exceeded, found 31.'],
    ['directives', `{ providers { id ${'@include(if: true) '.repeat(51)} } }`, 'Directives limit of 50 exceeded, found 51.'],
    [
      'cost',
      '{ providers { exportTasks(first: 100) { edges { node { provider { exportTasks(first: 100) { totalCount } } } } } } }',
      'Query Cost limit of 50000 exceeded, found 268220.75.',
    ],
  ])(
    'refuses an operation over the %s limit with 400 GRAPHQL_VALIDATION_FAILED, before any upstream call',
    async (_what, query, message) => {
      huawei.stats.reset();
      const res = await gql(app, query);
      expect(res.status).toBe(400);
      expect(res.data).toBeUndefined();
      expect(res.errors!.map((e) => [e.message, e.extensions?.['code']])).toContainEqual([message, 'GRAPHQL_VALIDATION_FAILED']);
      const ws = await wsRun(client, query);
      expect(ws.errors!.map((e) => [e.message, e.extensions?.['code']])).toContainEqual([message, 'GRAPHQL_VALIDATION_FAILED']);
      expect(huawei.stats.total()).toBe(0);
    },
  );

  it('refuses a document of more than maxTokens tokens while parsing', async () => {
    const query = `{ providers { ${'id '.repeat(DEFAULT_OPERATION_LIMITS.maxTokens)} } }`;
    const res = await gql(app, query);
    expect(res.status).toBe(400);
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: 'Syntax Error: Document contains more that 5000 tokens. Parsing aborted.',
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      }),
    ]);
    const ws = await wsRun(client, query);
    expect(ws.errors).toEqual([
      expect.objectContaining({
        message: 'Syntax Error: Document contains more that 5000 tokens. Parsing aborted.',
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      }),
    ]);
  });

  it('lets every operation of schema/operations and the GraphiQL introspection query through', async () => {
    const schema = await buildServiceSchema();
    const dir = join(__dirname, '../../schema/operations');
    const fragments = readFileSync(join(dir, 'export-task-fields.graphql'), 'utf8');
    const documents = readdirSync(dir)
      .filter((f) => f !== 'export-task-fields.graphql')
      .map((f) => readFileSync(join(dir, f), 'utf8') + (f === 'providers.graphql' ? '' : fragments));
    for (const doc of [...documents, getIntrospectionQuery()]) expect(validate(schema, parse(doc), limitValidationRules())).toEqual([]);
    expect(documents.length).toBeGreaterThanOrEqual(5);
  });

  it('allows at most 100 ids, in queries and subscriptions', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `huawei-workspace:t${i}`);
    // The operation's count (limits.idsPerOperation, 100) refuses it before the field's own cap (100) could.
    const message =
      'Too many task ids: this operation names 101, and one operation may name at most 100 (counted over its fields, aliases, fragments and _entities representations)';
    const res = await gql(app, 'query ($ids: [ID!]!) { exportTasks(ids: $ids) { id } }', { ids });
    expect(res.errors).toEqual([expect.objectContaining({ message, extensions: { code: 'BAD_USER_INPUT' } })]);
    const ws = await wsRun(client, 'subscription ($ids: [ID!]!) { exportTaskUpdates(ids: $ids) { id } }', { ids });
    expect(ws.errors).toEqual([expect.objectContaining({ message, extensions: { code: 'BAD_USER_INPUT' } })]);
  });

  it.each([0, 101, -1])('refuses page size first: %d with BAD_USER_INPUT', async (first) => {
    const res = await gql(app, `query ($first: Int) { provider(id: "huawei-workspace") { exportTasks(first: $first) { totalCount } } }`, {
      first,
    });
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: `Invalid page size: expected "first" from 1 to 100, but got ${first}`,
        extensions: { code: 'BAD_USER_INPUT' },
      }),
    ]);
  });

  it('caps the request body at 1 MiB (413) and a WebSocket message at 64 KiB (close 1009)', async () => {
    const big = await post(app, JSON.stringify({ query: `{ providers { id } } #${'x'.repeat(1024 * 1024)}` }), {
      'content-type': 'application/json',
    });
    expect(big.status).toBe(413);
    expect(big.body.errors).toEqual([{ message: 'Request body too large: at most 1048576 bytes', extensions: { code: 'BAD_REQUEST' } }]);

    const socket = new WebSocket(app.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((r) => socket.once('open', r));
    const closed = new Promise<number>((r) => socket.once('close', (code) => r(code)));
    socket.send('x'.repeat(64 * 1024 + 1));
    expect(await closed).toBe(1009);
    // The server goes on serving.
    expect((await gql(app, '{ providers { id } }')).status).toBe(200);
  });

  it('runs nothing a cross-site page could send without a preflight, and runs a GET query with the key', async () => {
    // Apollo's CSRF prevention is off (README, "Browsers, CORS and CSRF"): a simple request still cannot
    // carry an operation, as only a JSON body (a content type a form cannot send) is read as one.
    const refused = {
      errors: [{ message: 'POST body missing, invalid Content-Type, or JSON object has no keys.', extensions: { code: 'BAD_REQUEST' } }],
    };
    const plain = await post(app, JSON.stringify({ query: '{ providers { id } }' }), { 'content-type': 'text/plain' });
    expect([plain.status, plain.body]).toEqual([400, refused]);
    const form = await post(app, 'query=%7B__typename%7D', { 'content-type': 'application/x-www-form-urlencoded' });
    expect([form.status, form.body]).toEqual([400, refused]);
    // A GET runs a query without any preflight header (urql's default), given the key, which a browser
    // sends cross-origin only after a preflight the CORS policy answers.
    const get = await fetch(`${app.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { authorization: `Bearer ${API_KEY}`, accept: 'application/json' },
    });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    const anonymous = await fetch(`${app.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } });
    expect(anonymous.status).toBe(401);
  });

  it('shows field suggestions while introspection is on', async () => {
    const res = await gql(app, '{ providers { nam } }');
    expect(res.errors![0]!.message).toBe('Cannot query field "nam" on type "Provider". Did you mean "name"?');
  });
});

describe('field suggestions with introspection off', () => {
  let app: App;
  let client: Client;
  beforeAll(async () => {
    const config = testConfig([{ id: 'team-a', apiKeys: [API_KEY], providers: {} }]);
    app = await createApp({ ...config, server: { ...config.server, introspection: false } }, { logger: memoryLogger().logger });
    client = wsClient(app);
  });
  afterAll(async () => {
    await client.dispose();
    await app.stop();
  });

  it('hides them over HTTP and WebSocket, and refuses introspection', async () => {
    const message = 'Cannot query field "nam" on type "Provider".';
    const res = await gql(app, '{ providers { nam } }');
    expect(res.errors).toEqual([expect.objectContaining({ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
    const ws = await wsRun(client, '{ providers { nam } }');
    expect(ws.errors).toEqual([expect.objectContaining({ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
    const enumValue = await gql(
      app,
      'query ($f: ExportTaskFilter) { provider(id: "huawei-workspace") { exportTasks(filter: $f) { totalCount } } }',
      { f: { status: ['RUNNIN'] } },
    );
    expect(enumValue.errors![0]!.message).not.toMatch(/Did you mean/);
    const introspection = await gql(app, '{ __schema { types { name } } }');
    expect(introspection.status).toBe(400);
    expect(introspection.errors![0]!.message).toMatch(/^GraphQL introspection is not allowed/);
  });

  it.each([
    ['__schema', '{ __schema { types { name } } }'],
    ['__type', '{ __type(name: "ExportTask") { name fields { name } } }'],
    ['an aliased __schema inside a fragment', '{ ...F } fragment F on Query { s: __schema { queryType { name } } }'],
  ])('refuses %s over HTTP and over WebSocket alike', async (_what, query) => {
    const res = await gql(app, query);
    expect([res.status, res.data]).toEqual([400, undefined]);
    expect(res.errors).toEqual([
      {
        message: 'GraphQL introspection is not allowed, but the query contained __schema or __type',
        locations: [expect.any(Object)],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', validationErrorCode: 'INTROSPECTION_DISABLED' },
      },
    ]);
    const ws = await wsRun(client, query);
    expect(ws).toEqual({ errors: res.errors });
  });

  it('still answers __typename', async () => {
    expect(await gql(app, '{ __typename }')).toEqual({ status: 200, data: { __typename: 'Query' } });
    expect(await wsRun(client, '{ __typename }')).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('per-tenant rate limit of incoming operations', () => {
  let app: App;
  beforeAll(async () => {
    const config = testConfig([
      { id: 'team-a', apiKeys: [API_KEY], providers: {} },
      { id: 'team-b', apiKeys: [KEY_B], providers: {} },
    ]);
    app = await createApp(
      { ...config, server: { ...config.server, rateLimit: { requests: 5, ids: 10_000, windowSeconds: 60 } } },
      { logger: memoryLogger().logger },
    );
  });
  afterAll(() => app.stop());

  it('answers 429 RATE_LIMITED with Retry-After beyond the limit, over HTTP and WebSocket, for that tenant only', async () => {
    for (let i = 0; i < 4; i++) expect((await gql(app, '{ providers { id } }')).status).toBe(200);
    const client = wsClient(app);
    try {
      expect(await wsRun(client, '{ providers { id } }')).toMatchObject({ data: { providers: expect.any(Array) } }); // the 5th
      const res = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
        body: JSON.stringify({ query: '{ providers { id } }' }),
      });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
      expect(await res.json()).toEqual({
        errors: [
          {
            message: expect.stringMatching(/^Too many requests: this tenant may start at most 5 operations per 60 s; retry after \d+ s$/),
            extensions: { code: 'RATE_LIMITED' },
          },
        ],
      });
      const ws = await wsRun(client, '{ providers { id } }');
      expect(ws.errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/^Too many requests/),
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) },
        }),
      ]);
    } finally {
      await client.dispose();
    }
    // Another tenant has its own window.
    expect((await gql(app, '{ providers { id } }', undefined, KEY_B)).status).toBe(200);
  });
});

describe('configuration of the limits', () => {
  const doc = (extra: Record<string, unknown>) => ({ tenants: [{ id: 't', apiKeys: ['k'.repeat(16)], providers: {} }], ...extra });

  it('defaults server.rateLimit and resilience', () => {
    const c = parseConfig(doc({}));
    expect(c.server.rateLimit).toEqual({ requests: 1000, ids: 10_000, windowSeconds: 10 });
    expect(c.resilience).toEqual({
      retries: 2,
      retryBaseDelayMs: 100,
      retryMaxDelayMs: 2000,
      breakerFailures: 5,
      breakerHalfOpenMs: 10000,
    });
    expect(parseConfig(doc({ server: { rateLimit: { requests: 50 } }, resilience: { retries: 0 } }))).toMatchObject({
      server: { rateLimit: { requests: 50, windowSeconds: 10 } },
      resilience: { retries: 0, breakerFailures: 5 },
    });
  });

  it.each([
    [{ server: { rateLimit: { requests: 0 } } }, '$.server.rateLimit.requests: expected an integer from 1 to 100000000, but got 0'],
    [{ server: { rateLimit: { perSecond: 5 } } }, '$.server.rateLimit: unknown option(s) "perSecond"'],
    [{ resilience: { retries: 11 } }, '$.resilience.retries: expected an integer from 0 to 10, but got 11'],
    [{ resilience: { breakerFailures: '5' } }, '$.resilience.breakerFailures: expected an integer from 1 to 1000, but got "5"'],
  ])('names a bad option: %j', (extra, message) => {
    expect(() => parseConfig(doc(extra))).toThrow(new ConfigError(message));
  });
});

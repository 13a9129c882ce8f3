import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import WebSocket from 'ws';

import type { ProviderId } from '../../src/domain/provider-id';
import { type EmulatorHandle, startEmulator } from '../../src/emulator';
import { buildServiceSchema } from '../../src/graphql/build-schema';
import { type App, createApp } from '../../src/server/app';
import { OperationPreparer } from '../../src/server/operation-preparer';
import { SharedSubscriptionEvents } from '../../src/server/shared-subscription-events';
import { attachWebSocket } from '../../src/server/websocket';
import { memoryLogger } from '../support/silent-logger';
import { ACCOUNT, API_KEY, gql, providerSettings, testConfig } from '../support/stack';

// Jest does not start node with --expose-gc; the flag can still be turned on, and `gc` read from a fresh context.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (() => void) | undefined;

const PROVIDERS: readonly ProviderId[] = ['alibaba-sas', 'alibaba-siem', 'tencent-tcss', 'huawei-workspace'];

interface Answer {
  status: number;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

async function raw(app: App, body: string | Buffer, headers: Record<string, string>, method = 'POST'): Promise<Answer> {
  const res = await fetch(app.url, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, ...headers },
    ...(method === 'POST' ? { body } : {}),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

const json = { 'content-type': 'application/json' };
const firstError = (a: Answer) => [a.status, a.body.errors?.[0]?.extensions?.['code'], a.body.errors?.[0]?.message];

type Message = Record<string, unknown>;
/** Messages received and not yet taken by `next`, and who waits for which type, per socket. */
const inboxes = new WeakMap<
  WebSocket,
  { queue: Message[]; waiters: Array<{ type: string; resolve: (m: Message) => void; reject: (e: Error) => void }> }
>();

/** Opens a raw graphql-transport-ws socket; resolves once open. */
async function socket(
  app: App,
  protocol = 'graphql-transport-ws',
): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(app.url.replace(/^http/, 'ws'), protocol);
  const inbox = {
    queue: [] as Message[],
    waiters: [] as Array<{ type: string; resolve: (m: Message) => void; reject: (e: Error) => void }>,
  };
  inboxes.set(ws, inbox);
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as Message;
    const w = inbox.waiters.findIndex((x) => x.type === m['type']);
    if (w >= 0) inbox.waiters.splice(w, 1)[0]!.resolve(m);
    else inbox.queue.push(m);
  });
  // A socket that closes fails whoever still waits on it, with its close code.
  ws.once('close', (code) =>
    inbox.waiters.splice(0).forEach((w) => w.reject(new Error(`socket closed with ${code} while waiting for ${w.type}`))),
  );
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, closed };
}

/** The next message of `type` (received already or still to come). */
function next(ws: WebSocket, type: string): Promise<Message> {
  const inbox = inboxes.get(ws)!;
  const i = inbox.queue.findIndex((m) => m['type'] === type);
  if (i >= 0) return Promise.resolve(inbox.queue.splice(i, 1)[0]!);
  if (ws.readyState === ws.CLOSED) return Promise.reject(new Error(`socket closed while waiting for ${type}`));
  return new Promise((resolve, reject) => inbox.waiters.push({ type, resolve, reject }));
}

const init = (ws: WebSocket, key = API_KEY) =>
  ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } }));

describe('the bad-input corpus', () => {
  let app: App;
  const emulators = new Map<ProviderId, EmulatorHandle>();
  let heapBefore = 0;

  beforeAll(async () => {
    let providers = {};
    for (const p of PROVIDERS) {
      const e = await startEmulator(p, {
        accounts: [ACCOUNT],
        quotaPerSecond: 1000,
        tasks: [{ id: p.startsWith('alibaba') ? '1001' : 'live-1', accountId: ACCOUNT.accountId, durationMs: 600_000 }],
      });
      emulators.set(p, e);
      providers = { ...providers, ...providerSettings(p, e.url, ACCOUNT) };
    }
    const config = testConfig([{ id: 'team-a', apiKeys: [API_KEY], providers }]);
    // A high operation limit: the corpus sends thousands of operations on purpose.
    app = await createApp(
      { ...config, server: { ...config.server, rateLimit: { requests: 1_000_000, ids: 100_000_000, windowSeconds: 1 } } },
      { logger: memoryLogger().logger },
    );
    await serves(); // warm caches before measuring memory
    gc?.();
    heapBefore = process.memoryUsage().heapUsed;
  });
  afterAll(async () => {
    await app.stop();
    await Promise.all([...emulators.values()].map((e) => e.dispose()));
  });

  /** The server still answers a normal query correctly. */
  async function serves(): Promise<void> {
    const res = await gql(app, '{ exportTask(id: "tencent-tcss:live-1") { id status } }');
    expect(res).toMatchObject({ status: 200, data: { exportTask: { id: 'tencent-tcss:live-1', status: 'RUNNING' } } });
  }

  describe('over HTTP', () => {
    it.each([
      ['malformed JSON', '{"query": ', json, [400, 'BAD_REQUEST', 'Malformed JSON in the request body']],
      ['a JSON array (batching is off)', '[{"query":"{ providers { id } }"}]', json, [400, 'BAD_REQUEST', 'Operation batching disabled.']],
      [
        'a JSON string',
        '"{ providers { id } }"',
        json,
        [400, 'BAD_REQUEST', 'POST body missing, invalid Content-Type, or JSON object has no keys.'],
      ],
      ['an empty body', '', json, [400, 'BAD_REQUEST', 'Malformed JSON in the request body']],
      ['a non-string query', '{"query": 42}', json, [400, 'BAD_REQUEST', 'GraphQL queries must be strings.']],
      [
        'variables that are not a map',
        '{"query": "{ providers { id } }", "variables": "x"}',
        json,
        [400, 'BAD_REQUEST', '`variables` in a POST body should be provided as an object, not a recursively JSON-encoded string.'],
      ],
      [
        'a query that does not parse',
        '{"query": "{ providers { id "}',
        json,
        [400, 'GRAPHQL_PARSE_FAILED', 'Syntax Error: Expected Name, found <EOF>.'],
      ],
      [
        'text/plain (a CSRF-able simple request)',
        '{"query": "{ providers { id } }"}',
        { 'content-type': 'text/plain' },
        [400, 'BAD_REQUEST', 'POST body missing, invalid Content-Type, or JSON object has no keys.'],
      ],
      [
        'multipart/form-data',
        '--x\r\n',
        { 'content-type': 'multipart/form-data; boundary=x' },
        [400, 'BAD_REQUEST', 'POST body missing, invalid Content-Type, or JSON object has no keys.'],
      ],
      [
        'application/xml',
        '<query/>',
        { 'content-type': 'application/xml' },
        [400, 'BAD_REQUEST', 'POST body missing, invalid Content-Type, or JSON object has no keys.'],
      ],
      [
        'no content type',
        '{"query": "{ providers { id } }"}',
        {},
        [400, 'BAD_REQUEST', 'POST body missing, invalid Content-Type, or JSON object has no keys.'],
      ],
      [
        'JSON that is not UTF-8',
        Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
        json,
        [400, 'BAD_REQUEST', 'Malformed JSON in the request body'],
      ],
      [
        'a 3 MB query',
        JSON.stringify({ query: `{ providers { id } } # ${'x'.repeat(3 * 1024 * 1024)}` }),
        json,
        [413, 'BAD_REQUEST', 'Request body too large: at most 1048576 bytes'],
      ],
      [
        'a 50-deep query',
        JSON.stringify({
          query: `{ exportTask(id: "tencent-tcss:live-1") { ${'provider { exportTasks { edges { node { '.repeat(12)}id${' } } } }'.repeat(12)} provider { id } } }`,
        }),
        json,
        [400, 'GRAPHQL_VALIDATION_FAILED', 'Query depth limit of 10 exceeded, found 50.'],
      ],
      [
        '500 aliases',
        JSON.stringify({ query: `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: providers { id }`).join(' ')} }` }),
        json,
        [400, 'GRAPHQL_VALIDATION_FAILED', 'Aliases limit of 30 exceeded, found 500.'],
      ],
      [
        '500 aliased reads (stopped by the token limit first)',
        JSON.stringify({
          query: `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: exportTask(id: "tencent-tcss:live-1") { id }`).join(' ')} }`,
        }),
        json,
        [400, 'GRAPHQL_PARSE_FAILED', 'Syntax Error: Document contains more that 5000 tokens. Parsing aborted.'],
      ],
      [
        'a mutation (the schema has none)',
        '{"query": "mutation { x }"}',
        json,
        [400, 'GRAPHQL_VALIDATION_FAILED', 'The schema has no mutation operations.'],
      ],
    ])('answers %s with a clear error', async (_what, body, headers, expected) => {
      const stats = () => [...emulators.values()].reduce((n, e) => n + e.stats.total(), 0);
      const before = stats();
      expect(firstError(await raw(app, body, headers))).toEqual(expected);
      expect(stats()).toBe(before);
    });

    it('answers a GET without a query and an unsupported method clearly', async () => {
      expect(firstError(await raw(app, '', { 'apollo-require-preflight': 'true' }, 'GET'))).toEqual([
        400,
        'BAD_REQUEST',
        'GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.',
      ]);
      const patch = await fetch(app.url, { method: 'PATCH', headers: { authorization: `Bearer ${API_KEY}`, ...json }, body: '{}' });
      expect(patch.status).toBe(405);
      expect(patch.headers.get('allow')).toBe('GET, POST');
      // PUT and DELETE belong to GraphQL over SSE's single connection mode: a PUT reserves a stream.
      const put = await fetch(app.url, { method: 'PUT', headers: { authorization: `Bearer ${API_KEY}` } });
      expect(put.status).toBe(201);
      expect(await put.text()).toMatch(/^[0-9a-f-]{36}$/);
      const anonymous = await fetch(app.url, { method: 'PUT' });
      expect(anonymous.status).toBe(401);
    });

    const MALFORMED_IDS: Array<[string, string]> = [
      ['empty', ''],
      ['a provider only', 'tencent-tcss:'],
      ['no provider', ':123'],
      ['an unknown provider', 'aws-s3:1'],
      ['upper-case provider', 'TENCENT-TCSS:abc'],
      ['surrounding space', ' tencent-tcss:abc '],
      ['too long', `tencent-tcss:${'a'.repeat(129)}`],
      ['huge', `huawei-workspace:${'b'.repeat(200_000)}`],
      ['int64 overflow', 'alibaba-sas:9223372036854775808'],
      ['negative', 'alibaba-siem:-1'],
      ['leading zeros', 'alibaba-sas:007'],
      ['exponent', 'alibaba-sas:1e3'],
      ['path traversal', 'tencent-tcss:../../etc/passwd'],
      ['encoded path traversal', 'huawei-workspace:..%2F..%2Fadmin'],
      ['a slash', 'huawei-workspace:a/b'],
      ['unicode', 'tencent-tcss:tâche-é'],
      ['right-to-left override', 'tencent-tcss:abc\u202egnp.exe'],
      ['emoji', 'huawei-workspace:📦'],
      ['a NUL byte', 'tencent-tcss:abc\u0000def'],
      ['SQL injection', 'alibaba-sas:1; DROP TABLE tasks;--'],
      ['SQL injection in a token id', "tencent-tcss:' OR '1'='1"],
      ['header injection', 'huawei-workspace:x\r\nX-Injected: 1'],
      ['a query string', 'tencent-tcss:a?Action=DeleteAll'],
    ];

    it.each(MALFORMED_IDS)('refuses an id that is %s with BAD_USER_INPUT and no upstream call', async (_what, id) => {
      for (const e of emulators.values()) e.stats.reset();
      const one = await gql(app, 'query ($id: ID!) { exportTask(id: $id) { id } }', { id });
      expect(one.status).toBe(200);
      expect(one.data).toEqual({ exportTask: null });
      expect(one.errors).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/^Invalid task id /), extensions: { code: 'BAD_USER_INPUT' } }),
      ]);
      expect(one.errors![0]!.message.length).toBeLessThan(400); // a bounded echo, whatever the input's size
      const many = await gql(app, 'query ($ids: [ID!]!) { exportTasks(ids: $ids) { id } }', { ids: ['tencent-tcss:live-1', id] });
      expect(many.errors).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/^ids\[1\]: Invalid task id /), extensions: { code: 'BAD_USER_INPUT' } }),
      ]);
      expect([...emulators.values()].map((e) => e.stats.total())).toEqual([0, 0, 0, 0]);
    });

    it('refuses malformed ids in a subscription before any stream starts', async () => {
      const s = await socket(app);
      init(s.ws);
      await next(s.ws, 'connection_ack');
      for (const [i, [, id]] of MALFORMED_IDS.filter(([, id]) => id.length < 1000).entries()) {
        s.ws.send(
          JSON.stringify({
            id: `s${i}`,
            type: 'subscribe',
            payload: { query: 'subscription ($ids: [ID!]!) { exportTaskUpdates(ids: $ids) { id } }', variables: { ids: [id] } },
          }),
        );
        const m = await next(s.ws, 'next');
        expect(m).toEqual({
          id: `s${i}`,
          type: 'next',
          payload: {
            errors: [
              expect.objectContaining({
                message: expect.stringMatching(/^ids\[0\]: Invalid task id /),
                extensions: { code: 'BAD_USER_INPUT' },
              }),
            ],
          },
        });
        expect(await next(s.ws, 'complete')).toEqual({ id: `s${i}`, type: 'complete' });
      }
      s.ws.close(1000);
      await s.closed;
      await serves();
    });
  });

  describe('over graphql-ws', () => {
    it.each([
      ['a garbage frame', 4400, 'Invalid message received', (ws: WebSocket) => ws.send('this is not json')],
      ['a message of an unknown type', 4400, 'Invalid message received', (ws: WebSocket) => ws.send('{"type":"take_over"}')],
      [
        'a subscribe without an id',
        4400,
        'Invalid message received',
        (ws: WebSocket) => ws.send('{"type":"subscribe","payload":{"query":"{ providers { id } }"}}'),
      ],
      [
        'a subscribe whose query is not a string',
        4400,
        'Invalid message received',
        (ws: WebSocket) => ws.send('{"id":"1","type":"subscribe","payload":{"query":42}}'),
      ],
      ['a binary frame', 4400, 'Invalid message received', (ws: WebSocket) => ws.send(Buffer.from([0, 1, 2, 3]))],
      [
        'a subscribe before connection_init',
        4401,
        'Unauthorized',
        (ws: WebSocket) => ws.send('{"id":"1","type":"subscribe","payload":{"query":"{ providers { id } }"}}'),
      ],
      ['connection_init without a key', 4403, 'Forbidden', (ws: WebSocket) => ws.send('{"type":"connection_init"}')],
      ['connection_init with a wrong key', 4403, 'Forbidden', (ws: WebSocket) => init(ws, 'wrong-key-000000000000000000')],
      [
        'an oversize frame',
        1009,
        '',
        (ws: WebSocket) => ws.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(70 * 1024) } })),
      ],
    ])('closes on %s with %i', async (_what, code, reason, send) => {
      const s = await socket(app);
      send(s.ws);
      expect(await s.closed).toEqual({ code, reason });
    });

    it('closes on a second connection_init with 4429', async () => {
      const s = await socket(app);
      init(s.ws);
      await next(s.ws, 'connection_ack');
      init(s.ws);
      expect(await s.closed).toEqual({ code: 4429, reason: 'Too many initialisation requests' });
    });

    it('closes on a duplicate operation id with 4409', async () => {
      const s = await socket(app);
      init(s.ws);
      await next(s.ws, 'connection_ack');
      const sub = JSON.stringify({
        id: 'dup',
        type: 'subscribe',
        payload: { query: 'subscription { exportTaskUpdates(ids: ["tencent-tcss:live-1"]) { id } }' },
      });
      s.ws.send(sub);
      await next(s.ws, 'next');
      s.ws.send(sub);
      expect(await s.closed).toEqual({ code: 4409, reason: 'Subscriber for dup already exists' });
    });

    it('answers an operation that does not parse or validate with an error message, keeping the socket', async () => {
      const s = await socket(app);
      init(s.ws);
      await next(s.ws, 'connection_ack');
      s.ws.send(JSON.stringify({ id: 'p', type: 'subscribe', payload: { query: '{ providers { id ' } }));
      expect(await next(s.ws, 'error')).toEqual({
        id: 'p',
        type: 'error',
        payload: [
          expect.objectContaining({ message: 'Syntax Error: Expected Name, found <EOF>.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
        ],
      });
      s.ws.send(JSON.stringify({ id: 'v', type: 'subscribe', payload: { query: '{ nope }' } }));
      expect(await next(s.ws, 'error')).toMatchObject({
        id: 'v',
        payload: [{ message: 'Cannot query field "nope" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
      });
      s.ws.send(JSON.stringify({ id: 'ok', type: 'subscribe', payload: { query: '{ providers { id } }' } }));
      expect(await next(s.ws, 'next')).toMatchObject({ id: 'ok', payload: { data: { providers: expect.any(Array) } } });
      s.ws.close(1000);
      await s.closed;
    });

    it('refuses a socket without the graphql-transport-ws subprotocol', async () => {
      // The server selects no subprotocol, so a client asking for another one fails the handshake.
      await expect(socket(app, 'graphql-ws')).rejects.toThrow('Server sent no subprotocol');
      await serves();
    });

    it('survives 1,000 rapid connects, each authenticated and closed', async () => {
      let acknowledged = 0;
      for (let batch = 0; batch < 20; batch++) {
        await Promise.all(
          Array.from({ length: 50 }, async () => {
            const s = await socket(app);
            init(s.ws);
            await next(s.ws, 'connection_ack');
            acknowledged++;
            s.ws.close(1000);
            await s.closed;
          }),
        );
      }
      expect(acknowledged).toBe(1000);
    });
  });

  describe('the WebSocket endpoint alone', () => {
    it('caps open sockets (503 beyond maxConnections) and forgets every closed one', async () => {
      const server = createServer((_req, res) => res.end());
      const schema = await buildServiceSchema();
      const endpoint = attachWebSocket({
        httpServer: server,
        schema,
        authenticate: () => undefined,
        preparer: new OperationPreparer({
          schema,
          createContext: () => {
            throw new Error('no operation runs in this test');
          },
        }),
        shared: new SharedSubscriptionEvents((e) => e.toJSON()),
        logger: memoryLogger().logger,
        maxConnections: 3,
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
      const open = async () => {
        const ws = new WebSocket(url, 'graphql-transport-ws');
        ws.on('error', () => undefined);
        await new Promise(
          (resolve, reject) => (
            ws.once('open', resolve),
            ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
          ),
        );
        return ws;
      };
      const sockets = [await open(), await open(), await open()];
      expect(endpoint.clients()).toBe(3);
      await expect(open()).rejects.toThrow('HTTP 503');
      await Promise.all(sockets.map((ws) => new Promise((r) => (ws.once('close', r), ws.close(1000)))));
      await new Promise((r) => setTimeout(r, 50));
      expect(endpoint.clients()).toBe(0);
      await open(); // room again
      await endpoint.close(1001, 'Going away');
      expect(endpoint.clients()).toBe(0);
      await new Promise((r) => server.close(r));
    });
  });

  describe('afterwards', () => {
    it('keeps serving, with memory bounded, after the whole corpus', async () => {
      await serves();
      if (!gc) throw new Error('global gc could not be enabled: the memory bound cannot be checked');
      gc();
      const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
      // Generous: the corpus pushed megabytes through; what matters is that it is not retained.
      expect(grownMb).toBeLessThan(40);
    });
  });
});

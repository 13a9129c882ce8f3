import { type IncomingHttpHeaders, request } from 'node:http';

import WebSocket from 'ws';

import type { Config, CorsConfig } from '../../src/config/config';
import type { App } from '../../src/server/app';
import { type DemoApp, startDemoApp } from '../support/demo-app';
import { openRawSocket } from '../support/raw-socket';
import { API_KEY, type Stack, startStack, testConfig } from '../support/stack';

const CONSOLE = 'https://console.example.com';
const FOREIGN = 'https://evil.example.com';
const METHODS = 'GET, POST, PUT, DELETE, OPTIONS';
const HEADERS =
  'authorization, content-type, accept, x-request-id, apollo-require-preflight, x-apollo-operation-name, ' +
  'apollographql-client-name, apollographql-client-version, x-graphql-event-stream-token, traceparent, tracestate';
const QUERY = JSON.stringify({ query: '{ providers { id configured } }' });

/** One HTTP exchange as the server answered it, headers as they came. */
interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A raw HTTP request (fetch would not let a test set `Origin` freely): `Origin` and the rest exactly as given. */
function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The CORS part of an answer: every `access-control-*` header, `vary` and `allow`, and nothing else. */
function corsOf(answer: Answer): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(answer.headers).filter(([k]) => k.startsWith('access-control-') || k === 'vary' || k === 'allow'),
  );
}

const preflight = (url: string, origin: string) =>
  send(url, 'OPTIONS', {
    origin,
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'authorization, content-type',
  });

const post = (url: string, headers: Record<string, string>) =>
  send(url, 'POST', { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}`, ...headers }, QUERY);

/** How a WebSocket upgrade to `url` from `origin` (none: no `Origin` header) ends: `open`, or the HTTP status it was refused with. */
function upgrade(url: string, origin?: string): Promise<'open' | number> {
  const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws', origin === undefined ? {} : { origin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.once('close', () => resolve('open'));
      ws.close(1000);
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode!));
    });
    ws.once('error', reject);
  });
}

/** Starts a stack with `cors` as `server.cors`. */
function stackWith(cors: CorsConfig): Promise<Stack> {
  const server: Config['server'] = { ...testConfig([]).server, cors };
  return startStack({ providers: ['tencent-tcss'], config: { server } });
}

describe('CORS with exact origins', () => {
  let stack: Stack;
  let url: string;
  beforeAll(async () => {
    stack = await stackWith({ origins: [CONSOLE], maxAgeSeconds: 600 });
    url = stack.app.url;
  });
  afterAll(() => stack.dispose());

  it('answers a preflight from a granted origin 204 with the methods, headers and max-age', async () => {
    const answer = await preflight(url, CONSOLE);
    expect([answer.status, answer.body]).toEqual([204, '']);
    expect(corsOf(answer)).toEqual({
      'access-control-allow-origin': CONSOLE,
      'access-control-allow-methods': METHODS,
      'access-control-allow-headers': HEADERS,
      'access-control-max-age': '600',
      vary: 'origin',
    });
  });

  it('answers a preflight from any other origin 403 with ORIGIN_NOT_ALLOWED and no grant', async () => {
    const answer = await preflight(url, FOREIGN);
    expect(answer.status).toBe(403);
    expect(corsOf(answer)).toEqual({ vary: 'origin' });
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(answer.body)).toEqual({
      errors: [
        {
          message: 'Origin "https://evil.example.com" may not call this service from a browser: it is not in server.cors.origins',
          extensions: { code: 'ORIGIN_NOT_ALLOWED' },
        },
      ],
    });
  });

  it('answers the same way on every path', async () => {
    const base = url.replace(/\/graphql$/, '');
    for (const path of ['/healthz', '/metrics', '/nowhere']) {
      expect([path, (await preflight(base + path, CONSOLE)).status]).toEqual([path, 204]);
      expect([path, (await preflight(base + path, FOREIGN)).status]).toEqual([path, 403]);
    }
    const health = await send(`${base}/healthz`, 'GET', { origin: CONSOLE });
    expect([health.status, corsOf(health)]).toEqual([
      200,
      { 'access-control-allow-origin': CONSOLE, 'access-control-expose-headers': 'x-request-id, retry-after', vary: 'origin' },
    ]);
  });

  it('answers an OPTIONS that is no preflight 204 with allow', async () => {
    const bare = await send(url, 'OPTIONS', {});
    expect([bare.status, bare.body, corsOf(bare)]).toEqual([204, '', { allow: METHODS, vary: 'origin' }]);
    const noMethod = await send(url, 'OPTIONS', { origin: FOREIGN });
    expect([noMethod.status, corsOf(noMethod)]).toEqual([204, { allow: METHODS, vary: 'origin' }]);
  });

  it('grants a granted origin the answer of a query, its request id readable', async () => {
    const answer = await post(url, { origin: CONSOLE });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({
      data: { providers: expect.arrayContaining([{ id: 'tencent-tcss', configured: true }]) },
    });
    expect(corsOf(answer)).toEqual({
      'access-control-allow-origin': CONSOLE,
      'access-control-expose-headers': 'x-request-id, retry-after',
      vary: 'origin',
    });
    expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('grants a granted origin the errors too (a 401 the page can read)', async () => {
    const answer = await send(url, 'POST', { 'content-type': 'application/json', origin: CONSOLE }, QUERY);
    expect(answer.status).toBe(401);
    expect(corsOf(answer)['access-control-allow-origin']).toBe(CONSOLE);
  });

  it('serves any other origin, or none, without a grant (the browser keeps the answer from the page)', async () => {
    for (const headers of [{ origin: FOREIGN }, { origin: 'null' }, {}] as Array<Record<string, string>>) {
      const answer = await post(url, headers);
      expect([headers, answer.status, corsOf(answer)]).toEqual([headers, 200, { vary: 'origin' }]);
    }
  });

  it('refuses a WebSocket upgrade from a foreign origin with 403, and opens one without Origin, from a granted one or from its own', async () => {
    const own = new URL(url).origin; // the playground's: the Host the upgrade is sent to
    expect(await upgrade(url, FOREIGN)).toBe(403);
    expect(await upgrade(url, 'null')).toBe(403);
    expect(await upgrade(url, 'http://localhost:5173')).toBe(403);
    expect(await upgrade(url)).toBe('open');
    expect(await upgrade(url, CONSOLE)).toBe('open');
    expect(await upgrade(url, own)).toBe('open');
    // Not only open: the socket speaks graphql-transport-ws.
    const socket = await openRawSocket(url.replace(/^http/, 'ws'), { origin: CONSOLE });
    await socket.init(API_KEY);
    socket.ws.close(1000);
    await socket.closed;
  });
});

describe('CORS with "*"', () => {
  let stack: Stack;
  beforeAll(async () => (stack = await stackWith({ origins: ['*'], maxAgeSeconds: 0 })));
  afterAll(() => stack.dispose());

  it('grants every origin with "*"', async () => {
    const answer = await preflight(stack.app.url, FOREIGN);
    expect([answer.status, corsOf(answer)]).toEqual([
      204,
      {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': METHODS,
        'access-control-allow-headers': HEADERS,
        'access-control-max-age': '0',
        vary: 'origin',
      },
    ]);
    const query = await post(stack.app.url, { origin: FOREIGN });
    expect([query.status, corsOf(query)]).toEqual([
      200,
      { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'x-request-id, retry-after', vary: 'origin' },
    ]);
    expect(await upgrade(stack.app.url, FOREIGN)).toBe('open');
  });
});

describe('CORS by default (no server.cors)', () => {
  let stack: Stack;
  beforeAll(async () => (stack = await startStack({ providers: ['tencent-tcss'] })));
  afterAll(() => stack.dispose());

  it('grants no origin, loopback included', async () => {
    for (const origin of [CONSOLE, 'http://localhost:5173']) {
      expect([origin, (await preflight(stack.app.url, origin)).status]).toEqual([origin, 403]);
      expect([origin, corsOf(await post(stack.app.url, { origin }))]).toEqual([origin, { vary: 'origin' }]);
      expect([origin, await upgrade(stack.app.url, origin)]).toEqual([origin, 403]);
    }
  });
});

describe('CORS in demo mode', () => {
  let running: DemoApp;
  let app: App;
  beforeAll(async () => {
    running = await startDemoApp();
    ({ app } = running);
  });
  afterAll(() => running?.dispose());

  it.each(['http://localhost:5173', 'http://127.0.0.1:3000'])('grants the loopback dev server %s', async (origin) => {
    const answer = await preflight(app.url, origin);
    expect([answer.status, corsOf(answer)]).toEqual([
      204,
      {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': METHODS,
        'access-control-allow-headers': HEADERS,
        'access-control-max-age': '600',
        vary: 'origin',
      },
    ]);
    const query = await send(app.url, 'POST', { 'content-type': 'application/json', origin }, QUERY); // no key: auth is off
    expect([query.status, corsOf(query)]).toEqual([
      200,
      { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'x-request-id, retry-after', vary: 'origin' },
    ]);
    expect(await upgrade(app.url, origin)).toBe('open');
  });

  it.each(['http://localhost.evil.com', 'https://localhost:1', 'https://console.example.com'])('grants nothing to %s', async (origin) => {
    const answer = await preflight(app.url, origin);
    expect([answer.status, corsOf(answer)]).toEqual([403, { vary: 'origin' }]);
    expect(await upgrade(app.url, origin)).toBe(403);
  });
});

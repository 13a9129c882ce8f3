import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createHttpClient, type HttpClient } from '../../../src/http/http-client';
import { HttpTransportError, isHttpTransportError } from '../../../src/http/http-error';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface TestServer {
  readonly origin: string;
  /** Resolves when the next request has arrived. */
  readonly arrived: Promise<IncomingMessage>;
  readonly server: Server;
  close(): Promise<void>;
}

async function serve(handler: Handler): Promise<TestServer> {
  let signalArrival: (req: IncomingMessage) => void = () => undefined;
  const arrived = new Promise<IncomingMessage>((resolve) => (signalArrival = resolve));
  const server = createServer((req, res) => {
    signalArrival(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    arrived,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function transportError(promise: Promise<unknown>): Promise<HttpTransportError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof HttpTransportError) return e;
    throw e;
  }
  throw new Error('expected the request to fail');
}

let client: HttpClient;
let server: TestServer | undefined;

beforeEach(() => {
  client = createHttpClient({ maxResponseBytes: 1024 });
});

afterEach(async () => {
  await client.dispose();
  await server?.close();
  server = undefined;
});

describe('success', () => {
  it('sends method, headers and body, and returns status, lower-case headers and the body', async () => {
    const seen: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; body: string }> = [];
    server = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(201, { 'X-Request-Id': 'r-1', 'Content-Type': 'application/json' });
        res.end('{"ok":"día"}');
      });
    });
    const res = await client.request({
      method: 'POST',
      url: `${server.origin}/a/b?x=1%202`,
      headers: { 'X-Custom': 'v', 'content-type': 'text/plain' },
      body: 'héllo',
      timeoutMs: 2000,
    });
    expect(res.status).toBe(201);
    expect(res.headers['x-request-id']).toBe('r-1');
    expect(res.body).toBe('{"ok":"día"}');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.url).toBe('/a/b?x=1%202');
    expect(seen[0]?.headers['x-custom']).toBe('v');
    expect(seen[0]?.body).toBe('héllo');
  });

  it('returns HTTP error statuses as responses, not errors', async () => {
    server = await serve((_req, res) => {
      res.writeHead(503);
      res.end('down');
    });
    const res = await client.request({ method: 'GET', url: server.origin, headers: {}, timeoutMs: 2000 });
    expect(res).toMatchObject({ status: 503, body: 'down' });
  });

  it('sends an explicit host header as given (what the signers sign)', async () => {
    server = await serve((req, res) => res.end(req.headers.host));
    const host = new URL(server.origin).host;
    const res = await client.request({ method: 'GET', url: server.origin, headers: { host }, timeoutMs: 2000 });
    expect(res.body).toBe(host);
  });

  it('ignores http_proxy/HTTP_PROXY from the environment', async () => {
    const saved = { lower: process.env.http_proxy, upper: process.env.HTTP_PROXY };
    process.env.http_proxy = 'http://127.0.0.1:1';
    process.env.HTTP_PROXY = 'http://127.0.0.1:1';
    try {
      const proxied = createHttpClient();
      server = await serve((_req, res) => res.end('direct'));
      const res = await proxied.request({ method: 'GET', url: server.origin, headers: {}, timeoutMs: 2000 });
      await proxied.dispose();
      expect(res.body).toBe('direct');
    } finally {
      if (saved.lower === undefined) delete process.env.http_proxy;
      else process.env.http_proxy = saved.lower;
      if (saved.upper === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved.upper;
    }
  });
});

describe('timeouts', () => {
  it('fails with kind timeout when the server never answers', async () => {
    server = await serve(() => undefined);
    const e = await transportError(
      client.request({ method: 'GET', url: `${server.origin}/slow?token=s3cret`, headers: {}, timeoutMs: 100 }),
    );
    expect(e.kind).toBe('timeout');
    expect(e.message).toBe(`GET ${new URL(server.origin).host}: no complete response within 100 ms`);
    expect(e.message).not.toContain('s3cret');
  });

  it('fails with kind timeout when the body stalls after the headers', async () => {
    server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
    });
    const e = await transportError(client.request({ method: 'GET', url: server.origin, headers: {}, timeoutMs: 150 }));
    expect(e.kind).toBe('timeout');
  });
});

describe('network failures', () => {
  it('fails with kind network when the connection is reset', async () => {
    server = await serve((req) => req.socket.destroy());
    const e = await transportError(client.request({ method: 'GET', url: `${server.origin}/p?secret=x`, headers: {}, timeoutMs: 2000 }));
    expect(e.kind).toBe('network');
    expect(e.message).toBe(`GET ${new URL(server.origin).host}: connection failed or was reset`);
    expect(e.cause).toBeDefined();
  });

  it('fails with kind network when nothing listens', async () => {
    const probe = await serve(() => undefined);
    const origin = probe.origin;
    await probe.close();
    const e = await transportError(client.request({ method: 'GET', url: origin, headers: {}, timeoutMs: 2000 }));
    expect(e.kind).toBe('network');
  });
});

describe('aborts', () => {
  it('fails with kind aborted when the caller aborts mid-request', async () => {
    server = await serve(() => undefined);
    const controller = new AbortController();
    const pending = client.request({ method: 'GET', url: server.origin, headers: {}, timeoutMs: 5000, signal: controller.signal });
    await server.arrived;
    controller.abort();
    const e = await transportError(pending);
    expect(e.kind).toBe('aborted');
    expect(isHttpTransportError(e, 'aborted')).toBe(true);
  });

  it('fails with kind aborted without sending when the signal is already aborted', async () => {
    let calls = 0;
    server = await serve((_req, res) => {
      calls++;
      res.end();
    });
    const e = await transportError(
      client.request({ method: 'GET', url: server.origin, headers: {}, timeoutMs: 5000, signal: AbortSignal.abort() }),
    );
    expect(e.kind).toBe('aborted');
    expect(calls).toBe(0);
  });
});

describe('response size', () => {
  it('rejects a body over the limit announced by content-length', async () => {
    server = await serve((_req, res) => res.end('x'.repeat(1025)));
    const e = await transportError(client.request({ method: 'GET', url: server.origin, headers: {}, timeoutMs: 2000 }));
    expect(e.kind).toBe('too-large');
    expect(e.message).toBe(`GET ${new URL(server.origin).host}: response body exceeds 1024 bytes`);
  });

  it('rejects a chunked body once it grows over the limit', async () => {
    server = await serve((_req, res) => {
      res.writeHead(200);
      for (let i = 0; i < 10; i++) res.write('y'.repeat(200));
      res.end();
    });
    const e = await transportError(client.request({ method: 'GET', url: server.origin, headers: {}, timeoutMs: 2000 }));
    expect(e.kind).toBe('too-large');
  });

  it('accepts a body exactly at the limit; the default limit is 1 MiB', async () => {
    server = await serve((_req, res) => res.end('z'.repeat(1024)));
    const res = await client.request({ method: 'GET', url: server.origin, headers: {}, timeoutMs: 2000 });
    expect(res.body).toHaveLength(1024);
    const big = createHttpClient();
    try {
      const mib = await serve((_req, res2) => res2.end('m'.repeat(1024 * 1024 + 1)));
      const e = await transportError(big.request({ method: 'GET', url: mib.origin, headers: {}, timeoutMs: 5000 }));
      await mib.close();
      expect(e.kind).toBe('too-large');
    } finally {
      await big.dispose();
    }
  });
});

describe('dispose', () => {
  it('closes kept-alive connections, is idempotent, and refuses later requests', async () => {
    server = await serve((_req, res) => res.end('ok'));
    await client.request({ method: 'GET', url: server.origin, headers: {}, timeoutMs: 2000 });
    const open = (): Promise<number> =>
      new Promise((resolve, reject) => server?.server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
    expect(await open()).toBe(1);
    await Promise.all([client.dispose(), client.dispose()]);
    // The socket close reaches the server asynchronously.
    for (let i = 0; i < 50 && (await open()) > 0; i++) await new Promise((r) => setImmediate(r));
    expect(await open()).toBe(0);
    const e = await transportError(client.request({ method: 'GET', url: server.origin, headers: {}, timeoutMs: 2000 }));
    expect(e.kind).toBe('network');
    expect(e.message).toContain('the HTTP client is disposed');
  });
});

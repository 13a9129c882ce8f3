import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';

import { BodyError, readBody } from '../../src/server/request-body';
import { BUILD_TIMEOUT_MS, ensureBuilt } from '../support/build';
import { type Replica, startReplica } from '../support/replica';
import { API_KEY } from '../support/stack';

const MIB = 1024 * 1024;
const TOO_LARGE = { errors: [{ message: 'Request body too large: at most 1048576 bytes', extensions: { code: 'BAD_REQUEST' } }] };
const HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` };

/** A JSON body of `bytes` bytes: a valid query with a long comment. */
function jsonBody(bytes: number): Buffer {
  const head = '{"query":"{ providers { id } } #';
  return Buffer.from(head + 'x'.repeat(bytes - head.length - 2) + '"}');
}

/** `body` as a stream of 64 KiB chunks: fetch sends it chunked, with no content-length. */
function chunked(body: Buffer): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= body.length) return controller.close();
      controller.enqueue(body.subarray(offset, (offset += 64 * 1024)));
    },
  });
}

/** Raw HTTP/1.1 on one connection: sends `head` and `body`, then reads until the server closes; bounded. */
function rawExchange(port: number, head: string, body: Buffer): Promise<{ response: string; closedBy: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let response = '';
    const timer = setTimeout(
      () => (socket.destroy(), reject(new Error(`the server did not close within 10 s; got ${response.slice(0, 300)}`))),
      10_000,
    );
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (response += d));
    socket.on('error', () => undefined); // a reset under the upload is what "cut" means here
    socket.on('close', () => (clearTimeout(timer), resolve({ response, closedBy: 'server' })));
    socket.write(head);
    socket.write(body);
  });
}

// The service runs in its own process: with client and server in one event loop, the race that broke
// the connection under the upload (the answer and the close arriving while the body is still going
// out) rarely happens, and the test would pass without the fix.
describe('a request body over the 1 MiB cap (a real service process)', () => {
  let service: Replica;
  let port: number;
  beforeAll(() => ensureBuilt(), BUILD_TIMEOUT_MS);
  beforeAll(async () => {
    service = await startReplica({
      server: { host: '127.0.0.1', port: 0, playground: false },
      tenants: [{ id: 'team-a', apiKeys: [API_KEY], providers: {} }],
    });
    port = Number(new URL(service.url).port);
  });
  afterAll(async () => {
    if (service.process.exitCode === null) {
      service.kill('SIGTERM');
      await service.exited;
    }
  });

  async function post(body: Buffer, mode: 'content-length' | 'chunked'): Promise<unknown> {
    try {
      const res = await fetch(service.url, {
        method: 'POST',
        headers: HEADERS,
        ...(mode === 'chunked' ? { body: chunked(body), duplex: 'half' } : { body }),
      } as RequestInit);
      return [res.status, res.headers.get('connection'), await res.json()];
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      return `fetch failed: ${err.cause?.code ?? err.message}`;
    }
  }

  it.each([
    [1.5, 'content-length'],
    [1.5, 'chunked'],
    [4, 'content-length'],
    [4, 'chunked'],
    [32, 'content-length'],
    [32, 'chunked'],
  ] as const)('answers %s MiB sent with %s with 413 and the JSON error, every time', async (mib, mode) => {
    const body = jsonBody(mib * MIB);
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await post(body, mode));
    expect(outcomes).toEqual(Array.from({ length: 4 }, () => [413, 'close', TOO_LARGE]));
    // …and goes on serving.
    const ok = await fetch(service.url, { method: 'POST', headers: HEADERS, body: JSON.stringify({ query: '{ providers { id } }' }) });
    expect(ok.status).toBe(200);
  });

  it('answers at once and cuts the connection when the declared body is beyond the 64 MiB it would read', async () => {
    const head =
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer ${API_KEY}\r\n` +
      `Content-Length: ${100 * MIB}\r\n\r\n`;
    const { response } = await rawExchange(port, head, Buffer.alloc(64 * 1024, 'x'));
    expect(response).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(response).toMatch(/\r\nconnection: close\r\n/i);
    expect(response.slice(response.indexOf('\r\n\r\n') + 4)).toBe(JSON.stringify(TOO_LARGE));
  });

  it('reads on for a while after answering a body it will not read, so a client still sending, reading late, gets its 413', async () => {
    const head =
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer ${API_KEY}\r\n` +
      `Content-Length: ${100 * MIB}\r\n\r\n`;
    const response = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      const timer = setTimeout(() => (socket.destroy(), reject(new Error(`no close within 10 s; got ${text.slice(0, 300)}`))), 10_000);
      socket.setEncoding('latin1');
      socket.on('data', (d: string) => (text += d));
      socket.on('error', () => undefined);
      socket.on('close', () => (clearTimeout(timer), resolve(text)));
      // Like a client busy uploading: it does not read for 500 ms and sends 64 KiB every 10 ms meanwhile.
      socket.pause();
      socket.write(head);
      const piece = Buffer.alloc(64 * 1024, 'x');
      const sender = setInterval(() => socket.writable && socket.write(piece), 10);
      setTimeout(() => {
        clearInterval(sender);
        socket.resume();
      }, 500);
    });
    // A server that closed at once would have reset the connection under the upload: the client's next
    // write fails and the answer waiting in its socket is lost.
    expect(response).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(response.slice(response.indexOf('\r\n\r\n') + 4)).toBe(JSON.stringify(TOO_LARGE));
  });

  it('cuts the connection once a chunked body passes the 64 MiB it would read', async () => {
    const head =
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer ${API_KEY}\r\n` +
      `Transfer-Encoding: chunked\r\n\r\n`;
    const chunk = Buffer.concat([Buffer.from(`${MIB.toString(16)}\r\n`), Buffer.alloc(MIB, 'x'), Buffer.from('\r\n')]);
    // 65 MiB of chunks and no last chunk: the body never ends on its own.
    const { response } = await rawExchange(port, head, Buffer.concat(Array.from({ length: 65 }, () => chunk)));
    expect(response).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
  });
});

describe('readBody on an oversized body', () => {
  it('gives up discarding after maxDiscardMs, with drained false', async () => {
    let outcome!: (e: unknown) => void;
    const settled = new Promise<unknown>((resolve) => (outcome = resolve));
    const server = createServer((req, res) => {
      const started = Date.now();
      readBody(req, 1024, { maxDiscardMs: 200 }).then(
        () => outcome('read whole'),
        (e: unknown) => outcome({ e, afterMs: Date.now() - started }),
      );
      res.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    socket.on('error', () => undefined);
    try {
      // 4 KiB of a declared 1 MiB, and then nothing more: a slow upload.
      socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${MIB}\r\n\r\n${'x'.repeat(4096)}`);
      const { e, afterMs } = (await settled) as { e: BodyError; afterMs: number };
      expect([e, e.status, e.drained, e.message]).toEqual([
        expect.any(BodyError),
        413,
        false,
        'Request body too large: at most 1024 bytes',
      ]);
      expect(afterMs).toBeGreaterThanOrEqual(190);
    } finally {
      socket.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

import { type EmulatorHandle, startEmulator } from '../../src/emulator';
import { BUILD_TIMEOUT_MS, ensureBuilt } from '../support/build';
import { ACCOUNT } from '../support/stack';

const ROOT = join(__dirname, '../..');
const KEY = 'shutdown-test-api-key-000000000001';

/** The service as `npm start` runs it: dist/, compiled by `ensureBuilt()` below (the tsc step of `npm run build`). */
const MAIN = join(ROOT, 'dist/src/main.js');

/** Sends raw HTTP/1.1 requests on one keep-alive connection and reads responses one at a time. */
class RawConnection {
  private buffer = '';
  private waiting: (() => void) | undefined;
  readonly socket: Socket;
  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.setEncoding('utf8');
    this.socket.on('data', (d: string) => {
      this.buffer += d;
      this.waiting?.();
    });
    this.socket.on('error', () => undefined);
  }
  send(text: string): void {
    this.socket.write(text);
  }
  /** The next complete response (status and body; bodies are sent with content-length). */
  async response(): Promise<{ status: number; body: string }> {
    for (;;) {
      const head = this.buffer.indexOf('\r\n\r\n');
      if (head >= 0) {
        const length = Number(/content-length: (\d+)/i.exec(this.buffer.slice(0, head))?.[1] ?? 0);
        if (this.buffer.length >= head + 4 + length) {
          const status = Number(this.buffer.slice(9, 12));
          const body = this.buffer.slice(head + 4, head + 4 + length);
          this.buffer = this.buffer.slice(head + 4 + length);
          return { status, body };
        }
      }
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }
}

const post = (body: string, length = Buffer.byteLength(body)) =>
  `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer ${KEY}\r\nContent-Length: ${length}\r\n\r\n`;

describe('graceful shutdown of the real process on SIGTERM', () => {
  let tencent: EmulatorHandle;
  let child: ChildProcess | undefined;
  let tmp: string;

  beforeAll(() => ensureBuilt(), BUILD_TIMEOUT_MS);
  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing after ensureBuilt()`);
    tencent = await startEmulator('tencent-tcss', {
      accounts: [ACCOUNT],
      quotaPerSecond: 1000,
      tasks: [
        { id: 'slow-1', accountId: ACCOUNT.accountId, durationMs: 600_000 },
        { id: 'live-1', accountId: ACCOUNT.accountId, durationMs: 600_000 },
      ],
    });
    tmp = mkdtempSync(join(tmpdir(), 'exports-shutdown-'));
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await tencent.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('lets in-flight queries finish with 200, answers 503 on /readyz, closes subscribers with 1001, and exits 0', async () => {
    const configFile = join(tmp, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        server: { host: '127.0.0.1', port: 0, playground: false, shutdownGraceMs: 8000 },
        polling: { intervalMs: 200, maxIntervalMs: 1000 },
        tenants: [
          {
            id: 'team-a',
            apiKeys: ['env:SHUTDOWN_API_KEY'],
            providers: {
              'tencent-tcss': { endpoint: tencent.url, secretId: ACCOUNT.accessKeyId, secretKey: 'env:SHUTDOWN_TC_KEY', timeoutMs: 5000 },
            },
          },
        ],
      }),
    );
    child = spawn(process.execPath, [MAIN, '--config', configFile], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info', SHUTDOWN_API_KEY: KEY, SHUTDOWN_TC_KEY: ACCOUNT.secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child!.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /"url":"([^"]+)"/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      void exited.then((code) => reject(new Error(`service exited with ${code} before listening: ${stderr}`)));
    });
    const port = Number(new URL(url).port);

    // Live subscribers.
    const closes: Array<Promise<{ code: number; reason: string }>> = [];
    const clients: Client[] = [];
    let events = 0;
    for (let i = 0; i < 3; i++) {
      let resolveClose!: (c: { code: number; reason: string }) => void;
      closes.push(new Promise((r) => (resolveClose = r)));
      const client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${KEY}` },
        retryAttempts: 0,
        on: { closed: (e) => resolveClose({ code: (e as { code: number }).code, reason: (e as { reason: string }).reason }) },
      });
      client.subscribe(
        { query: 'subscription { exportTaskUpdates(ids: ["tencent-tcss:live-1"]) { id final task { progress } } }' },
        { next: () => events++, error: () => undefined, complete: () => undefined },
      );
      clients.push(client);
    }
    while (events < 3) await new Promise((r) => setTimeout(r, 20));

    // Slow in-flight queries: the provider takes 1.2 s to answer each.
    tencent.faults.inject({ kind: 'latency', ms: 1200 });
    const query = JSON.stringify({ query: '{ exportTask(id: "tencent-tcss:slow-1") { id status } }' });
    const inFlight = Array.from({ length: 3 }, () =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: query }).then(
        async (r) => ({ status: r.status, body: await r.json() }),
      ),
    );
    // One keep-alive connection with a slow query, to ask /readyz on once its answer is in…
    const probe = new RawConnection(port);
    probe.send(post(query) + query);
    // …and one request whose body is still coming, which keeps the drain going until we finish it.
    const held = new RawConnection(port);
    held.send(post(query));
    await new Promise((r) => setTimeout(r, 300));

    child.kill('SIGTERM');

    const answered = await probe.response();
    expect([answered.status, JSON.parse(answered.body)]).toEqual([
      200,
      { data: { exportTask: { id: 'tencent-tcss:slow-1', status: 'RUNNING' } } },
    ]);
    probe.send('GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const readiness = await probe.response();
    expect(readiness.status).toBe(503);
    expect(JSON.parse(readiness.body)).toMatchObject({ status: 'draining' });
    // New connections are refused.
    const refused = await new Promise<string>((resolve) => {
      const s = connect(port, '127.0.0.1', () => (s.destroy(), resolve('connected')));
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
    for (const r of await Promise.all(inFlight)) {
      expect(r).toEqual({ status: 200, body: { data: { exportTask: { id: 'tencent-tcss:slow-1', status: 'RUNNING' } } } });
    }
    // Subscribers stay connected while requests are still in flight.
    expect(events).toBeGreaterThanOrEqual(3);

    held.send(query);
    expect(await held.response()).toMatchObject({ status: 200 });

    for (const c of await Promise.all(closes)) expect(c).toEqual({ code: 1001, reason: 'Going away: server shutting down' });
    expect(await exited).toBe(0);
    await Promise.all(clients.map((c) => c.dispose()));
    expect(stdout).toMatch(/"msg":"shutting down"/);
    expect(stdout).toMatch(/"msg":"stopped"/);
    expect(stderr).toBe('');
  });
});

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parse } from 'graphql';

import { type EmulatorHandle, startEmulator } from '../../src/emulator';
import { BUILD_TIMEOUT_MS, ensureBuilt } from '../support/build';
import { type OtlpReceiver, SPAN_KIND, startOtlpReceiver } from '../support/otlp-receiver';
import { ACCOUNT } from '../support/stack';
import { record, sleep, wsClient } from '../support/ws-client';

/**
 * The tracing wiring of the real process (`node dist/src/main.js`, as `npm start` runs it): the standard
 * `OTEL_*` variables read at start-up, spans posted over OTLP/HTTP to a local receiver (a plain HTTP
 * server standing in for a collector) and the last ones flushed at SIGTERM; a protocol it cannot speak
 * refused at start-up; and, without the variables, no SDK loaded at all. The spans' details are
 * `tracing.test.ts`, in-process.
 */

const ROOT = join(__dirname, '../..');
const MAIN = join(ROOT, 'dist/src/main.js');
const KEY = 'tracing-wiring-api-key-0000000000001';

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

describe('tracing of the spawned service, configured by OTEL_* variables', () => {
  let tencent: EmulatorHandle;
  let receiver: OtlpReceiver;
  let tmp: string;
  let configFile: string;
  const children: ChildProcess[] = [];

  beforeAll(() => ensureBuilt(), BUILD_TIMEOUT_MS);
  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing after ensureBuilt()`);
    tencent = await startEmulator('tencent-tcss', {
      accounts: [ACCOUNT],
      quotaPerSecond: 1000,
      tasks: [{ id: 'traced-1', accountId: ACCOUNT.accountId, durationMs: 600_000 }],
    });
    receiver = await startOtlpReceiver();
    tmp = mkdtempSync(join(tmpdir(), 'exports-tracing-'));
    configFile = join(tmp, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        server: { host: '127.0.0.1', port: 0, playground: false },
        tenants: [
          {
            id: 'team-a',
            apiKeys: ['env:TRACING_API_KEY'],
            providers: { 'tencent-tcss': { endpoint: tencent.url, secretId: ACCOUNT.accessKeyId, secretKey: 'env:TRACING_TC_KEY' } },
          },
        ],
      }),
    );
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await tencent?.dispose();
    await receiver?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Starts the service with `env` added; resolves once it listens (or rejects with what it printed). */
  async function start(env: Record<string, string>): Promise<Running> {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')));
    const child = spawn(process.execPath, [MAIN, '--config', configFile], {
      cwd: ROOT,
      env: { ...clean, LOG_LEVEL: 'debug', TRACING_API_KEY: KEY, TRACING_TC_KEY: ACCOUNT.secret, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', () => {
        const m = /"msg":"listening"/.test(stdout) && /"url":"([^"]+)"/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      void exited.then((code) => reject(new Error(`service exited with ${code} before listening: ${stderr}`)));
    });
    return { child, url, exited, stdout: () => stdout, stderr: () => stderr };
  }

  const query = (url: string, headers: Record<string, string>) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, ...headers },
      body: JSON.stringify({ query: 'query Traced { exportTask(id: "tencent-tcss:traced-1") { id requestId } }' }),
    });

  it('http/json: the query’s SERVER span continues the traceparent, its CLIENT span carries the provider request id; flushed at SIGTERM', async () => {
    const exportsBefore = receiver.exports.length;
    const service = await start({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'exports-under-test',
    });
    const traceId = randomBytes(16).toString('hex');
    const parentId = randomBytes(8).toString('hex');
    const res = await query(service.url, { traceparent: `00-${traceId}-${parentId}-01`, 'x-request-id': 'wired-req-0001' });
    const body = (await res.json()) as { data: { exportTask: { requestId: string } } };
    expect(res.headers.get('x-request-id')).toBe('wired-req-0001');
    // The spans wait in the batch (5 s): SIGTERM must flush them before the process exits.
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);

    const posted = receiver.exports.slice(exportsBefore);
    expect(posted.length).toBeGreaterThanOrEqual(1);
    expect(posted.every((e) => e.path === '/v1/traces' && e.contentType.startsWith('application/json'))).toBe(true);
    const spans = receiver.spans().filter((s) => s.traceId === traceId);
    const server = spans.find((s) => s.kind === SPAN_KIND.SERVER);
    expect(server).toMatchObject({
      parentSpanId: parentId,
      name: 'query Traced',
      service: 'exports-under-test',
      attributes: { 'graphql.operation.name': 'Traced', 'exports.request_id': 'wired-req-0001', 'exports.tenant': 'team-a' },
    });
    const client = spans.find((s) => s.kind === SPAN_KIND.CLIENT);
    expect(client).toMatchObject({
      parentSpanId: server!.spanId,
      attributes: {
        'exports.provider': 'tencent-tcss',
        'exports.provider_request_id': body.data.exportTask.requestId,
        'exports.outcome': 'OK',
      },
    });

    const lines = service
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l['msg'] === 'tracing on: exporting OTLP spans')).toMatchObject({ protocol: 'http/json' });
    expect(lines.find((l) => l['msg'] === 'graphql operation')).toMatchObject({ requestId: 'wired-req-0001', operation: 'Traced' });
    expect(lines.find((l) => l['msg'] === 'upstream call')).toMatchObject({ requestId: 'wired-req-0001', task: 'tencent-tcss:traced-1' });
  });

  it('http/json: a subscription over a WebSocket yields a span per poll, each the parent of its provider call', async () => {
    const service = await start({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    const client = wsClient(service.url, KEY);
    const updates = record(client, parse('subscription { exportTaskUpdates(ids: ["tencent-tcss:traced-1"]) { id final } }'), {});
    await updates.waitFor(1);
    // Until the service has read the task three times (its own count of provider calls, from /metrics), within 15 s.
    const polled = async () => {
      const text = await (await fetch(service.url.replace(/\/graphql$/, '/metrics'))).text();
      return Number(/^exports_upstream_requests_total\{provider="tencent-tcss",outcome="OK"\} (\d+)/m.exec(text)?.[1] ?? 0);
    };
    const deadline = Date.now() + 15_000;
    while ((await polled()) < 3 && Date.now() < deadline) await sleep(200);
    updates.stop();
    await client.dispose();
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);

    const spans = receiver.spans();
    const polls = spans.filter((s) => s.name === 'poll' && s.attributes['exports.task'] === 'tencent-tcss:traced-1');
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls[0]).toMatchObject({ attributes: { 'exports.provider': 'tencent-tcss', 'exports.tenant': 'team-a' } });
    const pollIds = new Set(polls.map((p) => p.spanId));
    const calls = spans.filter((s) => s.kind === SPAN_KIND.CLIENT && s.parentSpanId !== undefined && pollIds.has(s.parentSpanId));
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls[0]).toMatchObject({ attributes: { 'exports.provider': 'tencent-tcss', 'exports.outcome': 'OK' } });
    expect(spans.some((s) => s.kind === SPAN_KIND.SERVER && s.attributes['graphql.operation.type'] === 'subscription')).toBe(true);
  });

  it('http/protobuf by default (OTLP’s default), to <OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces', async () => {
    const exportsBefore = receiver.exports.length;
    const service = await start({ OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.url}/` });
    expect((await query(service.url, {})).status).toBe(200);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    const posted = receiver.exports.slice(exportsBefore);
    expect(posted.length).toBeGreaterThanOrEqual(1);
    expect(posted.every((e) => e.path === '/v1/traces' && e.contentType === 'application/x-protobuf' && e.body.length > 0)).toBe(true);
  });

  it('refuses OTEL_EXPORTER_OTLP_PROTOCOL=grpc at start-up, naming the variable, and exits 1', async () => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')));
    const child = spawn(process.execPath, [MAIN, '--config', configFile], {
      cwd: ROOT,
      env: {
        ...clean,
        TRACING_API_KEY: KEY,
        TRACING_TC_KEY: ACCOUNT.secret,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^Configuration error in the environment:\n {2}OTEL_EXPORTER_OTLP_PROTOCOL: expected "http\/protobuf" \(the default\) or "http\/json", but got "grpc"/,
    );
  });

  it('without the variables loads no part of the SDK: the app and the tracing module use the API alone', async () => {
    const script = `
      require('reflect-metadata');
      require('./dist/src/server/app');
      require('./dist/src/observability/tracing').startTracing({ env: {} }).then((t) => {
        const loaded = Object.keys(require.cache).filter((k) => k.includes('@opentelemetry')).map((k) => k.split('@opentelemetry/')[1].split('/')[0]);
        process.stdout.write(JSON.stringify({ enabled: t.enabled, loaded: [...new Set(loaded)] }));
      });`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['-e', script], { cwd: ROOT, env: {} }, (e, stdout, stderr) =>
        e ? reject(new Error(stderr)) : resolve(stdout),
      ),
    );
    expect(JSON.parse(out)).toEqual({ enabled: false, loaded: ['api'] });
  });
});

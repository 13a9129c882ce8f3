import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import WebSocket from 'ws';

import { activeTracer } from '../../src/observability/trace';
import { startTracing, type Tracing } from '../../src/observability/tracing';
import { type ReceivedSpan, SPAN_KIND } from '../support/otlp-receiver';
import { ACCOUNT, API_KEY, type Stack, startStack } from '../support/stack';
import { waitUntil } from '../support/wait';

/**
 * Tracing in-process, in detail: the OpenTelemetry SDK started as `main.ts` starts it (`startTracing`
 * with an env object configuring an OTLP endpoint), one global tracer provider for this file, shut down
 * after it. The spans go to the SDK's in-memory exporter: the OTLP exporters load `http` with a dynamic
 * `import()`, which Jest's module sandbox refuses. The same acceptance case over the wire (the built
 * service spawned with the variables, its http/json export posted to a local OTLP receiver) is
 * `tracing-wiring.test.ts`.
 */

/** A finished span in the shape the OTLP receiver decodes (OTLP's kind numbering: the API's + 1). */
function received(s: ReadableSpan): ReceivedSpan {
  return {
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    parentSpanId: s.parentSpanContext?.spanId,
    name: s.name,
    kind: s.kind + 1,
    attributes: s.attributes,
    status: { code: s.status.code, message: s.status.message },
    links: s.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId })),
    service: s.resource.attributes['service.name'],
  };
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const traceparent = (traceId: string, parentId: string) => `00-${traceId}-${parentId}-01`;
type Json = Record<string, unknown>;

describe('tracing and request ids, in-process against the emulators', () => {
  const memory = new InMemorySpanExporter();
  let tracing: Tracing;
  let stack: Stack;

  beforeAll(async () => {
    tracing = await startTracing({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
      exporter: memory,
    });
    const now = Date.now();
    stack = await startStack({
      providers: ['tencent-tcss'],
      config: { polling: { intervalMs: 300, maxIntervalMs: 30_000 } },
      tasks: {
        'tencent-tcss': [
          { id: 'long', accountId: 'acct-a', createdAt: now, durationMs: 600_000 },
          { id: 'quick', accountId: 'acct-a', createdAt: now, durationMs: 1500 },
        ],
      },
    });
  });
  afterAll(async () => {
    await stack?.dispose();
    await tracing?.shutdown();
  });

  /** Every span exported so far, after a flush. */
  const exported = async (): Promise<ReceivedSpan[]> => {
    await tracing.flush();
    return memory.getFinishedSpans().map(received);
  };
  const logLines = () => stack.logs.map((l) => JSON.parse(l) as Json);

  it('is on, for <endpoint>/v1/traces in http/json', () => {
    expect(tracing.enabled).toBe(true);
    expect(tracing.settings).toMatchObject({
      endpoint: 'http://127.0.0.1:4318/v1/traces',
      protocol: 'http/json',
      serviceName: 'cloud-export-tasks',
    });
    expect(activeTracer()).toBeDefined();
  });

  it('continues the caller’s traceparent: a SERVER span for the query, a CLIENT span for the provider call under it', async () => {
    const traceId = hex(16);
    const parentId = hex(8);
    const res = await fetch(stack.app.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${API_KEY}`,
        traceparent: traceparent(traceId, parentId),
        'x-request-id': 'caller-req-0001',
      },
      body: JSON.stringify({ query: 'query OneTask { exportTask(id: "tencent-tcss:long") { id requestId } }' }),
    });
    const body = (await res.json()) as { data: { exportTask: { requestId: string } } };
    expect(res.headers.get('x-request-id')).toBe('caller-req-0001');
    const providerRequestId = body.data.exportTask.requestId;
    expect(providerRequestId).toEqual(expect.any(String));

    const spans = await exported();
    const server = spans.find((s) => s.traceId === traceId && s.kind === SPAN_KIND.SERVER);
    expect(server).toMatchObject({
      parentSpanId: parentId,
      name: 'query OneTask',
      service: 'cloud-export-tasks',
      attributes: {
        'graphql.operation.name': 'OneTask',
        'graphql.operation.type': 'query',
        'exports.tenant': 'team-a',
        'exports.request_id': 'caller-req-0001',
        'exports.transport': 'http',
        'exports.outcome': 'ok',
        'http.response.status_code': 200,
      },
    });
    const client = spans.find((s) => s.traceId === traceId && s.kind === SPAN_KIND.CLIENT);
    expect(client).toMatchObject({
      parentSpanId: server!.spanId,
      name: 'tencent-tcss read',
      attributes: {
        'exports.provider': 'tencent-tcss',
        'exports.task': 'tencent-tcss:long',
        'exports.outcome': 'OK',
        'exports.provider_request_id': providerRequestId,
        'exports.retry': 0,
        'exports.request_id': 'caller-req-0001',
        'http.response.status_code': 200,
      },
    });
    expect(client!.attributes['exports.budget_wait_ms']).toEqual(expect.any(Number));

    // The request id is in the operation's line and in the upstream call's line.
    const lines = logLines();
    expect(lines.find((l) => l['msg'] === 'graphql operation' && l['requestId'] === 'caller-req-0001')).toMatchObject({
      operation: 'OneTask',
      transport: 'http',
      outcome: 'ok',
    });
    expect(lines.find((l) => l['msg'] === 'upstream call' && l['providerRequestId'] === providerRequestId)).toMatchObject({
      requestId: 'caller-req-0001',
      task: 'tencent-tcss:long',
      retry: 0,
    });
  });

  it('records a failed provider call with its code, on an error span', async () => {
    const traceId = hex(16);
    const res = await fetch(stack.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}`, traceparent: traceparent(traceId, hex(8)) },
      body: JSON.stringify({ query: '{ exportTask(id: "tencent-tcss:nosuchtask") { id } }' }),
    });
    const body = (await res.json()) as { errors?: Array<{ extensions: { code: string } }> };
    expect(body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const spans = await exported();
    const server = spans.find((s) => s.traceId === traceId && s.kind === SPAN_KIND.SERVER)!;
    expect(server.attributes).toMatchObject({ 'exports.error_codes': ['NOT_FOUND'] });
    const client = spans.find((s) => s.traceId === traceId && s.kind === SPAN_KIND.CLIENT)!;
    expect(client.attributes).toMatchObject({ 'exports.outcome': 'NOT_FOUND', 'error.type': 'NOT_FOUND' });
    expect(client.status.code).toBe(2); // ERROR
  });

  it('puts no secret in any span: no key, secret, signature or Authorization', async () => {
    const all = JSON.stringify((await exported()).map((s) => s.attributes));
    for (const secret of [API_KEY, ACCOUNT.secret, ACCOUNT.accessKeyId, 'TC3-HMAC-SHA256', 'Signature', 'Bearer'])
      expect(all).not.toContain(secret);
    expect(all.toLowerCase()).not.toContain('authorization');
  });

  it('replaces an unsafe x-request-id with a fresh one (and still answers)', async () => {
    for (const bad of ['has spaces', 'x'.repeat(129), 'semi;colon', 'quote"d', 'a,b', '<script>']) {
      const res = await fetch(stack.app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}`, 'x-request-id': bad },
        body: JSON.stringify({ query: '{ providers { id } }' }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('a subscription over SSE: a SERVER span in the caller’s trace, and a span per poll with its provider call', async () => {
    const traceId = hex(16);
    const parentId = hex(8);
    const gone = new AbortController();
    const res = await fetch(stack.app.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${API_KEY}`,
        traceparent: traceparent(traceId, parentId),
        'x-request-id': 'sse-req-0001',
      },
      body: JSON.stringify({ query: 'subscription Watch { exportTaskUpdates(ids: ["tencent-tcss:long"]) { id final } }' }),
      signal: gone.signal,
    });
    expect(res.headers.get('x-request-id')).toBe('sse-req-0001');
    const polls = async () => (await exported()).filter((s) => s.name === 'poll' && s.attributes['exports.task'] === 'tencent-tcss:long');
    // Polled every 300 ms while the stream is open; two polls, then the client goes away.
    const deadline = Date.now() + 10_000;
    while ((await polls()).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    gone.abort();
    await res.body?.cancel().catch(() => undefined);

    await waitUntil(
      () => logLines().some((l) => l['msg'] === 'graphql operation' && l['requestId'] === 'sse-req-0001'),
      'the SSE operation line',
    );
    expect(logLines().find((l) => l['msg'] === 'graphql operation' && l['requestId'] === 'sse-req-0001')).toMatchObject({
      transport: 'sse',
      operation: 'Watch',
      type: 'subscription',
      tenant: 'team-a',
    });

    const spans = await exported();
    expect(spans.find((s) => s.traceId === traceId && s.kind === SPAN_KIND.SERVER)).toMatchObject({
      parentSpanId: parentId,
      name: 'subscription Watch',
      attributes: { 'exports.transport': 'sse', 'exports.request_id': 'sse-req-0001' },
    });
    const seen = await polls();
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.every((p) => p.parentSpanId === undefined && p.attributes['exports.provider'] === 'tencent-tcss')).toBe(true);
    expect(seen.map((p) => p.attributes['exports.outcome'])).toContain('OK');
    const pollIds = new Set(seen.map((p) => p.spanId));
    const calls = spans.filter((s) => s.kind === SPAN_KIND.CLIENT && s.parentSpanId !== undefined && pollIds.has(s.parentSpanId));
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls[0]!.attributes['exports.provider_request_id']).toEqual(expect.any(String));
    // Poll lines say which task they poll.
    expect(logLines().some((l) => l['msg'] === 'upstream call' && l['task'] === 'tencent-tcss:long' && l['poll'] === true)).toBe(true);
  });

  it('a subscription over multipart HTTP: the request id echoed, a SERVER span in the caller’s trace', async () => {
    const traceId = hex(16);
    const res = await fetch(stack.app.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'multipart/mixed;subscriptionSpec="1.0", application/json',
        authorization: `Bearer ${API_KEY}`,
        traceparent: traceparent(traceId, hex(8)),
        'x-request-id': 'multipart-req-0001',
      },
      body: JSON.stringify({ query: 'subscription Parts { exportTaskUpdates(ids: ["tencent-tcss:quick"]) { id final } }' }),
    });
    expect(res.headers.get('x-request-id')).toBe('multipart-req-0001');
    expect(await res.text()).toContain('"final":true'); // a task already final: one event, then the end
    await waitUntil(
      () => logLines().some((l) => l['msg'] === 'graphql operation' && l['requestId'] === 'multipart-req-0001'),
      'the multipart operation line',
    );
    expect(logLines().find((l) => l['msg'] === 'graphql operation' && l['requestId'] === 'multipart-req-0001')).toMatchObject({
      transport: 'multipart',
      operation: 'Parts',
    });
    expect((await exported()).find((s) => s.traceId === traceId && s.kind === SPAN_KIND.SERVER)).toMatchObject({
      name: 'subscription Parts',
      attributes: { 'exports.transport': 'multipart', 'exports.request_id': 'multipart-req-0001' },
    });
  });

  it('a read shared by two operations is the first one’s call; the second links to it', async () => {
    const emulator = stack.emulator('tencent-tcss');
    emulator.faults.inject({ kind: 'latency', ms: 500 }, { times: 1 });
    const before = emulator.stats.forTask('long');
    const [first, second] = [hex(16), hex(16)];
    const ask = (traceId: string) =>
      fetch(stack.app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}`, traceparent: traceparent(traceId, hex(8)) },
        body: JSON.stringify({ query: '{ exportTask(id: "tencent-tcss:long") { id } }' }),
      });
    const one = ask(first);
    // The second asks once the first's read has reached the provider (held there 500 ms).
    await waitUntil(() => emulator.stats.forTask('long') > before, 'the first read at the provider');
    await Promise.all([one, ask(second)]);
    const spans = await exported();
    const calls = spans.filter((s) => s.kind === SPAN_KIND.CLIENT && (s.traceId === first || s.traceId === second));
    expect(calls.map((c) => c.traceId)).toEqual([first]);
    const secondServer = spans.find((s) => s.traceId === second && s.kind === SPAN_KIND.SERVER)!;
    const firstServer = spans.find((s) => s.traceId === first && s.kind === SPAN_KIND.SERVER)!;
    expect(secondServer.links).toEqual([{ traceId: first, spanId: firstServer.spanId }]);
  });

  it('a retried call is one CLIENT span per attempt, numbered, each with its outcome', async () => {
    const emulator = stack.emulator('tencent-tcss');
    emulator.faults.inject({ kind: 'server-error' }, { times: 1 });
    const traceId = hex(16);
    const res = await fetch(stack.app.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${API_KEY}`,
        traceparent: traceparent(traceId, hex(8)),
        'x-request-id': 'retried-0001',
      },
      body: JSON.stringify({ query: '{ exportTask(id: "tencent-tcss:long") { id } }' }),
    });
    expect(res.status).toBe(200);
    const calls = (await exported()).filter((s) => s.traceId === traceId && s.kind === SPAN_KIND.CLIENT);
    expect(calls.map((c) => [c.attributes['exports.retry'], c.attributes['exports.outcome']])).toEqual([
      [0, 'PROVIDER_UNAVAILABLE'],
      [1, 'OK'],
    ]);
    // Tencent answers its InternalError in a 200 body: the span has the status as it came.
    expect(calls[0]!.attributes['http.response.status_code']).toEqual(expect.any(Number));
    const retryLine = logLines().find((l) => l['msg'] === 'retrying upstream call' && l['requestId'] === 'retried-0001');
    expect(retryLine).toMatchObject({ task: 'tencent-tcss:long', attempt: 1 });
  });

  it('a WebSocket operation: the traceparent of its subscribe message, the upgrade’s x-request-id for the connection', async () => {
    const traceId = hex(16);
    const parentId = hex(8);
    const ws = new WebSocket(stack.app.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers: { 'x-request-id': 'ws-conn-0001' } });
    const upgrade = new Promise<IncomingMessage>((resolve) => ws.once('upgrade', resolve));
    const messages: Json[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(d.toString()) as Json));
    await new Promise((resolve) => ws.once('open', resolve));
    expect((await upgrade).headers['x-request-id']).toBe('ws-conn-0001');
    ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${API_KEY}` } }));
    await waitUntil(() => messages.some((m) => m['type'] === 'connection_ack'), 'connection_ack');
    ws.send(
      JSON.stringify({
        id: 'op-1',
        type: 'subscribe',
        payload: {
          query: 'query OverWs { exportTask(id: "tencent-tcss:long") { id } }',
          extensions: { traceparent: traceparent(traceId, parentId) },
        },
      }),
    );
    await waitUntil(() => messages.some((m) => m['type'] === 'complete' && m['id'] === 'op-1'), 'complete of op-1');
    ws.close();

    await waitUntil(
      () => logLines().some((l) => l['msg'] === 'graphql operation' && l['connectionRequestId'] === 'ws-conn-0001'),
      'the WebSocket operation line',
    );
    const line = logLines().find((l) => l['msg'] === 'graphql operation' && l['connectionRequestId'] === 'ws-conn-0001')!;
    expect(line).toMatchObject({ transport: 'websocket', operationId: 'op-1', operation: 'OverWs', type: 'query', outcome: 'ok' });
    expect(line['requestId']).toMatch(/^[0-9a-f-]{36}$/);

    const spans = await exported();
    const server = spans.find((s) => s.traceId === traceId && s.kind === SPAN_KIND.SERVER);
    expect(server).toMatchObject({
      parentSpanId: parentId,
      name: 'query OverWs',
      attributes: { 'exports.transport': 'websocket', 'exports.request_id': line['requestId'] },
    });
    expect(spans.some((s) => s.traceId === traceId && s.kind === SPAN_KIND.CLIENT && s.parentSpanId === server!.spanId)).toBe(true);
  });
});

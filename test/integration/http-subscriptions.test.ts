import { request as httpRequest } from 'node:http';

import { print } from 'graphql';

import { ExportTaskUpdatesDocument, type ExportTaskUpdatesSubscription } from '../../src/generated/graphql';
import { SUBSCRIPTION_TRANSPORTS_MESSAGE } from '../../src/server/plugins/subscription-transport.plugin';
import { within } from '../support/deadline';
import { apolloClient, sseClient } from '../support/http-clients';
import { API_KEY, type Stack, startStack } from '../support/stack';
import { waitUntil } from '../support/wait';
import { record, type Recording, type Subscriber, wsClient } from '../support/ws-client';

type Update = ExportTaskUpdatesSubscription['exportTaskUpdates'];
const id = (t: string) => `tencent-tcss:${t}`;
const QUERY = print(ExportTaskUpdatesDocument);
const INTERVAL_MS = 500;

/** A stack with Tencent tasks: `quick` finishes 2 s after start, `long` runs for 10 minutes. */
function startTasks(config: Parameters<typeof startStack>[0]['config'] = {}): Promise<Stack> {
  const now = Date.now();
  return startStack({
    providers: ['tencent-tcss'],
    config: { polling: { intervalMs: INTERVAL_MS, maxIntervalMs: 30_000 }, ...config },
    tasks: {
      'tencent-tcss': [
        { id: 'quick', accountId: 'acct-a', createdAt: now, durationMs: 2000 },
        { id: 'long', accountId: 'acct-a', createdAt: now, durationMs: 600_000 },
      ],
    },
  });
}

const updates = (r: Recording<ExportTaskUpdatesSubscription>) => r.events.map((e) => e.exportTaskUpdates as Update);

/** Every transport a client library uses by default, each as a `Subscriber` with its disposal. */
const TRANSPORTS: ReadonlyArray<[string, (stack: Stack) => { subscriber: Subscriber; dispose(): Promise<void> | void }]> = [
  ['graphql-sse, distinct connections', (s) => ({ subscriber: sseClient(s.app), dispose: () => undefined })],
  [
    'graphql-sse, single connection',
    (s) => {
      const c = sseClient(s.app, { singleConnection: true });
      return { subscriber: c, dispose: () => c.dispose() };
    },
  ],
  [
    'Apollo Client 4, HttpLink only (multipart)',
    (s) => {
      const c = apolloClient(s.app, 'http');
      return { subscriber: c, dispose: () => c.stop() };
    },
  ],
  [
    'Apollo Client 4, GraphQLWsLink',
    (s) => {
      const c = apolloClient(s.app, 'ws');
      return { subscriber: c, dispose: () => c.stop() };
    },
  ],
];

describe('subscriptions over every transport, with the client libraries as they come', () => {
  let stack: Stack;
  afterEach(async () => {
    await stack?.dispose();
  });

  it.each(TRANSPORTS)('%s: receives the events through to final: true, then completes', async (_name, make) => {
    stack = await startTasks();
    const { subscriber, dispose } = make(stack);
    const r = record(subscriber, ExportTaskUpdatesDocument, { ids: [id('quick')] });
    await r.finished;
    await dispose();
    expect(r.errors).toEqual([]);
    const seen = updates(r);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.slice(0, -1).every((u) => !u.final)).toBe(true);
    expect(seen[seen.length - 1]).toMatchObject({ id: id('quick'), final: true, task: { status: 'SUCCEEDED', progress: 100 } });
    // Progress only moves forward, event after event.
    const progress = seen.map((u) => u.task?.progress ?? 0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('costs one upstream read per interval for 200 subscribers on one task over WebSocket, SSE and multipart', async () => {
    stack = await startTasks();
    const emulator = stack.emulator('tencent-tcss');
    const ws = wsClient(stack.app);
    const sse = sseClient(stack.app);
    const apollo = apolloClient(stack.app, 'http');
    const recordings = [
      ...Array.from({ length: 70 }, () => record(ws, ExportTaskUpdatesDocument, { ids: [id('long')] })),
      ...Array.from({ length: 70 }, () => record(sse, ExportTaskUpdatesDocument, { ids: [id('long')] })),
      ...Array.from({ length: 60 }, () => record(apollo, ExportTaskUpdatesDocument, { ids: [id('long')] })),
    ];
    await Promise.all(recordings.map((r) => r.waitFor(1)));
    // Every subscriber is in: from here on, reads of the task are polls.
    const from = Date.now();
    const before = emulator.stats.requests.length;
    await Promise.all(recordings.map((r) => r.waitFor(4, 20_000)));
    const elapsed = Date.now() - from;
    const reads = emulator.stats.requests.length - before;
    for (const r of recordings) r.stop();
    await apollo.stop();
    await ws.dispose();
    expect(recordings.every((r) => r.errors.length === 0)).toBe(true);
    // One poll per interval for the task, whatever the number of subscribers (one per subscriber would be 200 per interval).
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(reads).toBeLessThanOrEqual(Math.ceil(elapsed / INTERVAL_MS) + 1);
    expect(stack.app.live.activePollers).toBeLessThanOrEqual(1);
  });

  it('refuses a subscription over plain HTTP asking for JSON (POST 400, GET 405) naming the three transports, and logs no stack', async () => {
    stack = await startTasks();
    const body = JSON.stringify({ query: QUERY, variables: { ids: [id('quick')] } });
    const headers = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' };
    const post = await fetch(stack.app.url, { method: 'POST', headers: { ...headers, accept: 'application/json' }, body });
    const search = new URLSearchParams({ query: QUERY, variables: JSON.stringify({ ids: [id('quick')] }) });
    const get = await fetch(`${stack.app.url}?${search}`, { headers: { ...headers, accept: 'application/json' } });
    expect([post.status, get.status]).toEqual([400, 405]);
    expect(get.headers.get('allow')).toBe('POST');
    for (const res of [post, get]) {
      const json = (await res.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
      expect(json.data).toBeUndefined();
      expect(json.errors).toEqual([{ message: SUBSCRIPTION_TRANSPORTS_MESSAGE, extensions: { code: 'BAD_REQUEST' } }]);
    }
    expect(SUBSCRIPTION_TRANSPORTS_MESSAGE).toMatch(/WebSocket.*text\/event-stream.*multipart\/mixed;subscriptionSpec=1\.0/);
    expect(stack.logs.join('\n')).not.toMatch(/TypeError|stack|internal error/);
    expect(stack.emulator('tencent-tcss').stats.requests).toEqual([]);
  });

  it('delivers a refusal in the stream (SSE) and as a payload (multipart), so that no client retries it', async () => {
    stack = await startTasks();
    const sse = record(sseClient(stack.app), ExportTaskUpdatesDocument, { ids: ['tencent-tcss:bad id!'] });
    const apollo = apolloClient(stack.app, 'http');
    const multipart = record(apollo, ExportTaskUpdatesDocument, { ids: ['no-such-provider:x'] });
    await Promise.all([sse.finished, multipart.finished]);
    await apollo.stop();
    expect(sse.events).toEqual([]);
    expect(sse.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    expect(multipart.events).toEqual([]);
    expect(JSON.stringify(multipart.errors)).toContain('BAD_USER_INPUT');
    expect(stack.emulator('tencent-tcss').stats.requests).toEqual([]);
  });

  it('writes the multipart protocol: a part per result (any other part a {} heartbeat), then the closing delimiter', async () => {
    stack = await startTasks();
    const res = await fetch(stack.app.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${API_KEY}`,
        'content-type': 'application/json',
        accept: 'multipart/mixed;boundary="graphql";subscriptionSpec=1.0,application/json',
      },
      body: JSON.stringify({ query: QUERY, variables: { ids: [id('quick')] } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('multipart/mixed;boundary="graphql";subscriptionSpec="1.0"');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const text = await within(20_000, 'the multipart response to end', res.text());
    expect(text.startsWith('\r\n--graphql\r\n')).toBe(true);
    expect(text.endsWith('\r\n--graphql--\r\n')).toBe(true);
    const parts = text
      .slice('\r\n--graphql'.length, -'\r\n--graphql--\r\n'.length)
      .split('\r\n--graphql')
      .map((part) => {
        const [head, body] = part.split('\r\n\r\n');
        expect(head).toBe('\r\ncontent-type: application/json');
        return JSON.parse(body!) as { payload?: { data: { exportTaskUpdates: Update } } };
      });
    const payloads = parts.filter((p) => p.payload).map((p) => p.payload!.data.exportTaskUpdates);
    expect(parts.every((p) => p.payload !== undefined || Object.keys(p).length === 0)).toBe(true);
    expect(payloads[payloads.length - 1]).toMatchObject({ final: true, task: { status: 'SUCCEEDED' } });
  });

  describe('a client that goes away releases everything at once', () => {
    /** Subscribes through `open`, waits for 2 events, lets `leave` drop the client, and checks that polling stops. */
    const leaves = async (open: () => { recording: Recording<ExportTaskUpdatesSubscription>; leave: () => unknown }) => {
      stack = await startTasks();
      const emulator = stack.emulator('tencent-tcss');
      const { recording, leave } = open();
      await recording.waitFor(2);
      expect(stack.app.live.activePollers).toBe(1);
      await leave();
      await waitUntil(() => stack.app.live.activePollers === 0 && stack.app.live.activeStreams === 0, 'the poller and stream to go', 5000);
      const left = Date.now();
      const count = emulator.stats.requests.length;
      // A read already sent may still land; none may start after the next interval.
      await new Promise((r) => setTimeout(r, INTERVAL_MS * 3));
      expect(emulator.stats.requests.filter((q) => q.at > left + INTERVAL_MS)).toEqual([]);
      expect(emulator.stats.requests.length - count).toBeLessThanOrEqual(1);
    };

    it('SSE, distinct connections: the client unsubscribes', () =>
      leaves(() => {
        const recording = record(sseClient(stack.app), ExportTaskUpdatesDocument, { ids: [id('long')] });
        return { recording, leave: () => recording.stop() };
      }));

    it('SSE, single connection: the client is disposed', () =>
      leaves(() => {
        const client = sseClient(stack.app, { singleConnection: true });
        const recording = record(client, ExportTaskUpdatesDocument, { ids: [id('long')] });
        return { recording, leave: () => client.dispose() };
      }));

    it('multipart: Apollo Client unsubscribes', () =>
      leaves(() => {
        const client = apolloClient(stack.app, 'http');
        const recording = record(client, ExportTaskUpdatesDocument, { ids: [id('long')] });
        return { recording, leave: () => recording.stop() };
      }));

    it('SSE: the TCP connection is cut mid-stream', () =>
      leaves(() => {
        const events: ExportTaskUpdatesSubscription[] = [];
        const url = new URL(stack.app.url);
        const req = httpRequest({
          host: url.hostname,
          port: url.port,
          path: `/graphql?${new URLSearchParams({ query: QUERY, variables: JSON.stringify({ ids: [id('long')] }) })}`,
          headers: { authorization: `Bearer ${API_KEY}`, accept: 'text/event-stream' },
        });
        req.on('response', (res) =>
          res.on('data', (chunk: Buffer) => {
            for (const m of chunk.toString().matchAll(/^data: (.+)$/gm)) events.push((JSON.parse(m[1]!) as { data: never }).data);
          }),
        );
        req.on('error', () => undefined);
        req.end();
        const recording = {
          events,
          waitFor: (n: number) => waitUntil(() => events.length >= n, `${n} SSE events`, 10_000),
        } as unknown as Recording<ExportTaskUpdatesSubscription>;
        return { recording, leave: () => req.socket?.destroy() };
      }));
  });

  it('ends every HTTP stream on shutdown without waiting for the grace: multipart says SHUTTING_DOWN, SSE clients reconnect', async () => {
    stack = await startTasks({
      server: { host: '127.0.0.1', port: 0, playground: false, introspection: true, shutdownGraceMs: 8000, shutdownTimeoutMs: 10_000 },
    });
    const apollo = apolloClient(stack.app, 'http');
    const multipart = record(apollo, ExportTaskUpdatesDocument, { ids: [id('long')] });
    const sse = record(sseClient(stack.app), ExportTaskUpdatesDocument, { ids: [id('long')] });
    await Promise.all([multipart.waitFor(1), sse.waitFor(1)]);
    await stack.app.stop();
    await Promise.all([multipart.finished, sse.finished]);
    await apollo.stop();
    expect(JSON.stringify(multipart.errors)).toContain('SHUTTING_DOWN');
    // The SSE stream ended without `complete`: graphql-sse's client reports it (and, with retries on, reconnects).
    expect(sse.errors.length).toBe(1);
    // Nothing was left in flight for the grace to wait on.
    expect(stack.logs.join('\n')).not.toContain('shutdown grace elapsed');
  });

  it('counts subscriptions of every transport against the tenant bound', async () => {
    stack = await startTasks({
      limits: { operationTimeoutMs: 30_000, idsPerOperation: 100, watchedTasksPerTenant: 1000, subscriptionsPerTenant: 3 },
    });
    const ws = wsClient(stack.app);
    const apollo = apolloClient(stack.app, 'http');
    const held = [
      record(ws, ExportTaskUpdatesDocument, { ids: [id('long')] }),
      record(sseClient(stack.app), ExportTaskUpdatesDocument, { ids: [id('long')] }),
      record(apollo, ExportTaskUpdatesDocument, { ids: [id('long')] }),
    ];
    await Promise.all(held.map((r) => r.waitFor(1)));
    const refused = record(sseClient(stack.app), ExportTaskUpdatesDocument, { ids: [id('long')] });
    await refused.finished;
    expect(refused.events).toEqual([]);
    expect(refused.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('at most 3'),
        extensions: expect.objectContaining({ code: 'RATE_LIMITED' }),
      }),
    ]);
    held[0]!.stop();
    await waitUntil(() => stack.app.live.activeStreams === 2, 'one subscription to end', 5000);
    const admitted = record(apollo, ExportTaskUpdatesDocument, { ids: [id('long')] });
    await admitted.waitFor(1);
    expect(admitted.errors).toEqual([]);
    for (const r of [...held, admitted]) r.stop();
    await apollo.stop();
    await ws.dispose();
  });
});

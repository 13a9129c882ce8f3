import { randomUUID } from 'node:crypto';

import type { Config } from '../../src/config/config';
import { ExportTaskDocument, ExportTaskUpdatesDocument, type ExportTaskUpdatesSubscription } from '../../src/generated/graphql';
import { type RedisServer, startRedisServer } from '../support/redis-server';
import { gql, type Stack, type StackOptions, startStack as startStackIn } from '../support/stack';
import { waitUntil } from '../support/wait';
import { record, sleep, wsClient } from '../support/ws-client';

type Update = ExportTaskUpdatesSubscription['exportTaskUpdates'];
const TASK = 'live-task-1';
const id = (t: string) => `tencent-tcss:${t}`;

// The same suite runs in-process (no Redis) and in distributed mode against a real redis-server.
describe.each(['in-memory', 'redis'] as const)('exportTaskUpdates (%s): one poll per task, whatever the number of subscribers', (mode) => {
  let stack: Stack;
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    if (mode === 'redis') redis = await startRedisServer();
  });
  afterAll(() => redis?.stop());
  afterEach(() => stack?.dispose());

  /** Starts a stack in this suite's mode; in Redis mode each stack gets its own key prefix. */
  function startStack(options: StackOptions): Promise<Stack> {
    const redisConfig: Partial<Config> = redis
      ? {
          redis: {
            url: redis.url,
            leaseMs: 3000,
            keyPrefix: `t${randomUUID().slice(0, 8)}:`,
            connectTimeoutMs: 3000,
            commandTimeoutMs: 1000,
          },
        }
      : {};
    return startStackIn({ ...options, config: { ...options.config, ...redisConfig } });
  }

  it('feeds 200 subscriptions over 20 connections from about one read per interval', async () => {
    stack = await startStack({
      providers: ['tencent-tcss'],
      config: { polling: { intervalMs: 1000, maxIntervalMs: 30_000 }, cache: { freshMs: 1000, terminalMs: 3_600_000, maxEntries: 1000 } },
      tasks: { 'tencent-tcss': [{ id: TASK, accountId: 'acct-a', createdAt: Date.now(), durationMs: 5000 }] },
    });
    const emulator = stack.emulator('tencent-tcss');
    const started = Date.now();
    const clients = Array.from({ length: 20 }, () => wsClient(stack.app));
    const recordings = clients.flatMap((c) => Array.from({ length: 10 }, () => record(c, ExportTaskUpdatesDocument, { ids: [id(TASK)] })));
    await Promise.all(recordings.map((r) => r.finished));
    const elapsedS = (Date.now() - started) / 1000;
    await Promise.all(clients.map((c) => c.dispose()));

    const reads = emulator.stats.forTask(TASK);
    expect(Math.abs(reads - elapsedS)).toBeLessThanOrEqual(2);
    for (const r of recordings) {
      expect(r.errors).toEqual([]);
      const updates = r.events.map((e) => e.exportTaskUpdates as Update);
      expect(updates[0]!.task).not.toBeNull();
      const progress = updates.map((u) => u.task!.progress!);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      const finals = updates.filter((u) => u.final);
      expect(finals).toHaveLength(1);
      expect(updates[updates.length - 1]).toMatchObject({ final: true, error: null, task: { status: 'SUCCEEDED', progress: 100 } });
    }
  });

  it('gives an already terminal task one final event, and an unknown task one final NOT_FOUND event', async () => {
    stack = await startStack({
      providers: ['tencent-tcss'],
      tasks: { 'tencent-tcss': [{ id: 'done', accountId: 'acct-a', createdAt: Date.now() - 60_000, durationMs: 1000 }] },
    });
    const client = wsClient(stack.app);
    const r = record(client, ExportTaskUpdatesDocument, { ids: [id('done'), id('missing')] });
    await r.finished;
    await client.dispose();
    const updates = r.events.map((e) => e.exportTaskUpdates as Update);
    expect(updates).toHaveLength(2);
    const done = updates.find((u) => u.id === id('done'))!;
    const missing = updates.find((u) => u.id === id('missing'))!;
    expect(done).toMatchObject({ final: true, error: null, task: { status: 'SUCCEEDED' } });
    expect(missing).toMatchObject({
      final: true,
      task: null,
      error: { code: 'NOT_FOUND', providerCode: 'ResourceNotFound', retryable: false },
    });
  });

  // A job tcss refuses in a way the same request cannot escape (its answer for an unknown
  // JobId is undocumented) ends the subscription: one final event, and the emulator is never asked again.
  it.each([
    ['InvalidParameterValue.DataNotFound', 'NOT_FOUND'],
    ['InvalidParameter', 'BAD_USER_INPUT'],
  ] as const)('ends a subscription on a job tcss refuses with %s: one final %s event, no poll after it', async (answer, code) => {
    stack = await startStack({ providers: ['tencent-tcss'], config: { polling: { intervalMs: 100, maxIntervalMs: 400 } } });
    const emulator = stack.emulator('tencent-tcss');
    emulator.setUnknownTask(answer);
    const client = wsClient(stack.app);
    const r = record(client, ExportTaskUpdatesDocument, { ids: [id('refused-job')] });
    await r.finished;
    expect(r.events.map((e) => e.exportTaskUpdates as Update)).toEqual([
      {
        id: id('refused-job'),
        final: true,
        task: null,
        error: expect.objectContaining({ code, providerCode: answer, retryable: false }),
      },
    ]);
    await waitUntil(() => stack.app.live.activePollers === 0, 'the poller to stop');
    await sleep(10 * 100); // ten intervals, and more than the back-off's maximum: no read may come
    expect(emulator.stats.forTask('refused-job')).toBe(1);
    await client.dispose();
  });

  // The timing (within one interval of the last subscriber leaving) is proven on a manual clock in
  // test/unit/live/live-updates-engine.test.ts; this proves the wiring: unsubscribing over a real socket
  // releases the poller, and the provider is not called again.
  it('stops reading a task once its last subscriber leaves, and not before', async () => {
    stack = await startStack({
      providers: ['tencent-tcss'],
      config: { polling: { intervalMs: 200, maxIntervalMs: 30_000 } },
      tasks: { 'tencent-tcss': [{ id: TASK, accountId: 'acct-a', createdAt: Date.now(), durationMs: 600_000 }] },
    });
    const emulator = stack.emulator('tencent-tcss');
    const client = wsClient(stack.app);
    const a = record(client, ExportTaskUpdatesDocument, { ids: [id(TASK)] });
    const b = record(client, ExportTaskUpdatesDocument, { ids: [id(TASK)] });
    await Promise.all([a.waitFor(2), b.waitFor(1)]);
    a.stop();
    const whileOneLeft = emulator.stats.forTask(TASK);
    await waitUntil(() => emulator.stats.forTask(TASK) >= whileOneLeft + 2, 'reads continuing for the remaining subscriber');
    b.stop();
    await waitUntil(() => stack.app.live.activePollers === 0, 'the poller to stop');
    const afterLast = emulator.stats.forTask(TASK);
    await sleep(5 * 200); // five intervals: no read may come
    expect(emulator.stats.forTask(TASK)).toBe(afterLast);
    await client.dispose();
  });

  it('turns transient 5xx into error events, keeps going, and resumes normal events', async () => {
    stack = await startStack({
      providers: ['tencent-tcss'],
      // No gateway retries: each injected 5xx is one failed read, so one error event.
      config: {
        polling: { intervalMs: 200, maxIntervalMs: 400 },
        resilience: { retries: 0, retryBaseDelayMs: 100, retryMaxDelayMs: 2000, breakerFailures: 5, breakerHalfOpenMs: 10_000 },
      },
      tasks: { 'tencent-tcss': [{ id: TASK, accountId: 'acct-a', createdAt: Date.now(), durationMs: 4000 }] },
    });
    const emulator = stack.emulator('tencent-tcss');
    const client = wsClient(stack.app);
    const r = record(client, ExportTaskUpdatesDocument, { ids: [id(TASK)] });
    await r.waitFor(1);
    emulator.faults.inject({ kind: 'server-error' }, { times: 3 });
    await r.finished;
    await client.dispose();
    const updates = r.events.map((e) => e.exportTaskUpdates as Update);
    const errors = updates.filter((u) => u.error);
    expect(errors).toHaveLength(3);
    for (const e of errors) {
      expect(e).toMatchObject({ final: false, error: { code: 'PROVIDER_UNAVAILABLE', retryable: true } });
      expect(e.task).not.toBeNull(); // the last known state stays
    }
    const afterErrors = updates.slice(updates.indexOf(errors[2]!) + 1);
    expect(afterErrors.length).toBeGreaterThan(0);
    expect(afterErrors.every((u) => u.error === null)).toBe(true);
    expect(updates[updates.length - 1]).toMatchObject({ final: true, task: { status: 'SUCCEEDED' } });
  });

  it('serves a query from the state a poller read less than cache.freshMs ago', async () => {
    stack = await startStack({
      providers: ['tencent-tcss'],
      config: { polling: { intervalMs: 5000, maxIntervalMs: 30_000 }, cache: { freshMs: 4000, terminalMs: 3_600_000, maxEntries: 1000 } },
      tasks: { 'tencent-tcss': [{ id: TASK, accountId: 'acct-a', createdAt: Date.now(), durationMs: 600_000 }] },
    });
    const emulator = stack.emulator('tencent-tcss');
    const client = wsClient(stack.app);
    const r = record(client, ExportTaskUpdatesDocument, { ids: [id(TASK)] });
    await r.waitFor(1);
    const reads = emulator.stats.forTask(TASK);
    expect(reads).toBe(1);
    const res = await gql(stack.app, ExportTaskDocument, { id: id(TASK) });
    expect(res.data!.exportTask!.requestId).toBe((r.events[0]!.exportTaskUpdates as Update).task!.requestId);
    expect(emulator.stats.forTask(TASK)).toBe(reads);
    r.stop();
    await client.dispose();
  });

  it('estimates completion within 10% of the truth once 20% of a linear task has been observed', async () => {
    const createdAt = Date.now();
    const durationMs = 10_000;
    stack = await startStack({
      providers: ['tencent-tcss'],
      config: { polling: { intervalMs: 250, maxIntervalMs: 1000 } },
      tasks: { 'tencent-tcss': [{ id: TASK, accountId: 'acct-a', createdAt, durationMs }] },
    });
    const client = wsClient(stack.app);
    const r = record(client, ExportTaskUpdatesDocument, { ids: [id(TASK)] });
    const observed = (e: ExportTaskUpdatesSubscription) => (e.exportTaskUpdates as Update).task;
    const at20 = await r.waitUntil(
      (e) => (observed(e)?.progress ?? 0) >= 20 && observed(e)?.estimatedCompletionAt != null,
      'an estimate once 20% was observed',
    );
    r.stop();
    await client.dispose();
    const last = at20.exportTaskUpdates as Update;
    expect(last.task!.progress!).toBeGreaterThanOrEqual(20);
    const estimate = Date.parse(last.task!.estimatedCompletionAt!);
    expect(Math.abs(estimate - (createdAt + durationMs)) / durationMs).toBeLessThan(0.1);
  });

  it('reports its coordination mode on /readyz', async () => {
    stack = await startStack({ providers: ['tencent-tcss'] });
    const body = (await (await fetch(stack.app.url.replace('/graphql', '/readyz'))).json()) as { coordination: { mode: string } };
    expect(body.coordination.mode).toBe(mode === 'redis' ? 'cluster' : 'local');
  });

  it('rejects invalid input before any stream starts', async () => {
    stack = await startStack({ providers: ['tencent-tcss'] });
    const client = wsClient(stack.app);
    for (const [ids, code] of [
      [['not-an-id'], 'BAD_USER_INPUT'],
      [Array.from({ length: 101 }, (_, i) => id(`t${i}`)), 'BAD_USER_INPUT'],
      [[], 'BAD_USER_INPUT'],
      [['alibaba-sas:1'], 'PROVIDER_NOT_CONFIGURED'],
    ] as const) {
      const r = record(client, ExportTaskUpdatesDocument, { ids: [...ids] });
      await r.finished;
      expect(r.events).toEqual([]);
      expect(
        (r.errors[0] as Array<{ extensions: { code: string } }>)[0]?.extensions.code ??
          (r.errors[0] as { extensions: { code: string } }).extensions.code,
      ).toBe(code);
    }
    expect(stack.emulator('tencent-tcss').stats.total()).toBe(0);
    await client.dispose();
  });
});

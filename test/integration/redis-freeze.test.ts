import { randomUUID } from 'node:crypto';

import { type EmulatorHandle, startEmulator } from '../../src/emulator';
import { ExportTaskUpdatesDocument } from '../../src/generated/graphql';
import { BUILD_TIMEOUT_MS, ensureBuilt } from '../support/build';
import { type RedisServer, startRedisServer } from '../support/redis-server';
import { type Replica, startReplica } from '../support/replica';
import { ACCOUNT, API_KEY } from '../support/stack';
import { waitUntil } from '../support/wait';
import { record, sleep, wsClient } from '../support/ws-client';

const COMMAND_TIMEOUT_MS = 500;
const INTERVAL_MS = 500;
const SHUTDOWN_TIMEOUT_MS = 6000;

/**
 * A Redis that freezes (SIGSTOP: its sockets stay open, nothing is answered) instead of dying, under
 * real replica processes: every Redis command has a deadline, a replica that gets no answer turns
 * degraded (and says so on /readyz), serves on its own share of the budgets, shuts down within its
 * deadline, and shares polling again once Redis answers.
 */
describe('replicas when Redis freezes', () => {
  let redis: RedisServer;
  let emulator: EmulatorHandle;
  let replicas: Replica[] = [];

  beforeAll(() => ensureBuilt(), BUILD_TIMEOUT_MS);
  beforeAll(async () => {
    redis = await startRedisServer();
    emulator = await startEmulator('tencent-tcss', {
      accounts: [ACCOUNT],
      tasks: ['watched', ...Array.from({ length: 20 }, (_, i) => `asked-${i}`)].map((id) => ({
        id,
        accountId: ACCOUNT.accountId,
        createdAt: Date.now(),
        durationMs: 600_000,
      })),
    });
    const config = {
      server: { host: '127.0.0.1', port: 0, shutdownGraceMs: 2000, shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS },
      redis: { url: redis.url, leaseMs: 1500, keyPrefix: `f${randomUUID().slice(0, 8)}:`, commandTimeoutMs: COMMAND_TIMEOUT_MS },
      polling: { intervalMs: INTERVAL_MS, maxIntervalMs: 2000 },
      cache: { freshMs: 0 },
      tenants: [
        {
          id: 'team-a',
          apiKeys: ['env:TEAM_A_KEY'],
          providers: { 'tencent-tcss': { secretId: 'env:TC_ID', secretKey: 'env:TC_KEY', endpoint: emulator.url } },
        },
      ],
    };
    const env = { TEAM_A_KEY: API_KEY, TC_ID: ACCOUNT.accessKeyId, TC_KEY: ACCOUNT.secret };
    replicas = await Promise.all(Array.from({ length: 3 }, () => startReplica(config, env)));
    for (const r of replicas) await waitUntil(async () => (await r.readyz()).body['coordination'] !== undefined, 'readiness');
  });

  afterAll(async () => {
    redis?.thaw();
    for (const r of replicas) r.kill('SIGKILL');
    await Promise.all(replicas.map((r) => r.exited));
    await redis?.stop();
    await emulator?.dispose();
  });

  const mode = async (r: Replica) => ((await r.readyz()).body['coordination'] as { mode: string }).mode;
  const query = async (r: Replica, id: string) => {
    const started = Date.now();
    const res = await fetch(r.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ query: `{ exportTask(id: "tencent-tcss:${id}") { id status } }` }),
    });
    return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: unknown }, ms: Date.now() - started };
  };

  it('keeps serving through a 20 s freeze, degraded, stops within its deadline, and shares polling again after it', async () => {
    const [a, b, c] = replicas as [Replica, Replica, Replica];
    await waitUntil(async () => (await Promise.all(replicas.map(mode))).every((m) => m === 'cluster'), 'every replica in cluster mode');
    const clients = [wsClient(a.url), wsClient(b.url)];
    const subs = clients.map((client) => record(client, ExportTaskUpdatesDocument, { ids: ['tencent-tcss:watched'] }));
    await Promise.all(subs.map((s) => s.waitFor(1)));

    redis.freeze();
    const frozenAt = Date.now();
    // A query right away waits at most one command deadline for the shared budget, then uses the local share.
    const first = await query(a, 'asked-0');
    expect(first.body).toEqual({ data: { exportTask: { id: 'tencent-tcss:asked-0', status: 'RUNNING' } } });
    expect(first.ms).toBeLessThan(COMMAND_TIMEOUT_MS + 1000);
    await waitUntil(async () => (await mode(a)) === 'degraded' && (await mode(b)) === 'degraded', 'both replicas to say degraded');
    expect((await a.readyz()).status).toBe(200);
    expect((await b.readyz()).body['coordination']).toMatchObject({ mode: 'degraded', answering: false });
    // Subscribers get events again, from each replica's own poller.
    const seen = subs.map((s) => s.events.length);
    await Promise.all(subs.map((s, i) => s.waitFor(seen[i]! + 1, 5000)));
    for (let i = 1; i <= 5; i++) expect((await query(b, `asked-${i}`)).body).toMatchObject({ data: { exportTask: { status: 'RUNNING' } } });

    // Still serving, and still delivering, after 20 s of freeze.
    await sleep(Math.max(0, frozenAt + 20_000 - Date.now()));
    const late = await query(a, 'asked-6');
    expect(late.body).toMatchObject({ data: { exportTask: { status: 'RUNNING' } } });
    expect(late.ms).toBeLessThan(COMMAND_TIMEOUT_MS + 1000);
    const after20 = subs.map((s) => s.events.length);
    await Promise.all(subs.map((s, i) => s.waitFor(after20[i]! + 1, 5000)));

    // SIGTERM during the freeze: the process exits within its shutdown deadline.
    const killedAt = Date.now();
    c.kill('SIGTERM');
    const code = await Promise.race([c.exited, sleep(SHUTDOWN_TIMEOUT_MS + 2000).then(() => 'still running')]);
    expect(code).toBe(0);
    expect(Date.now() - killedAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 1000);

    redis.thaw();
    const thawedAt = Date.now();
    await waitUntil(async () => (await mode(a)) === 'cluster' && (await mode(b)) === 'cluster', 'cluster mode again', 15_000);
    // One poll per task again: over a few intervals, the watched task is read about once per interval, not by both.
    await sleep(2 * 1500); // stale leases from before the freeze expire
    const from = Date.now();
    await sleep(6 * INTERVAL_MS);
    const reads = emulator.stats.requests.filter((q) => q.taskIds.includes('watched') && q.at >= from).length;
    expect(reads).toBeGreaterThanOrEqual(4);
    expect(reads).toBeLessThanOrEqual(6 + 2);
    expect(frozenAt).toBeLessThan(thawedAt);
    for (const s of subs) s.stop();
    await Promise.all(clients.map((cl) => cl.dispose()));
  }, 90_000);
});

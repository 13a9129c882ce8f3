import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { ExportTaskDocument, ExportTaskUpdatesDocument, type ExportTaskUpdatesSubscription } from '../../src/generated/graphql';
import { startEmulator, type EmulatedTaskSpec, type EmulatorHandle } from '../../src/emulator';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { startReplica, type Replica } from '../support/replica';
import { ACCOUNT, API_KEY } from '../support/stack';
import { record, sleep, wsClient, type Recording } from '../support/ws-client';
import { print } from 'graphql';

type Update = ExportTaskUpdatesSubscription['exportTaskUpdates'];

/** Several real service processes against one real redis-server and one Tencent emulator. */
describe('replicas sharing one Redis', () => {
  let redis: RedisServer;
  let emulator: EmulatorHandle;
  let replicas: Replica[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis.stop();
  });
  afterEach(async () => {
    for (const r of replicas) r.kill('SIGKILL');
    await Promise.all(replicas.map((r) => r.exited));
    replicas = [];
    await emulator?.dispose();
  });

  async function cluster(
    n: number,
    tasks: readonly EmulatedTaskSpec[],
    opts: { intervalMs?: number; leaseMs?: number; rps?: number } = {},
  ): Promise<Replica[]> {
    emulator = await startEmulator('tencent-tcss', { accounts: [ACCOUNT], tasks });
    const config = {
      server: { host: '127.0.0.1', port: 0 },
      redis: { url: redis.url, leaseMs: opts.leaseMs ?? 2000, keyPrefix: `r${randomUUID().slice(0, 8)}:` },
      polling: { intervalMs: opts.intervalMs ?? 1000 },
      cache: { freshMs: 0 },
      tenants: [
        {
          id: 'team-a',
          apiKeys: ['env:TEAM_A_KEY'],
          providers: {
            'tencent-tcss': {
              secretId: 'env:TC_ID',
              secretKey: 'env:TC_KEY',
              endpoint: emulator.url,
              maxRequestsPerSecond: opts.rps ?? 20,
            },
          },
        },
      ],
    };
    const env = { TEAM_A_KEY: API_KEY, TC_ID: ACCOUNT.accessKeyId, TC_KEY: ACCOUNT.secret };
    replicas = await Promise.all(Array.from({ length: n }, () => startReplica(config, env)));
    return replicas;
  }

  function subscribeMany(
    replica: Replica,
    ids: string[],
    count: number,
  ): { recordings: Recording<ExportTaskUpdatesSubscription>[]; dispose: () => Promise<void> } {
    const client = wsClient(replica.url);
    const recordings = Array.from({ length: count }, () => record(client, ExportTaskUpdatesDocument, { ids }));
    return { recordings, dispose: async () => void (await client.dispose()) };
  }

  it('polls one task about once per interval in total for 3 replicas × 50 subscribers', async () => {
    const rs = await cluster(3, [{ id: 'shared', accountId: ACCOUNT.accountId, createdAt: Date.now(), durationMs: 6000 }]);
    const started = Date.now();
    const subs = rs.map((r) => subscribeMany(r, ['tencent-tcss:shared'], 50));
    const all = subs.flatMap((s) => s.recordings);
    await Promise.all(all.map((r) => r.finished));
    const elapsedS = (Date.now() - started) / 1000;
    await Promise.all(subs.map((s) => s.dispose()));
    expect(Math.abs(emulator.stats.forTask('shared') - elapsedS)).toBeLessThanOrEqual(2);
    for (const r of all) {
      const updates = r.events.map((e) => e.exportTaskUpdates as Update);
      expect(updates.filter((u) => u.final)).toHaveLength(1);
      expect(updates[updates.length - 1]).toMatchObject({ final: true, task: { status: 'SUCCEEDED' } });
    }
  });

  it('takes over within lease time + one interval when the leasing replica is SIGKILLed, and every surviving subscriber gets the final event', async () => {
    const leaseMs = 2000;
    const intervalMs = 500;
    const rs = await cluster(3, [{ id: 'takeover', accountId: ACCOUNT.accountId, createdAt: Date.now(), durationMs: 9000 }], {
      leaseMs,
      intervalMs,
    });
    const subs = rs.map((r) => subscribeMany(r, ['tencent-tcss:takeover'], 5));
    await Promise.all(subs.flatMap((s) => s.recordings).map((r) => r.waitFor(2)));

    // Find the lease holder through Redis and the replicas' own ids.
    const probe = new Redis(redis.url);
    const keys = await probe.keys('*lease:*takeover');
    const holder = await probe.get(keys[0]!);
    probe.disconnect();
    const ids = await Promise.all(rs.map(async (r) => ((await r.readyz()).body['coordination'] as { replica: string }).replica));
    const leaderIndex = ids.indexOf(holder!);
    expect(leaderIndex).toBeGreaterThanOrEqual(0);

    const killedAt = Date.now();
    rs[leaderIndex]!.kill('SIGKILL');
    await rs[leaderIndex]!.exited;
    const survivors = subs.filter((_, i) => i !== leaderIndex).flatMap((s) => s.recordings);
    await Promise.all(survivors.map((r) => r.finished));
    const firstReadAfter = emulator.stats.requests.find((q) => q.at > killedAt + 50);
    expect(firstReadAfter).toBeDefined();
    expect(firstReadAfter!.at - killedAt).toBeLessThanOrEqual(leaseMs + intervalMs + 500);
    for (const r of survivors) {
      const updates = r.events.map((e) => e.exportTaskUpdates as Update);
      expect(updates.filter((u) => u.final)).toHaveLength(1);
      expect(updates[updates.length - 1]).toMatchObject({ final: true, task: { status: 'SUCCEEDED' } });
    }
    await Promise.all(subs.filter((_, i) => i !== leaderIndex).map((s) => s.dispose()));
  });

  it('keeps 3 replicas watching 100 Tencent tasks under 20 reads in any one-second window', async () => {
    const tasks = Array.from({ length: 100 }, (_, i) => ({
      id: `q-${i}`,
      accountId: ACCOUNT.accountId,
      createdAt: Date.now(),
      durationMs: 600_000,
    }));
    const rs = await cluster(3, tasks);
    const ids = tasks.map((t) => `tencent-tcss:${t.id}`);
    const subs = rs.map((r) => subscribeMany(r, ids, 1));
    await sleep(10_000);
    await Promise.all(subs.map((s) => s.dispose()));
    const times = emulator.stats.requests.map((q) => q.at).sort((a, b) => a - b);
    let max = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      max = Math.max(max, i - j + 1);
    }
    expect(emulator.stats.requests.filter((q) => q.outcome !== 'ok')).toEqual([]);
    expect(max).toBeLessThanOrEqual(20);
    expect(times.length).toBeGreaterThan(100); // every task read, and then again
  });

  it('degrades when Redis stops (queries and subscriptions keep working, /readyz says so) and shares polling again when it returns', async () => {
    const intervalMs = 500;
    const rs = await cluster(2, [{ id: 'deg', accountId: ACCOUNT.accountId, createdAt: Date.now(), durationMs: 60_000 }], {
      intervalMs,
      leaseMs: 1500,
    });
    const subs = rs.map((r) => subscribeMany(r, ['tencent-tcss:deg'], 3));
    await Promise.all(subs.flatMap((s) => s.recordings).map((r) => r.waitFor(2)));

    await redis.stop();
    await sleep(1500);
    for (const r of rs) {
      const ready = await r.readyz();
      expect(ready.status).toBe(200);
      expect(ready.body['coordination']).toMatchObject({ mode: 'degraded' });
    }
    const counts = subs.flatMap((s) => s.recordings).map((r) => r.events.length);
    const degradedFrom = Date.now();
    await sleep(2500);
    // Subscriptions still move, each replica polling for its own subscribers.
    subs.flatMap((s) => s.recordings).forEach((r, i) => expect(r.events.length).toBeGreaterThan(counts[i]!));
    const res = await fetch(rs[0]!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ query: print(ExportTaskDocument), variables: { id: 'tencent-tcss:deg' } }),
    });
    expect(((await res.json()) as { data: { exportTask: { status: string } } }).data.exportTask.status).toBe('RUNNING');
    const degradedReads = emulator.stats.requests.filter((q) => q.at >= degradedFrom && q.at < degradedFrom + 2500).length;
    expect(degradedReads).toBeGreaterThanOrEqual(2 * 2); // both replicas poll on their own

    await redis.start();
    await sleep(3000);
    for (const r of rs) expect(((await r.readyz()).body['coordination'] as { mode: string }).mode).toBe('cluster');
    const sharedFrom = Date.now();
    await sleep(3000);
    const sharedReads = emulator.stats.requests.filter((q) => q.at >= sharedFrom && q.at < sharedFrom + 3000).length;
    // One poller again: about 3000 / 500 reads, not twice as many.
    expect(sharedReads).toBeLessThanOrEqual(3000 / intervalMs + 2);
    expect(subs.flatMap((s) => s.recordings).every((r) => r.errors.length === 0)).toBe(true);
    await Promise.all(subs.map((s) => s.dispose()));
  });
});

import { randomUUID } from 'node:crypto';

import { print } from 'graphql';
import Redis from 'ioredis';

import type { EmulatedTaskSpec, EmulatorAccount, RecordedRequest } from '../../src/emulator';
import { ExportTaskDocument, ExportTaskUpdatesDocument, type ExportTaskUpdatesSubscription } from '../../src/generated/graphql';
import { QUOTA_MARGIN_MS } from '../../src/quota/rate-budget';
import { recordBudgetSchedule } from '../support/budget-schedule';
import { BUILD_TIMEOUT_MS, ensureBuilt } from '../support/build';
import { explained, until, within } from '../support/deadline';
import { type EmulatorThread, startEmulatorThread } from '../support/emulator-thread';
import { type RedisServer, startRedisServer } from '../support/redis-server';
import { type Replica, startReplica } from '../support/replica';
import { ACCOUNT, API_KEY } from '../support/stack';
import { record, type Recording, sleep, wsClient } from '../support/ws-client';

type Update = ExportTaskUpdatesSubscription['exportTaskUpdates'];

/** Jest's budget for one test here: replicas start as real processes, and the tests watch several seconds of polling. */
const TEST_TIMEOUT_MS = 90_000;

/**
 * Several real service processes against one real redis-server and one Tencent emulator.
 *
 * The emulator runs on a thread of its own (see emulator-thread.ts): its arrival times are what the
 * quota and takeover assertions measure, and in jest's thread they drift by whole event-loop stalls.
 * Tasks are added once the replicas are up, so that each test sees its task's whole life however long
 * the processes took to start. Waits are for events, with deadlines derived from the configured
 * intervals; a missed deadline says what was last seen.
 */
describe('replicas sharing one Redis', () => {
  let redis: RedisServer;
  let emulator: EmulatorThread | undefined;
  let replicas: Replica[] = [];

  // The replicas (and the emulator thread) run the compiled service.
  beforeAll(() => ensureBuilt(), BUILD_TIMEOUT_MS);
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
    emulator = undefined;
  });

  interface Cluster {
    readonly replicas: Replica[];
    readonly emulator: EmulatorThread;
    /** The Redis key prefix of this cluster. */
    readonly keyPrefix: string;
    /** The SecretId replica i signs with (the emulator records it with each request). */
    readonly keyOf: (i: number) => string;
  }

  /**
   * Starts an emulator and `n` replicas of one tenant. With `keyPerReplica`, each replica signs with
   * its own SecretId of the same Tencent account, so that every recorded read names the replica that
   * made it; otherwise all share one SecretId (and so, at the emulator, one quota).
   */
  async function cluster(
    n: number,
    opts: { intervalMs?: number; leaseMs?: number; rps?: number; keyPerReplica?: boolean; tasks?: readonly EmulatedTaskSpec[] } = {},
  ): Promise<Cluster> {
    const accounts: EmulatorAccount[] = opts.keyPerReplica
      ? Array.from({ length: n }, (_, i) => ({
          ...ACCOUNT,
          accessKeyId: `AKIDTESTREPLICA0000${i}`,
          secret: `${ACCOUNT.secret}-replica-${i}`,
        }))
      : [ACCOUNT];
    const emu = (emulator = await startEmulatorThread('tencent-tcss', { accounts, tasks: opts.tasks ?? [] }));
    const keyPrefix = `r${randomUUID().slice(0, 8)}:`;
    const config = {
      server: { host: '127.0.0.1', port: 0 },
      redis: { url: redis.url, leaseMs: opts.leaseMs ?? 2000, keyPrefix },
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
              endpoint: emu.url,
              maxRequestsPerSecond: opts.rps ?? 20,
            },
          },
        },
      ],
    };
    const account = (i: number) => accounts[opts.keyPerReplica ? i : 0]!;
    replicas = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        startReplica(config, { TEAM_A_KEY: API_KEY, TC_ID: account(i).accessKeyId, TC_KEY: account(i).secret }),
      ),
    );
    return { replicas, emulator: emu, keyPrefix, keyOf: (i) => account(i).accessKeyId };
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

  const updatesOf = (r: Recording<ExportTaskUpdatesSubscription>) => r.events.map((e) => e.exportTaskUpdates as Update);
  const eventCounts = (rs: Recording<ExportTaskUpdatesSubscription>[]) => rs.map((r) => r.events.length);
  /** Each recording got exactly one final event, the last, and it says SUCCEEDED. */
  function expectOneFinalEach(recordings: Recording<ExportTaskUpdatesSubscription>[]): void {
    for (const r of recordings) {
      const updates = updatesOf(r);
      expect(updates.filter((u) => u.final)).toHaveLength(1);
      expect(updates[updates.length - 1]).toMatchObject({ final: true, task: { status: 'SUCCEEDED' } });
    }
  }
  /** The one-second window [from, from + 1000) holding the most of `times` (sorted), and how many. */
  function densest(times: readonly number[]): { count: number; from: number } {
    let best = { count: 0, from: times[0] ?? 0 };
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      if (i - j + 1 > best.count) best = { count: i - j + 1, from: times[j]! };
    }
    return best;
  }
  const coordination = async (r: Replica) => (await r.readyz()).body['coordination'] as { mode: string; replica: string };

  it(
    'polls one task about once per interval in total for 3 replicas × 50 subscribers',
    async () => {
      const intervalMs = 1000;
      const leaseMs = 2000;
      const durationMs = 6000;
      const { replicas: rs, emulator: emu } = await cluster(3, { intervalMs, leaseMs });
      await emu.addTask({ id: 'shared', accountId: ACCOUNT.accountId, durationMs });
      const started = Date.now();
      const subs = rs.map((r) => subscribeMany(r, ['tencent-tcss:shared'], 50));
      const all = subs.flatMap((s) => s.recordings);
      // The task ends `durationMs` after it was added; the last read comes within an interval of that,
      // or a lease time and an interval later if the leaseholder had to be replaced on the way.
      await within(
        durationMs + leaseMs + 2 * intervalMs,
        'every subscriber gets the final event',
        Promise.all(all.map((r) => r.finished)),
        () => eventCounts(all),
      );
      const elapsedMs = Date.now() - started;
      await Promise.all(subs.map((s) => s.dispose()));
      const reads = (await emu.requests()).filter((q) => q.taskIds.includes('shared'));
      // One poller across the replicas: one read per interval, give or take the first and the last.
      explained(
        () => ({ elapsedMs, readsAt: reads.map((q) => q.at - started) }),
        () => expect(Math.abs(reads.length - elapsedMs / intervalMs)).toBeLessThanOrEqual(2),
      );
      expectOneFinalEach(all);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'takes over within lease time + one interval when the leasing replica is SIGKILLed, and every surviving subscriber gets the final event',
    async () => {
      const leaseMs = 2000;
      const intervalMs = 500;
      const durationMs = 9000;
      const { replicas: rs, emulator: emu, keyPrefix, keyOf } = await cluster(3, { leaseMs, intervalMs, keyPerReplica: true });
      await emu.addTask({ id: 'takeover', accountId: ACCOUNT.accountId, durationMs });
      const subs = rs.map((r) => subscribeMany(r, ['tencent-tcss:takeover'], 5));
      const all = subs.flatMap((s) => s.recordings);
      // The first read is immediate, the second an interval later (a lease time later at worst).
      await within(leaseMs + 2 * intervalMs, 'two events for every subscriber', Promise.all(all.map((r) => r.waitFor(2))), () =>
        eventCounts(all),
      );

      // Find the lease holder through Redis and the replicas' own ids.
      const probe = new Redis(redis.url);
      const keys = await probe.keys(`${keyPrefix}lease:*takeover`);
      const holder = await probe.get(keys[0]!);
      probe.disconnect();
      const ids = await Promise.all(rs.map(async (r) => (await coordination(r)).replica));
      const leaderIndex = ids.indexOf(holder!);
      expect(leaderIndex).toBeGreaterThanOrEqual(0);

      const killedAt = Date.now();
      rs[leaderIndex]!.kill('SIGKILL');
      await rs[leaderIndex]!.exited;
      const survivors = subs.filter((_, i) => i !== leaderIndex).flatMap((s) => s.recordings);
      await within(
        durationMs + leaseMs + 2 * intervalMs,
        'the final event for every surviving subscriber',
        Promise.all(survivors.map((r) => r.finished)),
        () => eventCounts(survivors),
      );
      const reads = (await emu.requests()).filter((q) => q.taskIds.includes('takeover'));
      const seen = () => ({
        killedAt,
        leader: keyOf(leaderIndex),
        reads: reads.map((q) => ({ by: q.accessKeyId, at: q.at - killedAt, outcome: q.outcome })),
      });
      explained(seen, () => {
        // The replica killed was the one polling...
        expect(reads.filter((q) => q.at < killedAt).pop()?.accessKeyId).toBe(keyOf(leaderIndex));
        // ...and a survivor read the task within a lease time (the lease runs out), one interval (a
        // survivor's next attempt to take it) and 500 ms (the read itself) after it died.
        const firstReadAfter = reads.find((q) => q.at >= killedAt && q.accessKeyId !== keyOf(leaderIndex));
        expect(firstReadAfter).toBeDefined();
        expect(firstReadAfter!.at - killedAt).toBeLessThanOrEqual(leaseMs + intervalMs + 500);
      });
      expectOneFinalEach(survivors);
      await Promise.all(subs.filter((_, i) => i !== leaderIndex).map((s) => s.dispose()));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps 3 replicas watching 100 Tencent tasks under 20 reads in any one-second window',
    async () => {
      const rps = 20;
      const gapMs = (1000 + QUOTA_MARGIN_MS) / rps;
      const tasks = Array.from({ length: 100 }, (_, i) => ({ id: `q-${i}`, accountId: ACCOUNT.accountId, durationMs: 600_000 }));
      const { replicas: rs, emulator: emu, keyPrefix } = await cluster(3, { tasks, rps });
      const schedule = await recordBudgetSchedule(redis.url, keyPrefix, gapMs);
      const ids = tasks.map((t) => `tencent-tcss:${t.id}`);
      const subs = rs.map((r) => subscribeMany(r, ids, 1));
      // A measurement window, not a wait for an event: how the replicas share the quota for 10 s.
      await sleep(10_000);
      await Promise.all(subs.map((s) => s.dispose()));
      await schedule.stop();
      const requests = await emu.requests();
      const arrivals = requests.map((q) => q.at).sort((a, b) => a - b);
      const slots = [...schedule.slots].sort((a, b) => a - b);
      // The k-th read to arrive took the k-th slot (or a later one): how long after it the read arrived.
      const lags = arrivals.map((at, k) => at - slots[k]!);
      const maxLagMs = Math.max(...lags);
      const emulatorMax = densest(arrivals);
      const stalls = await emu.stalls();
      explained(
        () => ({
          reads: arrivals.length,
          slots: slots.length,
          emulatorMax: { count: emulatorMax.count, from: emulatorMax.from },
          densestWindow: requests
            .filter((q) => q.at >= emulatorMax.from && q.at < emulatorMax.from + 1000)
            .map((q) => [q.at - emulatorMax.from, q.outcome]),
          lagsInDensestWindow: lags
            .filter((_, k) => arrivals[k]! >= emulatorMax.from && arrivals[k]! < emulatorMax.from + 1000)
            .map(Math.round),
          maxLagMs,
          refused: requests.filter((q) => q.outcome !== 'ok').map((q) => [q.at - emulatorMax.from, q.outcome]),
          emulatorStalls: stalls.map(([at, ms]) => [at - emulatorMax.from, ms]),
        }),
        () => {
          // One budget, shared by the three replicas, spacing starts by the configured quota plus margin...
          expect([...schedule.keys]).toEqual([`${keyPrefix}budget:team-a:tencent-tcss`]);
          expect([...schedule.gaps]).toEqual([gapMs]);
          // ...so that its schedule never holds more than the quota in any one-second window...
          expect(densest(slots).count).toBeLessThanOrEqual(rps);
          // ...and every read the provider got had its slot: none came before it (the clocks count whole
          // milliseconds, so a read can look up to 2 ms early), none without one.
          expect(arrivals.length).toBeLessThanOrEqual(slots.length);
          expect(Math.min(...lags)).toBeGreaterThanOrEqual(-2);
          // The provider's own count: the margin absorbs up to QUOTA_MARGIN_MS of delay between a slot
          // and the provider seeing the read. Within that, the emulator refuses nothing and never counts
          // more than the quota in a second. (A busy machine delays reads by more, on the replicas' side
          // as well as the emulator's; then the two checks above are what shows the quota was kept.)
          if (maxLagMs <= QUOTA_MARGIN_MS) {
            expect(requests.filter((q) => q.outcome !== 'ok')).toEqual([]);
            expect(emulatorMax.count).toBeLessThanOrEqual(rps);
          }
          expect(arrivals.length).toBeGreaterThan(100); // every task read, and then again
        },
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'degrades when Redis stops (queries and subscriptions keep working, /readyz says so) and shares polling again when it returns',
    async () => {
      const intervalMs = 500;
      const leaseMs = 1500;
      const { replicas: rs, emulator: emu, keyOf } = await cluster(2, { intervalMs, leaseMs, keyPerReplica: true });
      await emu.addTask({ id: 'deg', accountId: ACCOUNT.accountId, durationMs: 60_000 });
      const subs = rs.map((r) => subscribeMany(r, ['tencent-tcss:deg'], 3));
      const all = subs.flatMap((s) => s.recordings);
      await within(leaseMs + 2 * intervalMs, 'two events for every subscriber', Promise.all(all.map((r) => r.waitFor(2))), () =>
        eventCounts(all),
      );
      const modes = () => Promise.all(rs.map(async (r) => (await coordination(r)).mode));

      await redis.stop();
      // ioredis sees the connection close at once; the mode follows.
      await until(leaseMs, 'every replica degraded', modes, (m) => m.every((x) => x === 'degraded'));
      for (const r of rs) {
        const ready = await r.readyz();
        expect(ready.status).toBe(200);
        expect(ready.body['coordination']).toMatchObject({ mode: 'degraded' });
      }
      const counts = eventCounts(all);
      const degradedFrom = Date.now();
      // Subscriptions still move, each replica polling for its own subscribers: two reads by each
      // replica and a new event for every subscriber within five intervals.
      const readsSince = async (from: number) => (await emu.requests()).filter((q) => q.at >= from && q.taskIds.includes('deg'));
      await until(
        5 * intervalMs,
        'two reads by each replica on its own',
        () => readsSince(degradedFrom),
        (reads) => rs.every((_, i) => reads.filter((q) => q.accessKeyId === keyOf(i)).length >= 2),
      );
      await within(5 * intervalMs, 'a new event for every subscriber', Promise.all(all.map((r, i) => r.waitFor(counts[i]! + 1))), () => ({
        before: counts,
        now: eventCounts(all),
      }));
      const res = await fetch(rs[0]!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
        body: JSON.stringify({ query: print(ExportTaskDocument), variables: { id: 'tencent-tcss:deg' } }),
      });
      expect(((await res.json()) as { data: { exportTask: { status: string } } }).data.exportTask.status).toBe('RUNNING');

      await redis.start();
      // ioredis retries at most every second; both connections of each replica must be ready again.
      await until(3000, 'every replica back in the cluster', modes, (m) => m.every((x) => x === 'cluster'));
      const sharedFrom = Date.now();
      // A measurement window: how many reads 3 s of shared polling make.
      await sleep(3000);
      const shared = (await readsSince(sharedFrom)).filter((q) => q.at < sharedFrom + 3000);
      explained(
        () => shared.map((q: RecordedRequest) => ({ by: q.accessKeyId, at: q.at - sharedFrom })),
        // One poller again: about 3000 / 500 reads, not twice as many.
        () => expect(shared.length).toBeLessThanOrEqual(3000 / intervalMs + 2),
      );
      expect(all.every((r) => r.errors.length === 0)).toBe(true);
      await Promise.all(subs.map((s) => s.dispose()));
    },
    TEST_TIMEOUT_MS,
  );
});

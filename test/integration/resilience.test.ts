import { type EmulatorHandle, startEmulator } from '../../src/emulator';
import { type App, createApp } from '../../src/server/app';
import { memoryLogger } from '../support/silent-logger';
import { ACCOUNT, API_KEY, gql, providerSettings, testConfig } from '../support/stack';

const KEY_B = 'test-api-key-tenant-b-000000000002';
const HALF_OPEN_MS = 600;
const HUAWEI_TIMEOUT_MS = 300;

const HEALTH = `query ($id: ID!) { provider(id: $id) { health { state circuitOpen p50LatencyMs errorRate checkedAt lastError { code providerCode message retryable } } } }`;
interface Health {
  state: string;
  circuitOpen: boolean;
  p50LatencyMs: number | null;
  errorRate: number | null;
  checkedAt: string | null;
  lastError: { code: string; providerCode: string | null; message: string; retryable: boolean } | null;
}

async function health(app: App, provider: string, key = API_KEY): Promise<Health> {
  const res = await gql<{ provider: { health: Health } }, { id: string }>(app, HEALTH, { id: provider }, key);
  return res.data!.provider.health;
}

/** Milliseconds one `exportTask` query takes over real HTTP, with its error code if any. */
async function timed(app: App, id: string, key = API_KEY): Promise<{ ms: number; code: unknown }> {
  const t0 = performance.now();
  const res = await gql(app, `query ($id: ID!) { exportTask(id: $id) { id status } }`, { id }, key);
  return { ms: performance.now() - t0, code: res.errors?.[0]?.extensions?.['code'] };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('resilience against the real server and emulators', () => {
  let app: App;
  let tencent: EmulatorHandle;
  let huawei: EmulatorHandle;
  /** Tenant B's own Huawei endpoint, healthy throughout. */
  let huaweiB: EmulatorHandle;

  beforeAll(async () => {
    const tasks = {
      tencent: [{ id: 'tc-1', accountId: ACCOUNT.accountId, durationMs: 600_000 }],
      huawei: [{ id: 'hw-1', accountId: ACCOUNT.accountId, durationMs: 600_000 }],
    };
    tencent = await startEmulator('tencent-tcss', { accounts: [ACCOUNT], tasks: tasks.tencent, quotaPerSecond: 1000 });
    huawei = await startEmulator('huawei-workspace', { accounts: [ACCOUNT], tasks: tasks.huawei });
    huaweiB = await startEmulator('huawei-workspace', { accounts: [ACCOUNT], tasks: tasks.huawei });
    const config = testConfig(
      [
        {
          id: 'team-a',
          apiKeys: [API_KEY],
          providers: {
            ...providerSettings('tencent-tcss', tencent.url, ACCOUNT),
            ...providerSettings('huawei-workspace', huawei.url, ACCOUNT, { timeoutMs: HUAWEI_TIMEOUT_MS }),
          },
        },
        {
          id: 'team-b',
          apiKeys: [KEY_B],
          providers: providerSettings('huawei-workspace', huaweiB.url, ACCOUNT, { timeoutMs: HUAWEI_TIMEOUT_MS }),
        },
      ],
      { resilience: { retries: 2, retryBaseDelayMs: 20, retryMaxDelayMs: 2000, breakerFailures: 5, breakerHalfOpenMs: HALF_OPEN_MS } },
    );
    app = await createApp(config, { logger: memoryLogger().logger });
  });
  afterAll(async () => {
    await app.stop();
    await Promise.all([tencent.dispose(), huawei.dispose(), huaweiB.dispose()]);
  });
  afterEach(() => {
    tencent.faults.clear();
    huawei.faults.clear();
  });

  it("keeps other providers at their usual latency while one hangs, and opens the hung provider's circuit", async () => {
    // A steady 40 ms upstream latency, so the ratio measures our overhead rather than loopback noise.
    tencent.faults.inject({ kind: 'latency', ms: 40 });
    await timed(app, 'tencent-tcss:tc-1'); // warm-up: connections, schema caches
    const healthy: number[] = [];
    for (let i = 0; i < 20; i++) healthy.push((await timed(app, 'tencent-tcss:tc-1')).ms);

    huawei.faults.inject({ kind: 'hang' });
    let loading = true;
    const hungCodes: unknown[] = [];
    // Eight callers keep asking the hanging provider for as long as we measure, each for its own task
    // (reads of one task in flight are shared: one upstream call however many ask).
    const load = Array.from({ length: 8 }, async (_, i) => {
      while (loading) {
        hungCodes.push((await timed(app, `huawei-workspace:hw-${i + 1}`)).code);
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    await new Promise((r) => setTimeout(r, 50));
    const duringHang: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await timed(app, 'tencent-tcss:tc-1');
      expect(r.code).toBeUndefined();
      duringHang.push(r.ms);
    }
    loading = false;
    await Promise.all(load);

    // Without the bulkhead and the circuit, these queries would queue behind 300 ms timeouts (ratio 5+);
    // 2 leaves room for a busy machine's noise (both phases run in this one process).
    expect(median(duringHang) / median(healthy)).toBeLessThan(2);
    // The hung provider timed out, then its circuit opened and refused at once.
    expect(hungCodes).toContain('PROVIDER_TIMEOUT');
    expect(hungCodes).toContain('PROVIDER_UNAVAILABLE');

    const h = await health(app, 'huawei-workspace');
    expect(h).toMatchObject({ state: 'DOWN', circuitOpen: true, errorRate: 1, lastError: { code: 'PROVIDER_TIMEOUT', retryable: true } });
    expect(h.p50LatencyMs!).toBeGreaterThanOrEqual(HUAWEI_TIMEOUT_MS - 5);
    expect(h.checkedAt).not.toBeNull();
    const t = await health(app, 'tencent-tcss');
    expect(t).toMatchObject({ state: 'UP', circuitOpen: false, errorRate: 0, lastError: null });
    expect(t.p50LatencyMs!).toBeGreaterThanOrEqual(40);

    // Open circuit: a clear PROVIDER_UNAVAILABLE, fast, and no upstream call.
    const before = huawei.stats.total();
    const res = await gql(app, `{ exportTask(id: "huawei-workspace:hw-1") { id } }`);
    expect(res.errors![0]!.message).toMatch(
      /^Huawei Cloud Workspace is unavailable: the circuit is open after 5 consecutive failures, so no call is made; the next probe is in \d s$/,
    );
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', provider: 'huawei-workspace', retryable: true });
    expect(huawei.stats.total()).toBe(before);

    // The circuit is per (tenant, provider): tenant B's Huawei is untouched.
    expect((await timed(app, 'huawei-workspace:hw-1', KEY_B)).code).toBeUndefined();
    expect(await health(app, 'huawei-workspace', KEY_B)).toMatchObject({ state: 'UP', circuitOpen: false });

    // Recovery: the provider answers again; after breakerHalfOpenMs one probe closes the circuit.
    huawei.faults.clear();
    await new Promise((r) => setTimeout(r, HALF_OPEN_MS + 50));
    expect((await timed(app, 'huawei-workspace:hw-1')).code).toBeUndefined();
    expect(await health(app, 'huawei-workspace')).toMatchObject({ circuitOpen: false, lastError: { code: 'PROVIDER_TIMEOUT' } });
  });

  it('retries transient 5xx and throttling transparently, within the budget', async () => {
    tencent.stats.reset();
    tencent.faults.inject({ kind: 'server-error' }, { times: 1 });
    tencent.faults.inject({ kind: 'throttle' }, { times: 1 });
    const r = await timed(app, 'tencent-tcss:tc-1');
    expect(r.code).toBeUndefined();
    expect(tencent.stats.requests.map((q) => q.outcome)).toEqual(['InternalError', 'RequestLimitExceeded', 'ok']);
  });

  it('gives PROVIDER_RATE_LIMITED after the retries, and reports it in health without opening the circuit', async () => {
    tencent.stats.reset();
    tencent.faults.inject({ kind: 'throttle' });
    for (let i = 0; i < 3; i++) {
      const res = await gql(app, `{ exportTask(id: "tencent-tcss:tc-1") { id } }`);
      expect(res.errors![0]!.extensions).toMatchObject({
        code: 'PROVIDER_RATE_LIMITED',
        providerCode: 'RequestLimitExceeded',
        retryable: true,
      });
    }
    expect(tencent.stats.total()).toBe(9); // three queries, each tried three times
    const h = await health(app, 'tencent-tcss');
    expect(h).toMatchObject({ circuitOpen: false, lastError: { code: 'PROVIDER_RATE_LIMITED', providerCode: 'RequestLimitExceeded' } });
    expect(h.errorRate!).toBeGreaterThan(0);
    expect(['DEGRADED', 'DOWN']).toContain(h.state);
  });

  it('never retries an answer: a malformed body is one call and PROVIDER_BAD_RESPONSE', async () => {
    tencent.stats.reset();
    tencent.faults.inject({ kind: 'malformed' }, { times: 1 });
    const res = await gql(app, `{ exportTask(id: "tencent-tcss:tc-1") { id } }`);
    expect(res.errors![0]!.extensions!['code']).toBe('PROVIDER_BAD_RESPONSE');
    expect(tencent.stats.total()).toBe(1);
  });
});

import { type EmulatorAccount, type EmulatorHandle, startEmulator } from '../../src/emulator';
import { BENCH_ACCOUNT, BENCH_API_KEY, providerOptions, SERVER_ENV, writeConfigFile } from '../support/bench-config';
import { type Child, startChild } from '../support/child';
import { script } from '../support/paths';
import { cpuPercent, mib, type ProcSample, sampleProcess } from '../support/proc-stats';
import { round, summarize } from '../support/stats';
import { openGraphQLSocket } from './graphql-ws-socket';

/** Options of the abuse benchmark. */
export interface AbuseOptions {
  /** Queries the victim tenant sends in each scenario, evenly spaced over `probeMs`. */
  readonly probes: number;
  /** How long each scenario is measured, ms. */
  readonly probeMs: number;
  /** Subscriptions the greedy tenant tries, each over 100 distinct unknown Huawei ids. */
  readonly greedySubscriptions: number;
  /** How long the non-reading client floods pings, ms. */
  readonly floodMs: number;
  readonly serverExecArgv: readonly string[];
  readonly log: (line: string) => void;
}

/** One scenario's numbers. */
export interface AbuseRow {
  readonly scenario: 'idle' | 'greedy tenant' | 'non-reading ping flooder';
  /** The victim's query latency (an uncached read of another provider), ms. */
  readonly victimP50Ms: number;
  readonly victimP99Ms: number;
  /** The victim's p99 over its idle p99 (target: under 2). */
  readonly victimP99OverIdle: number;
  /** Victim queries that failed (must be 0). */
  readonly victimFailures: number;
  /** Server RSS at the end of the scenario and its peak so far, MiB. */
  readonly serverRssMiB: number;
  readonly serverPeakRssMiB: number;
  readonly serverCpuPercent: number;
  /** What the abuser got: refused subscriptions, or whether its socket was closed. */
  readonly abuser: string;
}

/** The abuse benchmark's results. */
export interface AbuseResult {
  readonly settings: Omit<AbuseOptions, 'log'>;
  readonly rows: readonly AbuseRow[];
}

const GREEDY_KEY = 'bench-api-key-greedy-tenant-0000002';
const GREEDY: EmulatorAccount = {
  accountId: 'greedy',
  accessKeyId: 'AKIDBENCHGREEDY00002',
  secret: 'bench-secret-greedy-0002',
  projectId: 'greedyproject',
};

/**
 * The target "one hostile client, one greedy tenant" (BENCHMARKS.md): a victim tenant's query latency
 * (uncached reads of Tencent) and the server's RSS and CPU, idle, while a greedy tenant subscribes to
 * far more Huawei tasks than it may watch, and while a client floods pings without ever reading its
 * socket. The service runs with its default limits; the victim's quota is unlimited so that only the
 * service is measured.
 */
export async function runAbuse(options: AbuseOptions): Promise<AbuseResult> {
  const { log } = options;
  const tcss = await startEmulator('tencent-tcss', { accounts: [BENCH_ACCOUNT], quotaPerSecond: 1_000_000 });
  const hw = await startEmulator('huawei-workspace', { accounts: [GREEDY] });
  const config = writeConfigFile({
    server: { host: '127.0.0.1', port: 0 },
    cache: { freshMs: 0 },
    tenants: [
      { id: 'victim', apiKeys: [BENCH_API_KEY], providers: providerOptions({ 'tencent-tcss': tcss.url }) },
      { id: 'greedy', apiKeys: [GREEDY_KEY], providers: providerOptions({ 'huawei-workspace': hw.url }, GREEDY, 10) },
    ],
  });
  const server = await startChild(script('server/service-process'), [config], { execArgv: options.serverExecArgv, env: SERVER_ENV });
  const url = String(server.ready['url']);
  const rows: AbuseRow[] = [];
  try {
    let taskNo = 0;
    // Every scenario times the same probes at the same pace: a request every probeMs / probes.
    const probe = async () => {
      const latencies: number[] = [];
      let failures = 0;
      const every = options.probeMs / options.probes;
      for (let i = 0; i < options.probes; i++) {
        const started = performance.now();
        const r = await probeVictim(url, tcss, 1, () => `v-${taskNo++}`);
        latencies.push(...r.latencies);
        failures += r.failures;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, every - (performance.now() - started))));
      }
      return { latencies, failures };
    };
    await probeVictim(url, tcss, 50, () => `w-${taskNo++}`); // warm-up: JIT, connections

    const idle = await measure(server, probe);
    rows.push(row('idle', idle, idle.latency.p99, 'none'));
    log(`  idle: victim p99 ${idle.latency.p99} ms, server RSS ${mib(idle.end.rssBytes)} MiB`);

    const greedy = await greedyTenant(url, options.greedySubscriptions);
    const during = await measure(server, probe);
    const refused = await greedy.stop();
    rows.push(row('greedy tenant', during, idle.latency.p99, `${refused} of ${options.greedySubscriptions} subscriptions refused`));
    log(`  greedy tenant: victim p99 ${during.latency.p99} ms, ${refused} refused`);

    const flood = await pingFlood(url, options.probeMs + options.floodMs, options.serverExecArgv);
    const flooded = await measure(server, probe);
    const closed = await flood.ended;
    rows.push(row('non-reading ping flooder', flooded, idle.latency.p99, closed));
    log(`  ping flooder: victim p99 ${flooded.latency.p99} ms, server peak RSS ${mib(flooded.end.peakRssBytes)} MiB, ${closed}`);
  } finally {
    await server.stop();
    await Promise.all([tcss.dispose(), hw.dispose()]);
  }
  const { log: _log, ...settings } = options;
  return { settings, rows };
}

interface Measured {
  readonly latency: ReturnType<typeof summarize>;
  readonly failures: number;
  readonly start: ProcSample;
  readonly end: ProcSample;
}

async function measure(server: Child, run: () => Promise<{ latencies: number[]; failures: number }>): Promise<Measured> {
  const start = sampleProcess(server.pid);
  const { latencies, failures } = await run();
  const end = sampleProcess(server.pid);
  return { latency: summarize(latencies), failures, start, end };
}

function row(scenario: AbuseRow['scenario'], m: Measured, idleP99: number, abuser: string): AbuseRow {
  return {
    scenario,
    victimP50Ms: m.latency.p50,
    victimP99Ms: m.latency.p99,
    victimP99OverIdle: round(m.latency.p99 / idleP99, 2),
    victimFailures: m.failures,
    serverRssMiB: mib(m.end.rssBytes),
    serverPeakRssMiB: mib(m.end.peakRssBytes),
    serverCpuPercent: round(cpuPercent(m.start, m.end)),
    abuser,
  };
}

/** `count` victim queries, one after the other, each for a task never read before (an upstream read). */
async function probeVictim(url: string, tcss: EmulatorHandle, count: number, nextId: () => string) {
  const latencies: number[] = [];
  let failures = 0;
  for (let i = 0; i < count; i++) {
    const id = nextId();
    tcss.tasks.add({ id, accountId: BENCH_ACCOUNT.accountId, createdAt: Date.now(), durationMs: 600_000 });
    const started = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_API_KEY}` },
      body: JSON.stringify({ query: `{ exportTask(id: "tencent-tcss:${id}") { id status progress } }` }),
    });
    const body = (await res.json()) as { data?: { exportTask?: unknown }; errors?: unknown };
    latencies.push(performance.now() - started);
    if (!res.ok || body.errors || !body.data?.exportTask) failures++;
  }
  return { latencies, failures };
}

/** The greedy tenant: `subscriptions` subscriptions of 100 distinct unknown Huawei ids, over 10 sockets. */
async function greedyTenant(url: string, subscriptions: number): Promise<{ stop(): Promise<number> }> {
  const sockets = await Promise.all(Array.from({ length: 10 }, () => openGraphQLSocket(url, GREEDY_KEY)));
  let refused = 0;
  for (const ws of sockets) {
    ws.on('message', (data) => {
      // Refused before it starts (`error`), or when its stream would start (`next` carrying only errors).
      const m = JSON.parse(String(data)) as { type: string; payload?: { data?: unknown; errors?: unknown } };
      if (m.type === 'error' || (m.type === 'next' && m.payload?.errors && !m.payload.data)) refused++;
    });
  }
  for (let s = 0; s < subscriptions; s++) {
    const ids = Array.from({ length: 100 }, (_, i) => `huawei-workspace:g-${s}-${i}`);
    const query = 'subscription ($ids: [ID!]!) { exportTaskUpdates(ids: $ids) { id final } }';
    sockets[s % sockets.length]!.send(JSON.stringify({ id: String(s), type: 'subscribe', payload: { query, variables: { ids } } }));
  }
  return {
    async stop() {
      for (const ws of sockets) ws.terminate();
      return refused;
    },
  };
}

/** Starts the non-reading flooder (`flooder-process.ts`) for `ms` in its own process; `ended` says how it ended. */
async function pingFlood(url: string, ms: number, execArgv: readonly string[]): Promise<{ readonly ended: Promise<string> }> {
  let closed: boolean | undefined;
  const child = await startChild(script('abuse/flooder-process'), [url, BENCH_API_KEY, String(ms)], {
    execArgv: execArgv.filter((a) => !a.startsWith('--cpu-prof')),
    onNotice: (m) => {
      if (m.type === 'done') closed = m['closed'] === true;
    },
  });
  const ended = (async () => {
    await new Promise((resolve) => setTimeout(resolve, ms + 1000));
    await child.stop();
    return closed === undefined ? 'flooder did not report' : closed ? 'socket closed by the server' : 'socket still open';
  })();
  return { ended };
}

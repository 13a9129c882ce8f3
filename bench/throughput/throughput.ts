import { join } from 'node:path';

import autocannon from 'autocannon';

import { BENCH_ACCOUNT, BENCH_API_KEY, benchConfigDocument, SERVER_ENV, writeConfigFile } from '../support/bench-config';
import { type Child, startChild } from '../support/child';
import { operation, script } from '../support/paths';
import { cpuPercent, mib, runQueueWaitPercent, sampleProcess } from '../support/proc-stats';
import { median, round } from '../support/stats';

/** Options of the throughput benchmark. */
export interface ThroughputOptions {
  /** Measured seconds per target per round. */
  readonly durationS: number;
  /** Rounds; each round measures every target once, in turn, and each target reports its median round. */
  readonly rounds: number;
  /** Unmeasured seconds of load per target before the first round (JIT warm-up, connections, caches). */
  readonly warmupS: number;
  /** Concurrent HTTP/1.1 connections autocannon keeps busy (no pipelining). */
  readonly connections: number;
  /** Also measure the warm read with `LOG_LEVEL=warn` (no per-operation log line). */
  readonly logLevelVariant: boolean;
  /** `node` flags for every server process (the same for all three), e.g. `--cpu-prof`. */
  readonly serverExecArgv: readonly string[];
  /** When set, every server's CPU is profiled during its last measured round into this directory. */
  readonly profileDir?: string | undefined;
  readonly log: (line: string) => void;
}

type Target =
  'hello-world' | 'exportTask warm' | 'exportTask warm, no response cache' | 'exportTask cold' | 'exportTask warm, LOG_LEVEL=warn';

/** One target's numbers: those of its median round by requests per second. */
export interface ThroughputRow {
  readonly target: Target;
  readonly requestsPerSecond: number;
  /** Requests per second of every round, in order. */
  readonly roundsRequestsPerSecond: readonly number[];
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly ratioToHelloWorld: number;
  readonly requests: number;
  /** Non-2xx answers plus 2xx answers carrying GraphQL `errors`, plus socket errors and timeouts, all rounds. */
  readonly failures: number;
  readonly serverCpuPercent: number;
  /** Server CPU time per request, µs (the median round's). */
  readonly serverCpuPerRequestUs: number;
  /** Share of the median round the server waited for a CPU, %. */
  readonly serverRunQueueWaitPercent: number;
  readonly serverRssMiB: number;
  /** CPU of this process (autocannon) in the median round, % of one core: near 100 means the load generator, not the server, was the limit. */
  readonly loadGeneratorCpuPercent: number;
  /** Upstream (emulator) requests during the median round. */
  readonly upstreamRequests: number;
}

/** The throughput benchmark's results. */
export interface ThroughputResult {
  readonly settings: Omit<ThroughputOptions, 'log'>;
  readonly query: string;
  readonly rows: readonly ThroughputRow[];
}

/** Distinct tasks the cold target cycles through, so that no two concurrent requests share a read. */
const COLD_TASKS = 10_000;

interface Subject {
  readonly target: Target;
  readonly server: Child;
  /** Request bodies; requests cycle through them. */
  readonly bodies: readonly string[];
  readonly headers: Record<string, string>;
  readonly rounds: Array<{
    result: autocannon.Result;
    graphqlErrors: number;
    cpu: number;
    cpuPerRequestUs: number;
    wait: number;
    rss: number;
    upstream: number;
    loadCpu: number;
  }>;
}

/**
 * autocannon (in this process) against three servers, each in its own child process started with the
 * same `node` flags and environment: a bare Apollo Server hello-world; the service's `exportTask` with
 * a cache window far longer than the run (warm: one upstream read, then every request is a cache hit);
 * and with `cache.freshMs: 0` over 10,000 distinct tasks (cold: every request is an upstream read, to
 * an emulator in a fourth process that answers at once). The targets take turns, round after round,
 * so that a change in what else the machine is doing affects them alike.
 */
export async function runThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const { log } = options;
  const now = Date.now();
  const ids = Array.from({ length: COLD_TASKS }, (_, i) => `bench-tp-${String(i).padStart(5, '0')}`);
  const spec = writeConfigFile(
    {
      providers: {
        'tencent-tcss': ids.map((id) => ({ id, accountId: BENCH_ACCOUNT.accountId, createdAt: now, durationMs: 24 * 3_600_000 })),
      },
      quotaPerSecond: 10_000_000,
    },
    'emulators.json',
  );
  const emulators = await startChild(script('server/emulator-process'), [spec]);
  const url = (emulators.ready['urls'] as Record<string, string>)['tencent-tcss']!;
  const query = operation('export-task');
  const auth = { authorization: `Bearer ${BENCH_API_KEY}` };
  const serviceBody = (id: string) => JSON.stringify({ query, variables: { id: `tencent-tcss:${id}` }, operationName: 'ExportTask' });
  const start = async (
    target: Target,
    file: string,
    args: string[],
    bodies: string[],
    headers: Record<string, string>,
    env: NodeJS.ProcessEnv = {},
  ): Promise<Subject> => ({
    target,
    server: await startChild(file, args, { execArgv: options.serverExecArgv, env: { ...SERVER_ENV, ...env } }),
    bodies,
    headers,
    rounds: [],
  });
  const subjects: Subject[] = [];
  try {
    subjects.push(await start('hello-world', script('server/hello-process'), [], [JSON.stringify({ query: '{ hello }' })], {}));
    const targets: Array<[Target, number, string[], NodeJS.ProcessEnv, boolean?]> = [
      ['exportTask warm', 3_600_000, [serviceBody(ids[0]!)], {}],
    ];
    // The same warm read with `cache.responses: false`: every request runs through Apollo (what the response cache saves).
    targets.push(['exportTask warm, no response cache', 3_600_000, [serviceBody(ids[0]!)], {}, false]);
    // Informational: the same warm read without the per-operation info log line (what that line costs).
    if (options.logLevelVariant)
      targets.push(['exportTask warm, LOG_LEVEL=warn', 3_600_000, [serviceBody(ids[0]!)], { LOG_LEVEL: 'warn' }]);
    targets.push(['exportTask cold', 0, ids.map(serviceBody), {}]);
    for (const [target, freshMs, bodies, env, responses] of targets) {
      const config = writeConfigFile(benchConfigDocument({ emulators: { 'tencent-tcss': url }, freshMs, responses }));
      subjects.push(await start(target, script('server/service-process'), [config], bodies, auth, env));
    }
    for (const s of subjects) {
      await check(s);
      log(`  ${s.target}: warm-up ${options.warmupS} s`);
      await load(s, options.warmupS, options.connections);
      await new Promise((r) => setTimeout(r, 300));
    }
    for (let round = 1; round <= options.rounds; round++) {
      for (const s of subjects) {
        const profiled = options.profileDir !== undefined && round === options.rounds;
        if (profiled) await s.server.request('profile-start');
        const before = sampleProcess(s.server.pid);
        const self = sampleProcess(process.pid);
        const upstreamBefore = total(await emulators.request<Record<string, number>>('stats'));
        const { result, graphqlErrors } = await load(s, options.durationS, options.connections);
        const after = sampleProcess(s.server.pid);
        // Requests still in flight when autocannon stopped finish before the next target starts.
        await new Promise((r) => setTimeout(r, 300));
        const loadCpu = cpuPercent(self, sampleProcess(process.pid));
        const upstream = total(await emulators.request<Record<string, number>>('stats')) - upstreamBefore;
        if (profiled)
          log(
            `  profile: ${await s.server.request<string>('profile-stop', { file: join(options.profileDir!, `throughput-${s.target.replace(/ /g, '-')}.cpuprofile`) })}`,
          );
        const cpuPerRequestUs = ((after.cpuMs - before.cpuMs) * 1000) / Math.max(1, result.requests.total);
        s.rounds.push({
          result,
          graphqlErrors,
          cpu: cpuPercent(before, after),
          cpuPerRequestUs,
          wait: runQueueWaitPercent(before, after),
          rss: after.rssBytes,
          upstream,
          loadCpu,
        });
        log(
          `  round ${round} ${s.target}: ${rps(result)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, server CPU ${round0(cpuPercent(before, after))}% (${round0(cpuPerRequestUs)} µs/request), waited for a CPU ${round0(runQueueWaitPercent(before, after))}%; autocannon CPU ${round0(loadCpu)}%`,
        );
      }
    }
  } finally {
    for (const s of subjects) {
      const code = await s.server.stop();
      if (code !== 0) log(`  ${s.target}: server exited with ${code}: ${s.server.stderr().slice(-500)}`);
    }
    await emulators.stop();
  }
  const rows = subjects.map((s): ThroughputRow => {
    const all = s.rounds.map((r) => rps(r.result));
    const m = s.rounds.find((r) => rps(r.result) === median(all))!;
    return {
      target: s.target,
      requestsPerSecond: rps(m.result),
      roundsRequestsPerSecond: all,
      latencyP50Ms: m.result.latency.p50,
      latencyP99Ms: m.result.latency.p99,
      ratioToHelloWorld: 1,
      requests: s.rounds.reduce((a, r) => a + r.result.requests.total, 0),
      failures: s.rounds.reduce((a, r) => a + r.result.non2xx + r.graphqlErrors + r.result.errors + r.result.timeouts, 0),
      serverCpuPercent: round0(m.cpu),
      serverCpuPerRequestUs: round0(m.cpuPerRequestUs),
      serverRunQueueWaitPercent: round0(m.wait),
      serverRssMiB: mib(m.rss),
      loadGeneratorCpuPercent: round0(m.loadCpu),
      upstreamRequests: m.upstream,
    };
  });
  const base = rows[0]!.requestsPerSecond;
  const { log: _log, ...settings } = options;
  void _log;
  return { settings, query, rows: rows.map((r) => ({ ...r, ratioToHelloWorld: round(r.requestsPerSecond / base, 3) })) };
}

const round0 = (v: number) => round(v, 0);
const rps = (r: autocannon.Result) => round0(r.requests.total / (r.duration || 1));

function total(stats: Record<string, number>): number {
  return Object.values(stats).reduce((a, b) => a + b, 0);
}

/** One request by hand first: the benchmark must measure correct answers. */
async function check(s: Subject): Promise<void> {
  const url = s.server.ready['url'] as string;
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...s.headers }, body: s.bodies[0]! });
  const body = (await res.json()) as { data?: unknown; errors?: unknown };
  if (res.status !== 200 || body.errors || !body.data)
    throw new Error(`${s.target}: the check request failed: ${res.status} ${JSON.stringify(body)}`);
}

/** One bounded autocannon run; counts 200 answers that carry GraphQL errors. */
async function load(s: Subject, durationS: number, connections: number): Promise<{ result: autocannon.Result; graphqlErrors: number }> {
  let graphqlErrors = 0;
  let next = 0;
  const { bodies } = s;
  const result = await autocannon({
    url: s.server.ready['url'] as string,
    connections,
    pipelining: 1,
    duration: durationS,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...s.headers },
        ...(bodies.length > 1
          ? { setupRequest: (req: autocannon.Request) => ({ ...req, body: bodies[next++ % bodies.length] }) }
          : { body: bodies[0] }),
        onResponse: (status: number, body: string) => {
          if (status === 200 && body.includes('"errors"')) graphqlErrors++;
        },
      },
    ],
  });
  return { result, graphqlErrors };
}

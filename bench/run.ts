/**
 * `npm run bench`: the benchmarks of the targets in BENCHMARKS.md (throughput, fan-out, batching, abuse), a
 * table of their numbers and of the targets, and the JSON results in `bench/results/` (gitignored).
 * BENCHMARKS.md explains every number. Options (after `npm run bench --`):
 *
 *   --only throughput,fanout,batching,abuse   run a subset (default: all four; `batching` includes the Huawei rows)
 *   --only huawei                       only the Huawei batch strategies (per-id, listing, chosen) of `batching`
 *   --levels 1000,5000,10000,20000,50000  fan-out subscription counts over WebSockets (`none`: skip them); two
 *                                       subscriptions per connection up to 20,000, and levels that would take more
 *                                       than 10,000 connections in a pass of their own with more per connection
 *   --sse-levels 5000,20000             fan-out subscription counts over SSE (`none`: skip them); up to 10,000 in
 *                                       graphql-sse's distinct connections mode (one HTTP connection each, row
 *                                       `SSE distinct`), above in a pass of its own in its single connection mode
 *                                       (several operations per stream, at most 1,000 streams: row `SSE single`)
 *   --sse-mode auto|single|distinct     force the SSE mode of every SSE level (default auto: as above)
 *   --profile DIR                       CPU-profile the servers during the measured windows into DIR
 *   --quick                             short windows and small levels, to check the harness (numbers not comparable)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { type AbuseResult, runAbuse } from './abuse/abuse';
import { type BatchingResult, runBatching } from './batching/batching';
import { type HuaweiStrategyResult, runHuaweiStrategies } from './batching/huawei-strategies';
import { type FanoutResult, type FanoutTransport, runFanout, type SseMode } from './fanout/fanout';
import { machineInfo } from './support/machine';
import { RESULTS_DIR } from './support/paths';
import { round } from './support/stats';
import { table } from './support/table';
import { runThroughput, type ThroughputResult } from './throughput/throughput';

const BENCHES = ['throughput', 'fanout', 'batching', 'abuse'] as const;
/** What `--only` accepts: the benchmarks, and `huawei`, the Huawei rows of `batching` alone. */
const SELECTABLE = [...BENCHES, 'huawei'] as const;
type Bench = (typeof SELECTABLE)[number];
const SSE_MODES: readonly SseMode[] = ['auto', 'single', 'distinct'];
/** The fan-out table's name of each transport (the SSE rows name graphql-sse's mode). */
const TRANSPORT_LABELS: Record<FanoutTransport, string> = { websocket: 'WebSocket', sse: 'SSE distinct', 'sse-single': 'SSE single' };

/** The targets of BENCHMARKS.md, as this runner checks them. */
const TARGETS = {
  warmRatio: 0.8,
  fanoutSubscriptions: 20_000,
  /** The next level of fan-out: this many subscriptions in one process, over at most 10,000 connections. */
  wideFanoutSubscriptions: 50_000,
  /** How late polls may start at `fanoutSubscriptions` (p99 of the server's lateness histogram), ms. */
  pollLatenessP99Ms: 100,
  /** "RSS under 1.5 GB", read strictly as 1.5 × 10^9 bytes. */
  rssMiB: 1.5e9 / 1024 / 1024,
  p99Ms: 250,
  /** Reads per interval = T: each task read at most once per interval, and at least 95% of the tasks each interval. */
  readsFloor: 0.95,
  readsCeiling: 1.05,
  /** Another tenant's p99 while one client or tenant misbehaves, over its idle p99. */
  abuseP99Ratio: 2,
  /** Server RSS while one client floods a socket it never reads, MiB. */
  abuseRssMiB: 300,
};

interface Args {
  readonly only: readonly Bench[];
  readonly levels: readonly number[];
  readonly sseLevels: readonly number[];
  readonly sseMode: SseMode;
  readonly profileDir: string | undefined;
  readonly quick: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${name}: expected a value after it`);
    return v;
  };
  for (const a of argv) {
    if (a.startsWith('--') && !['--only', '--levels', '--sse-levels', '--sse-mode', '--profile', '--quick'].includes(a))
      throw new Error(`unknown option ${a}; expected --only, --levels, --sse-levels, --sse-mode, --profile or --quick`);
  }
  const quick = argv.includes('--quick');
  const only = (value('--only')?.split(',') ?? [...BENCHES]).map((b) => {
    if (!(SELECTABLE as readonly string[]).includes(b))
      throw new Error(`--only: expected some of ${SELECTABLE.join(', ')} but got: "${b}"`);
    return b as Bench;
  });
  const levelList = (name: string, fallback: string) => {
    const list = value(name) ?? fallback;
    if (list === 'none') return [];
    return list.split(',').map((l) => {
      const n = Number(l);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: expected positive integers or "none" but got: "${l}"`);
      return n;
    });
  };
  const levels = levelList('--levels', quick ? '200,1000' : '1000,5000,10000,20000,50000');
  // The SSE rows stand next to the WebSocket rows of the same counts: 5,000 in the distinct connections
  // mode, 20,000 in the single connection mode (20,000 connections would exceed the open-file limit).
  const sseLevels = levelList('--sse-levels', quick ? '1000' : '5000,20000');
  const sseMode = value('--sse-mode') ?? 'auto';
  if (!SSE_MODES.includes(sseMode as SseMode)) throw new Error(`--sse-mode: expected one of ${SSE_MODES.join(', ')} but got: "${sseMode}"`);
  const profile = value('--profile');
  return {
    only,
    levels,
    sseLevels,
    sseMode: sseMode as SseMode,
    profileDir: profile === undefined ? undefined : resolve(profile),
    quick,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const machine = machineInfo();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(
    `machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memoryTotalMiB} MiB, Node ${machine.node}, load average ${machine.loadAverage.join(' ')}`,
  );
  if (machine.loadAverage[0]! > 0.5)
    log(`note: the machine is busy (load ${machine.loadAverage[0]}): numbers will be lower and noisier than on an idle machine`);
  if (args.profileDir) mkdirSync(args.profileDir, { recursive: true });
  const execArgv: string[] = [];
  const quick = args.quick;

  let throughput: ThroughputResult | undefined;
  let fanout: FanoutResult | undefined;
  let batching: BatchingResult | undefined;
  let huawei: HuaweiStrategyResult | undefined;
  let abuse: AbuseResult | undefined;
  if (args.only.includes('throughput')) {
    log('\n# 1. Throughput');
    throughput = await runThroughput({
      durationS: quick ? 2 : 5,
      rounds: quick ? 1 : 3,
      warmupS: quick ? 1 : 5,
      connections: 50,
      logLevelVariant: true,
      serverExecArgv: execArgv,
      profileDir: args.profileDir,
      log,
    });
  }
  if (args.only.includes('fanout')) {
    log('\n# 2. Fan-out');
    fanout = await runFanout({
      levels: args.levels,
      sseLevels: args.sseLevels,
      sseMode: args.sseMode,
      tasks: 100,
      perConnection: 2,
      maxConnections: 10_000,
      windowMs: quick ? 4000 : 10_000,
      settleMs: quick ? 1000 : 3000,
      intervalMs: 1000,
      serverExecArgv: execArgv,
      profileDir: args.profileDir,
      log,
    });
  }
  if (args.only.includes('batching')) {
    log('\n# 3. Batching');
    batching = await runBatching({
      sizes: [10, 100, 1000],
      repeats: 2,
      runs: quick ? 1 : 3,
      latencyMs: 50,
      serverExecArgv: execArgv,
      profileDir: args.profileDir,
      log,
    });
  }
  if (args.only.includes('batching') || args.only.includes('huawei')) {
    log('\n# 3b. Huawei batch strategies');
    // Per-id at 1,000 ids is 1,000 starts of the default budget: about 108 s.
    huawei = await runHuaweiStrategies({
      sizes: quick ? [10, 100] : [10, 100, 1000],
      accountTasks: 1000,
      requestsPerSecond: 10,
      latencyMs: 50,
      log,
    });
  }

  if (args.only.includes('abuse')) {
    log('\n# 4. Abuse');
    abuse = await runAbuse({
      probes: quick ? 50 : 200,
      probeMs: quick ? 5000 : 10_000,
      greedySubscriptions: 1000,
      // Past the measured window, so that the server's keep-alive (two 12 s pings unanswered) cuts the flooder.
      floodMs: quick ? 5000 : 20_000,
      serverExecArgv: execArgv,
      log,
    });
  }

  const finishedAt = new Date();
  const targets = evaluate(throughput, fanout, batching, abuse, huawei);
  const results = {
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    startedAt: startedAt.toISOString(),
    durationS: Math.round((finishedAt.getTime() - startedAt.getTime()) / 1000),
    machine,
    loadAverageAtEnd: machineInfo().loadAverage,
    throughput,
    fanout,
    batching,
    huawei,
    abuse,
    targets,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);

  const report: string[] = [];
  const out = (line: string) => report.push(line);
  if (throughput) {
    out(
      table(
        [
          'throughput (autocannon, 50 conn.)',
          'req/s',
          'ratio to hello',
          'p50 ms',
          'p99 ms',
          'server CPU µs/req',
          'failures',
          'upstream reads',
        ],
        throughput.rows.map((r) => [
          r.target,
          r.requestsPerSecond,
          r.ratioToHelloWorld,
          r.latencyP50Ms,
          r.latencyP99Ms,
          r.serverCpuPerRequestUs,
          r.failures,
          r.upstreamRequests,
        ]),
      ),
    );
    out('');
  }
  if (fanout) {
    out(
      table(
        [
          'fan-out transport',
          'subscriptions',
          'connections',
          'reads/interval',
          'poll lateness p50/p99 ms',
          'observed→delivered p50/p99/max ms',
          'change→delivered p50/p99/max ms',
          'lost',
          'server RSS MiB',
          'server CPU %',
          'server µs/event',
          'server waited for CPU %',
          'load gen. CPU %',
        ],
        fanout.rows.map((r) => [
          TRANSPORT_LABELS[r.transport],
          r.subscriptions,
          r.connections,
          r.upstreamReadsPerInterval,
          `${r.pollLatenessMs.p50} / ${r.pollLatenessMs.p99}`,
          `${r.observedToDeliveredMs.p50} / ${r.observedToDeliveredMs.p99} / ${r.observedToDeliveredMs.max}`,
          `${r.changeToDeliveredMs.p50} / ${r.changeToDeliveredMs.p99} / ${r.changeToDeliveredMs.max}`,
          `${r.eventsLost} of ${r.eventsExpected}`,
          r.serverRssMiB,
          r.serverCpuPercent,
          r.serverCpuPerEventUs,
          r.serverRunQueueWaitPercent,
          r.loadGenerator.cpuPercent,
        ]),
      ),
    );
    out('');
  }
  if (batching) {
    out(
      table(
        ['batching ids (distinct)', 'fields', 'upstream requests', 'max reads of a task', 'wall ms', '× one read', 'server CPU %'],
        batching.rows.map((r) => [
          `${r.ids} (${r.distinctIds})`,
          r.fields,
          r.upstreamRequests,
          r.maxReadsOfOneTask,
          r.wallMs,
          r.wallOverSingleRead,
          r.serverCpuPercent,
        ]),
      ),
    );
    out(`one read (exportTask, a task never read before, emulator latency 50 ms): ${batching.singleReadMs} ms`);
    out('');
  }
  if (huawei) {
    const s = huawei.settings;
    out(
      table(
        [
          `huawei batch (${s.accountTasks} tasks, ${s.requestsPerSecond} req/s)`,
          'ids',
          'listing pages',
          'task_id reads',
          'upstream requests',
          'wall ms',
          'failures',
        ],
        huawei.rows.map((r) => [r.strategy, r.ids, r.pages, r.reads, r.pages + r.reads, r.wallMs, r.failures]),
      ),
    );
    out('');
  }
  if (abuse) {
    out(
      table(
        [
          'abuse scenario',
          'victim p50 ms',
          'victim p99 ms',
          'p99 / idle',
          'victim failures',
          'server RSS (peak) MiB',
          'server CPU %',
          'abuser',
        ],
        abuse.rows.map((r) => [
          r.scenario,
          r.victimP50Ms,
          r.victimP99Ms,
          r.victimP99OverIdle,
          r.victimFailures,
          `${r.serverRssMiB} (${r.serverPeakRssMiB})`,
          r.serverCpuPercent,
          r.abuser,
        ]),
      ),
    );
    out('');
  }
  out(
    table(
      ['target', 'measured', 'met'],
      targets.map((t) => [t.target, t.measured, t.met ? 'yes' : 'NO']),
    ),
  );
  writeFileSync(join(RESULTS_DIR, 'latest.md'), `${report.join('\n')}\n`);
  log(`\n# Results\n\n${report.join('\n')}`);
  log(`\nresults: ${file} (${results.durationS} s)`);
}

interface TargetResult {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

function evaluate(
  throughput?: ThroughputResult,
  fanout?: FanoutResult,
  batching?: BatchingResult,
  abuse?: AbuseResult,
  huawei?: HuaweiStrategyResult,
): TargetResult[] {
  const out: TargetResult[] = [];
  if (huawei) {
    const pages = Math.ceil(huawei.settings.accountTasks / 100);
    const chosen = huawei.rows.filter((r) => r.strategy === 'chosen');
    out.push({
      target: `Huawei: upstream requests of a batch ≤ min(ids, pages = ${pages})`,
      measured: chosen.map((r) => `${r.ids} ids: ${r.pages + r.reads}`).join('; '),
      met: chosen.every((r) => r.pages + r.reads <= Math.min(r.ids, pages) && r.failures === 0),
    });
  }
  if (batching) {
    // At most: Huawei's ids of an operation may be answered by fewer listing pages.
    const ok = batching.rows.every((r) => r.upstreamRequests <= r.distinctIds && r.maxReadsOfOneTask <= 1 && r.failures === 0);
    out.push({
      target: 'upstream reads of one operation over N ids ≤ distinct ids',
      measured: batching.rows.map((r) => `${r.ids} ids: ${r.upstreamRequests} reads for ${r.distinctIds} distinct`).join('; '),
      met: ok,
    });
  }
  if (fanout) {
    const tasks = fanout.settings.tasks;
    const ok = fanout.rows.every(
      (r) => r.upstreamReadsPerInterval >= TARGETS.readsFloor * tasks && r.maxReadsOfOneTaskPerInterval <= TARGETS.readsCeiling,
    );
    out.push({
      target: `upstream polls per interval = T (${tasks}), never S`,
      measured: fanout.rows
        .map(
          (r) =>
            `${r.transport === 'websocket' ? '' : `${TRANSPORT_LABELS[r.transport]} `}${r.subscriptions}: ${r.upstreamReadsPerInterval}`,
        )
        .join('; '),
      met: ok,
    });
    // The contract's 20,000 are measured over WebSockets (the SSE rows are for comparison).
    const top = fanout.rows.find((r) => r.transport === 'websocket' && r.subscriptions === TARGETS.fanoutSubscriptions);
    out.push({
      target: `${TARGETS.fanoutSubscriptions} subscriptions in one process, RSS < 1.5 GB (${round(TARGETS.rssMiB, 0)} MiB)`,
      measured: top ? `${top.serverRssMiB} MiB` : 'level not run',
      met: !!top && top.serverRssMiB < TARGETS.rssMiB && top.serverActiveStreams === TARGETS.fanoutSubscriptions,
    });
    out.push({
      target: `observed by a poll → delivered to all ${TARGETS.fanoutSubscriptions}: p99 < ${TARGETS.p99Ms} ms, none lost`,
      measured: top ? `p99 ${top.observedToDeliveredMs.p99} ms, lost ${top.eventsLost}` : 'level not run',
      met: !!top && top.observedToDeliveredMs.p99 < TARGETS.p99Ms && top.eventsLost === 0 && top.eventsReceived > 0,
    });
    out.push({
      target: `poll lateness at ${TARGETS.fanoutSubscriptions} subscriptions: p99 < ${TARGETS.pollLatenessP99Ms} ms`,
      measured: top
        ? `p50 ${top.pollLatenessMs.p50} ms, p99 ${top.pollLatenessMs.p99} ms (${top.pollLatenessMs.count} polls)`
        : 'level not run',
      met: !!top && top.pollLatenessMs.count > 0 && top.pollLatenessMs.p99 < TARGETS.pollLatenessP99Ms,
    });
    const wide = fanout.rows.find((r) => r.transport === 'websocket' && r.subscriptions === TARGETS.wideFanoutSubscriptions);
    out.push({
      target: `${TARGETS.wideFanoutSubscriptions} subscriptions over ≤ 10,000 connections: p99 < ${TARGETS.p99Ms} ms, none lost, RSS < ${round(TARGETS.rssMiB, 0)} MiB`,
      measured: wide
        ? `${wide.connections} connections: p99 ${wide.observedToDeliveredMs.p99} ms, lost ${wide.eventsLost}, RSS ${wide.serverRssMiB} MiB (peak ${wide.serverPeakRssMiB})`
        : 'level not run',
      met:
        !!wide &&
        wide.connections <= 10_000 &&
        wide.observedToDeliveredMs.p99 < TARGETS.p99Ms &&
        wide.eventsLost === 0 &&
        wide.eventsReceived > 0 &&
        wide.serverRssMiB < TARGETS.rssMiB &&
        wide.serverActiveStreams === TARGETS.wideFanoutSubscriptions,
    });
  }
  if (abuse) {
    const hostile = abuse.rows.filter((r) => r.scenario !== 'idle');
    out.push({
      target: `one greedy tenant, one hostile client: other tenants' p99 < ${TARGETS.abuseP99Ratio}× idle`,
      measured: hostile.map((r) => `${r.scenario}: ${r.victimP99OverIdle}×`).join('; '),
      met: hostile.every((r) => r.victimP99OverIdle < TARGETS.abuseP99Ratio && r.victimFailures === 0),
    });
    const flood = abuse.rows.find((r) => r.scenario === 'non-reading ping flooder');
    out.push({
      target: `server RSS with one non-reading client < ${TARGETS.abuseRssMiB} MiB`,
      measured: flood ? `peak ${flood.serverPeakRssMiB} MiB (${flood.abuser})` : 'not run',
      met: !!flood && flood.serverPeakRssMiB < TARGETS.abuseRssMiB,
    });
  }
  if (throughput) {
    const warm = throughput.rows.find((r) => r.target === 'exportTask warm');
    out.push({
      target: `exportTask warm ≥ ${TARGETS.warmRatio}× hello-world`,
      measured: warm ? `${warm.ratioToHelloWorld}×` : 'not run',
      met: !!warm && warm.ratioToHelloWorld >= TARGETS.warmRatio,
    });
  }
  return out;
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

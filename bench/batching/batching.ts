import { join } from 'node:path';

import { PROVIDER_IDS, type ProviderId } from '../../src/domain/provider-id';
import { type EmulatedTaskSpec, type EmulatorHandle, startEmulator } from '../../src/emulator';
import { BENCH_ACCOUNT, BENCH_API_KEY, benchConfigDocument, SERVER_ENV, writeConfigFile } from '../support/bench-config';
import { startChild } from '../support/child';
import { exportTaskFields, script } from '../support/paths';
import { cpuPercent, runQueueWaitPercent, sampleProcess } from '../support/proc-stats';
import { median, round } from '../support/stats';

/** Options of the batching benchmark. */
export interface BatchingOptions {
  /** Ids per operation, e.g. [10, 100, 1000]. */
  readonly sizes: readonly number[];
  /** Each distinct id appears this many times in an operation. */
  readonly repeats: number;
  /** Operations per size (each over tasks never read before); the size reports the median wall time. */
  readonly runs: number;
  /** Latency every emulator adds to every answer, ms. */
  readonly latencyMs: number;
  readonly serverExecArgv: readonly string[];
  /** When set, the server's CPU is profiled during the first operation of each size into this directory. */
  readonly profileDir?: string | undefined;
  readonly log: (line: string) => void;
}

/** One size's numbers. */
export interface BatchingRow {
  readonly ids: number;
  readonly distinctIds: number;
  /** `exportTasks` fields in the operation (the schema takes at most 100 ids per field). */
  readonly fields: number;
  /** Upstream requests of the median run, and of every run. */
  readonly upstreamRequests: number;
  readonly upstreamRequestsPerRun: readonly number[];
  /** Most upstream reads of any one task in any run (1 = every repeat was deduplicated). */
  readonly maxReadsOfOneTask: number;
  readonly wallMs: number;
  readonly wallMsPerRun: readonly number[];
  /** Wall time over the single-read latency. */
  readonly wallOverSingleRead: number;
  /** Most reads in flight per (tenant, provider) (`maxConcurrentRequests`), and distinct ids per provider. */
  readonly maxConcurrentPerProvider: number;
  readonly distinctIdsPerProvider: number;
  /** Entries that were null or came with errors (must be 0). */
  readonly failures: number;
  /** Time from the first to the last upstream request's arrival at the emulators (the median run), ms. */
  readonly upstreamStartSpreadMs: number;
  /** The server's CPU use during the median run, % of one core (near 100: CPU-bound, not waiting). */
  readonly serverCpuPercent: number;
  /** Share of the median run the server was ready to run but waited for a CPU, %. */
  readonly serverRunQueueWaitPercent: number;
  /** CPU of this process, which hosts the four emulators (signature checks, JSON), during the median run, %. */
  readonly emulatorCpuPercent: number;
}

/** The batching benchmark's results. */
export interface BatchingResult {
  readonly settings: Omit<BatchingOptions, 'log'>;
  /** Median wall time of a one-task `exportTask` operation over a task never read before (8 reads, 2 per provider), ms. */
  readonly singleReadMs: number;
  readonly singleReadRunsMs: readonly number[];
  readonly rows: readonly BatchingRow[];
}

const MAX_IDS_PER_FIELD = 100;
const MAX_CONCURRENT = 64;

/**
 * Operations over N ids (each distinct id `repeats` times, spread round-robin over the four providers,
 * in a shuffled order) against the service in a child process, with the four emulators in this process
 * answering every request `latencyMs` late. Counts upstream requests against distinct ids and compares
 * the wall time with that of one read.
 */
export async function runBatching(options: BatchingOptions): Promise<BatchingResult> {
  const { log } = options;
  // Every id of every run is a task no operation has read before (no cross-request cache hit).
  let next = 0;
  const allocate = (count: number) => Array.from({ length: count }, () => next++);
  // Four unmeasured reads (one per provider), then eight measured ones (two per provider).
  const singles = Array.from({ length: 12 }, () => allocate(1));
  const plans = options.sizes.map((size) => ({
    size,
    runs: Array.from({ length: options.runs }, () => allocate(Math.ceil(size / options.repeats))),
  }));
  const now = Date.now();
  const tasks: Record<ProviderId, EmulatedTaskSpec[]> = {
    'alibaba-sas': [],
    'alibaba-siem': [],
    'tencent-tcss': [],
    'huawei-workspace': [],
  };
  for (let n = 0; n < next; n++)
    tasks[providerOf(n)].push({ id: providerTaskId(n), accountId: BENCH_ACCOUNT.accountId, createdAt: now, durationMs: 24 * 3_600_000 });

  const emulators: Partial<Record<ProviderId, EmulatorHandle>> = {};
  try {
    for (const id of PROVIDER_IDS) {
      const e = await startEmulator(id, { accounts: [BENCH_ACCOUNT], tasks: tasks[id], quotaPerSecond: 10_000_000 });
      e.faults.inject({ kind: 'latency', ms: options.latencyMs });
      emulators[id] = e;
    }
    const config = writeConfigFile(
      benchConfigDocument({ emulators: Object.fromEntries(PROVIDER_IDS.map((id) => [id, emulators[id]!.url])) }),
    );
    const server = await startChild(script('server/service-process'), [config], { execArgv: options.serverExecArgv, env: SERVER_ENV });
    const url = server.ready['url'] as string;
    const totalRequests = () => PROVIDER_IDS.reduce((a, id) => a + emulators[id]!.stats.total(), 0);
    try {
      const fragment = exportTaskFields();
      const single = `query One($id: ID!) { exportTask(id: $id) { ...ExportTaskFields } }\n${fragment}`;
      // Unmeasured: one read per provider first, so that start-up JIT and connection set-up do not count.
      for (const [n] of singles.slice(0, PROVIDER_IDS.length)) await post(url, single, { id: globalId(n!) });
      const singleRunsMs: number[] = [];
      for (const [n] of singles.slice(PROVIDER_IDS.length)) {
        const started = performance.now();
        const body = await post(url, single, { id: globalId(n!) });
        singleRunsMs.push(performance.now() - started);
        if (!body.data?.['exportTask'] || body.errors) throw new Error(`single read failed: ${JSON.stringify(body).slice(0, 500)}`);
      }
      const singleReadMs = round(median(singleRunsMs), 1);
      log(`  one read: ${singleReadMs} ms (emulator latency ${options.latencyMs} ms)`);

      const rows: BatchingRow[] = [];
      for (const plan of plans) {
        const wall: number[] = [];
        const cpu: number[] = [];
        const wait: number[] = [];
        const emulatorCpu: number[] = [];
        const spread: number[] = [];
        const requests: number[] = [];
        let maxReads = 0;
        let failures = 0;
        let fields = 0;
        for (const [run, distinct] of plan.runs.entries()) {
          const profiled = options.profileDir !== undefined && run === 0;
          if (profiled) await server.request('profile-start');
          const ids = Array.from({ length: plan.size }, (_, i) => distinct[(i * 7) % distinct.length]!);
          const groups = chunk(ids.map(globalId), MAX_IDS_PER_FIELD);
          fields = groups.length;
          const variables = Object.fromEntries(groups.map((g, k) => [`ids${k}`, g]));
          const query = `query Batch(${groups.map((_, k) => `$ids${k}: [ID!]!`).join(', ')}) {\n${groups
            .map((_, k) => `  f${k}: exportTasks(ids: $ids${k}) { ...ExportTaskFields }`)
            .join('\n')}\n}\n${fragment}`;
          const before = totalRequests();
          const cpuBefore = sampleProcess(server.pid);
          const selfBefore = sampleProcess(process.pid);
          const startedAt = Date.now();
          const started = performance.now();
          const body = await post(url, query, variables);
          wall.push(performance.now() - started);
          const cpuAfter = sampleProcess(server.pid);
          cpu.push(cpuPercent(cpuBefore, cpuAfter));
          wait.push(runQueueWaitPercent(cpuBefore, cpuAfter));
          emulatorCpu.push(cpuPercent(selfBefore, sampleProcess(process.pid)));
          if (profiled)
            log(
              `  profile: ${await server.request<string>('profile-stop', { file: join(options.profileDir!, `batching-${plan.size}.cpuprofile`) })}`,
            );
          requests.push(totalRequests() - before);
          failures += body.errors?.length ?? 0;
          groups.forEach((g, k) => {
            const list = (body.data?.[`f${k}`] ?? []) as Array<{ id: string } | null>;
            g.forEach((id, i) => (list[i]?.id === id ? undefined : failures++));
          });
          for (const n of distinct) maxReads = Math.max(maxReads, emulators[providerOf(n)]!.stats.forTask(providerTaskId(n)));
          const arrivals = PROVIDER_IDS.flatMap((id) => emulators[id]!.stats.requests.filter((r) => r.at >= startedAt).map((r) => r.at));
          spread.push(Math.max(...arrivals) - Math.min(...arrivals));
        }
        const m = median(wall);
        const at = wall.indexOf(m);
        const row: BatchingRow = {
          ids: plan.size,
          distinctIds: plan.runs[0]!.length,
          fields,
          upstreamRequests: requests[at]!,
          upstreamRequestsPerRun: requests,
          maxReadsOfOneTask: maxReads,
          wallMs: round(m, 1),
          wallMsPerRun: wall.map((w) => round(w, 1)),
          wallOverSingleRead: round(m / singleReadMs, 2),
          maxConcurrentPerProvider: MAX_CONCURRENT,
          distinctIdsPerProvider: Math.ceil(plan.runs[0]!.length / PROVIDER_IDS.length),
          failures,
          upstreamStartSpreadMs: spread[at]!,
          serverCpuPercent: round(cpu[at]!, 0),
          serverRunQueueWaitPercent: round(wait[at]!, 0),
          emulatorCpuPercent: round(emulatorCpu[at]!, 0),
        };
        rows.push(row);
        log(
          `  ${row.ids} ids (${row.distinctIds} distinct, ${row.fields} field${row.fields > 1 ? 's' : ''}): ${row.upstreamRequests} upstream requests, ${row.wallMs} ms = ${row.wallOverSingleRead}× one read, upstream starts spread over ${row.upstreamStartSpreadMs} ms, server CPU ${row.serverCpuPercent}% (waited for a CPU ${row.serverRunQueueWaitPercent}%), emulators' CPU ${row.emulatorCpuPercent}%, failures ${row.failures}`,
        );
      }
      const { log: _log, ...settings } = options;
      void _log;
      return { settings, singleReadMs, singleReadRunsMs: singleRunsMs.map((w) => round(w, 1)), rows };
    } finally {
      const code = await server.stop();
      if (code !== 0) log(`  server exited with ${code}: ${server.stderr().slice(-500)}`);
    }
  } finally {
    await Promise.all(Object.values(emulators).map((e) => e.dispose()));
  }
}

function providerOf(n: number): ProviderId {
  return PROVIDER_IDS[n % PROVIDER_IDS.length]!;
}

/** Alibaba ids are decimal int64s; the others any `[A-Za-z0-9_.-]`. */
function providerTaskId(n: number): string {
  return providerOf(n).startsWith('alibaba') ? String(700_000_000 + n) : `bench-batch-${n}`;
}

function globalId(n: number): string {
  return `${providerOf(n)}:${providerTaskId(n)}`;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function post(
  url: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ data?: Record<string, unknown> | null; errors?: unknown[] }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_API_KEY}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] };
}

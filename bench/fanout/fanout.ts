import { join } from 'node:path';

import { benchConfigDocument, SERVER_ENV, writeConfigFile } from '../support/bench-config';
import { startChild } from '../support/child';
import { script } from '../support/paths';
import { cpuPercent, mib, type ProcSample, runQueueWaitPercent, sampleProcess } from '../support/proc-stats';
import { bucketDelta, histogramQuantile, parseCounter, parseHistogram } from '../support/prom-histogram';
import { round } from '../support/stats';
import type { DelaySummary, WindowReport } from './window-report';

/** How the load generator's subscriptions reach the service. */
export type FanoutTransport = 'websocket' | 'sse';

/** Options of the fan-out benchmark. */
export interface FanoutOptions {
  /**
   * WebSocket (graphql-transport-ws) subscription counts, ascending; the load ramps up through them
   * without reconnecting. Empty: no WebSocket pass.
   */
  readonly levels: readonly number[];
  /**
   * GraphQL over SSE subscription counts, ascending, run after the WebSocket levels with a fresh server
   * and load generator (so neither inherits the other transport's heap or sockets). One subscription
   * per HTTP connection: graphql-sse's distinct connections mode. Empty: no SSE pass.
   */
  readonly sseLevels: readonly number[];
  /** Tasks the subscriptions are spread over (subscription i watches task i mod T). */
  readonly tasks: number;
  /**
   * Subscriptions per WebSocket connection (the process file limit here is 20,000 descriptors, and each
   * connection takes one in the server and one in the load generator). SSE streams carry one each.
   */
  readonly perConnection: number;
  /**
   * At most this many WebSocket connections per level: a level above `perConnection × maxConnections`
   * puts more subscriptions on each connection, in a pass of its own (`webSocketPasses`).
   */
  readonly maxConnections: number;
  /** Measured window per level, ms. */
  readonly windowMs: number;
  /** Wait after a level is fully subscribed before measuring, ms. */
  readonly settleMs: number;
  /** The service's `polling.intervalMs` (and the emulator's advance period). */
  readonly intervalMs: number;
  readonly serverExecArgv: readonly string[];
  /** When set, the server's CPU is profiled during each measured window into this directory. */
  readonly profileDir?: string | undefined;
  readonly log: (line: string) => void;
}

/** One level's numbers. */
export interface FanoutRow {
  readonly transport: FanoutTransport;
  readonly subscriptions: number;
  readonly connections: number;
  readonly perConnection: number;
  /** Time to open the new connections and get every new subscription's first event, ms. */
  readonly rampMs: number;
  readonly windowMs: number;
  readonly upstreamReadsPerInterval: number;
  readonly maxReadsOfOneTaskPerInterval: number;
  /** Time between consecutive reads of one task (the effective polling interval), ms. */
  readonly pollGapMs: DelaySummary;
  /**
   * How late the server's polls started after their deadlines in the window, ms: its
   * `exports_poll_lateness_seconds` histogram, p50 and p99 interpolated inside the buckets.
   */
  readonly pollLatenessMs: { readonly count: number; readonly p50: number; readonly p99: number };
  /** Poll deadlines the server skipped in the window (`exports_poll_deadlines_skipped_total`). */
  readonly pollDeadlinesSkipped: number;
  readonly eventsPublishedPerInterval: number;
  readonly eventsExpected: number;
  readonly eventsReceived: number;
  readonly eventsLost: number;
  readonly duplicates: number;
  readonly observedToDeliveredMs: DelaySummary;
  readonly changeToDeliveredMs: DelaySummary;
  readonly serverRssMiB: number;
  readonly serverPeakRssMiB: number;
  readonly serverCpuPercent: number;
  /** Server CPU time per event delivered to a subscriber in the window (polls included), µs. */
  readonly serverCpuPerEventUs: number;
  /** Share of the window the server was ready to run but waited for a CPU (machine contention), %. */
  readonly serverRunQueueWaitPercent: number;
  /** The server's V8 heap in use and memory outside it (buffers, sockets' native objects), MiB. */
  readonly serverHeapUsedMiB: number;
  readonly serverExternalMiB: number;
  readonly serverActiveStreams: number;
  readonly serverActivePollers: number;
  readonly problems: Record<string, number>;
  readonly problemSamples: readonly string[];
  /** The load generator's own CPU, event-loop delay, RSS and wait for a CPU: it must not be the bottleneck. */
  readonly loadGenerator: WindowReport['loadGenerator'] & { readonly runQueueWaitPercent: number };
}

/** The fan-out benchmark's results. */
export interface FanoutResult {
  readonly settings: Omit<FanoutOptions, 'log'>;
  readonly rows: readonly FanoutRow[];
}

/**
 * The service in one child process, the load generator (emulator + subscriptions) in another; this
 * process only drives them and samples the server's RSS and CPU from /proc. The WebSocket levels, then
 * the SSE levels, each transport with processes of its own; the rows of both, in that order.
 */
export async function runFanout(options: FanoutOptions): Promise<FanoutResult> {
  const rows: FanoutRow[] = [];
  for (const pass of webSocketPasses(options.levels, options.perConnection, options.maxConnections))
    rows.push(...(await runTransport(options, 'websocket', pass.levels, pass.perConnection)));
  if (options.sseLevels.length > 0) rows.push(...(await runTransport(options, 'sse', options.sseLevels, 1)));
  const { log: _log, ...settings } = options;
  void _log;
  return { settings, rows };
}

/** WebSocket levels ramped up together, with the subscriptions per connection they share. */
export interface WebSocketPass {
  readonly levels: readonly number[];
  readonly perConnection: number;
}

/**
 * Groups ascending WebSocket levels into passes: a level is carried by `perConnection` subscriptions
 * per connection, or by more when that would take more than `maxConnections` connections; a level
 * that needs more per connection than the one before it starts a pass of its own (fresh processes), so
 * that every row's connections carry the same number of subscriptions.
 */
export function webSocketPasses(levels: readonly number[], perConnection: number, maxConnections: number): WebSocketPass[] {
  const passes: { levels: number[]; perConnection: number }[] = [];
  for (const level of levels) {
    const per = Math.max(perConnection, Math.ceil(level / maxConnections));
    const last = passes[passes.length - 1];
    if (last && last.perConnection === per) last.levels.push(level);
    else passes.push({ levels: [level], perConnection: per });
  }
  return passes;
}

/** One transport's levels, ramped up in one server process fed by one load generator. */
async function runTransport(
  options: FanoutOptions,
  transport: FanoutTransport,
  levels: readonly number[],
  perConnection: number,
): Promise<FanoutRow[]> {
  const log = (line: string) => options.log(`  ${transport} ${line}`);
  const load = await startChild(script('fanout/load-generator'), [String(options.tasks), String(options.intervalMs)], {
    execArgv: ['--max-old-space-size=4096'],
  });
  const rows: FanoutRow[] = [];
  try {
    const config = writeConfigFile(
      benchConfigDocument({ emulators: { 'tencent-tcss': load.ready['emulatorUrl'] as string }, pollingIntervalMs: options.intervalMs }),
    );
    const server = await startChild(script('server/service-process'), [config], { execArgv: options.serverExecArgv, env: SERVER_ENV });
    try {
      for (const level of levels) {
        log(`${level} subscriptions: opening`);
        const opened = await load.request<{ connections: number; firstEventsMs: number; problems: Record<string, number> }>(
          'open',
          { url: server.ready['url'], transport, subscriptions: level, perConnection },
          300_000,
        );
        await sleep(options.settleMs);
        const before = sampleProcess(server.pid);
        const loadBefore = sampleProcess(load.pid);
        if (options.profileDir) await server.request('profile-start');
        const metricsUrl = String(server.ready['url']).replace(/\/graphql$/, '/metrics');
        const metricsBefore = await scrape(metricsUrl);
        await load.request('window-start');
        let peak: ProcSample = before;
        const sampler = setInterval(() => {
          const s = sampleProcess(server.pid);
          if (s.rssBytes > peak.rssBytes) peak = s;
        }, 500);
        log(`${level} subscriptions: measuring ${options.windowMs} ms`);
        await sleep(options.windowMs);
        const after = sampleProcess(server.pid);
        const loadAfter = sampleProcess(load.pid);
        clearInterval(sampler);
        const metricsAfter = await scrape(metricsUrl);
        const lateness = bucketDelta(parseHistogram(metricsBefore, LATENESS), parseHistogram(metricsAfter, LATENESS));
        if (options.profileDir)
          log(
            `profile: ${await server.request<string>('profile-stop', { file: join(options.profileDir, `fanout-${transport}-${level}.cpuprofile`) })}`,
          );
        const live = await server.request<{ activeStreams: number; activePollers: number }>('live');
        const memory = await server.request<NodeJS.MemoryUsage>('memory');
        const m = await load.request<WindowReport>('window-end', { drainMs: 2000, intervalMs: options.intervalMs });
        const row: FanoutRow = {
          transport,
          subscriptions: level,
          connections: opened.connections,
          perConnection,
          rampMs: opened.firstEventsMs,
          windowMs: m.windowMs,
          upstreamReadsPerInterval: m.readsPerInterval,
          maxReadsOfOneTaskPerInterval: m.maxReadsOfOneTaskPerInterval,
          pollGapMs: m.pollGapMs,
          pollLatenessMs: {
            count: lateness.get(Infinity) ?? 0,
            p50: round(histogramQuantile(lateness, 0.5) * 1000, 1),
            p99: round(histogramQuantile(lateness, 0.99) * 1000, 1),
          },
          pollDeadlinesSkipped: parseCounter(metricsAfter, SKIPPED) - parseCounter(metricsBefore, SKIPPED),
          eventsPublishedPerInterval: m.eventsPublishedPerInterval,
          eventsExpected: m.eventsExpected,
          eventsReceived: m.eventsReceived,
          eventsLost: m.eventsLost,
          duplicates: m.duplicates,
          observedToDeliveredMs: m.observedToDelivered,
          changeToDeliveredMs: m.changeToDelivered,
          serverRssMiB: mib(Math.max(after.rssBytes, peak.rssBytes)),
          serverPeakRssMiB: mib(after.peakRssBytes),
          serverCpuPercent: round(cpuPercent(before, after), 0),
          serverCpuPerEventUs: round(((after.cpuMs - before.cpuMs) * 1000) / Math.max(1, m.eventsReceived), 1),
          serverRunQueueWaitPercent: round(runQueueWaitPercent(before, after), 0),
          serverHeapUsedMiB: mib(memory.heapUsed),
          serverExternalMiB: mib(memory.external),
          serverActiveStreams: live.activeStreams,
          serverActivePollers: live.activePollers,
          problems: m.problems,
          problemSamples: m.problemSamples,
          loadGenerator: { ...m.loadGenerator, runQueueWaitPercent: round(runQueueWaitPercent(loadBefore, loadAfter), 0) },
        };
        rows.push(row);
        log(
          `${level} subscriptions (${row.connections} connections): reads/interval ${row.upstreamReadsPerInterval}, poll lateness p50 ${row.pollLatenessMs.p50} p99 ${row.pollLatenessMs.p99} ms (${row.pollDeadlinesSkipped} skipped), observed→delivered p50 ${row.observedToDeliveredMs.p50} p99 ${row.observedToDeliveredMs.p99} max ${row.observedToDeliveredMs.max} ms, lost ${row.eventsLost}/${row.eventsExpected}, RSS ${row.serverRssMiB} MiB, CPU ${row.serverCpuPercent}% (${row.serverCpuPerEventUs} µs/event, waited for a CPU ${row.serverRunQueueWaitPercent}%)`,
        );
      }
      await load.request('close');
    } finally {
      const code = await server.stop();
      if (code !== 0) log(`server exited with ${code}: ${server.stderr().slice(-500)}`);
    }
  } finally {
    await load.stop();
  }
  return rows;
}

const LATENESS = 'exports_poll_lateness_seconds';
const SKIPPED = 'exports_poll_deadlines_skipped_total';

/** The server's `/metrics` text (the bench config sets no metrics token nor port). */
async function scrape(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.text();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

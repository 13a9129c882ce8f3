import { join } from 'node:path';

import { benchConfigDocument, SERVER_ENV, writeConfigFile } from '../support/bench-config';
import { startChild } from '../support/child';
import { script } from '../support/paths';
import { cpuPercent, mib, type ProcSample, runQueueWaitPercent, sampleProcess } from '../support/proc-stats';
import { bucketDelta, histogramQuantile, parseCounter, parseHistogram } from '../support/prom-histogram';
import { round } from '../support/stats';
import type { DelaySummary, WindowReport } from './window-report';

/**
 * How the load generator's subscriptions reach the service: `websocket` (graphql-transport-ws, several
 * per connection), `sse` (GraphQL over SSE in graphql-sse's distinct connections mode: one HTTP
 * connection per subscription) or `sse-single` (its single connection mode: several operations on one
 * reserved event stream).
 */
export type FanoutTransport = 'websocket' | 'sse' | 'sse-single';

/**
 * Which SSE mode carries the SSE levels: `distinct` (one connection each), `single` (single connection
 * mode at every level), `auto` (distinct, unless a level would take more than `maxConnections`).
 */
export type SseMode = 'auto' | 'single' | 'distinct';

/**
 * The service's fixed bounds of the single connection mode (README, "limits"; `SseOptions` in
 * `src/server/streaming/sse-handler.ts`, not in the config file): reserved streams per tenant, and
 * operations at once per stream. Every bench subscription is the one bench tenant's.
 */
export const SSE_STREAMS_PER_TENANT = 1000;
export const SSE_OPERATIONS_PER_STREAM = 100;

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
   * per HTTP connection (graphql-sse's distinct connections mode), or, per `sseMode`, several on one
   * stream (its single connection mode; `ssePasses`). Empty: no SSE pass.
   */
  readonly sseLevels: readonly number[];
  /** Which SSE mode carries the SSE levels (default `auto`). */
  readonly sseMode?: SseMode;
  /** Tasks the subscriptions are spread over (subscription i watches task i mod T). */
  readonly tasks: number;
  /**
   * Subscriptions per WebSocket connection (the process file limit here is 20,000 descriptors, and each
   * connection takes one in the server and one in the load generator). SSE's distinct connections carry
   * one each.
   */
  readonly perConnection: number;
  /**
   * At most this many connections per level: a WebSocket level above `perConnection × maxConnections`
   * puts more subscriptions on each connection, and an SSE level above `maxConnections` runs in the
   * single connection mode, each in a pass of its own (`webSocketPasses`, `ssePasses`).
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
  /** The most reads per interval of any one task, between its own first and last read in the window. */
  readonly maxReadsOfOneTaskPerInterval: number;
  /** The shortest time between two consecutive reads of one task in the window, ms. */
  readonly shortestPollGapMs: number | undefined;
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
 * the SSE levels, each pass with processes of its own; the rows of every pass, in that order.
 */
export async function runFanout(options: FanoutOptions): Promise<FanoutResult> {
  const passes = [
    ...webSocketPasses(options.levels, options.perConnection, options.maxConnections),
    ...ssePasses(options.sseLevels, options.sseMode ?? 'auto', options.maxConnections),
  ];
  const rows: FanoutRow[] = [];
  for (const pass of passes) rows.push(...(await runTransport(options, pass.transport, pass.levels, pass.perConnection)));
  const { log: _log, ...settings } = options;
  void _log;
  return { settings, rows };
}

/** Levels ramped up together on one transport, with the subscriptions per connection they share. */
export interface FanoutPass {
  readonly transport: FanoutTransport;
  readonly levels: readonly number[];
  readonly perConnection: number;
}

/**
 * Groups ascending levels into passes by how each is carried (`carry`: its transport and subscriptions
 * per connection): a level carried differently from the one before it starts a pass of its own (fresh
 * processes), so that every row's connections are of one kind and carry the same number each.
 */
export function groupPasses(
  levels: readonly number[],
  carry: (level: number) => { transport: FanoutTransport; perConnection: number },
): FanoutPass[] {
  const passes: { transport: FanoutTransport; levels: number[]; perConnection: number }[] = [];
  for (const level of levels) {
    const { transport, perConnection } = carry(level);
    const last = passes[passes.length - 1];
    if (last && last.transport === transport && last.perConnection === perConnection) last.levels.push(level);
    else passes.push({ transport, levels: [level], perConnection });
  }
  return passes;
}

/**
 * The WebSocket passes: a level is carried by `perConnection` subscriptions per connection, or by more
 * when that would take more than `maxConnections` connections.
 */
export function webSocketPasses(levels: readonly number[], perConnection: number, maxConnections: number): FanoutPass[] {
  return groupPasses(levels, (level) => ({
    transport: 'websocket',
    perConnection: Math.max(perConnection, Math.ceil(level / maxConnections)),
  }));
}

/**
 * The SSE passes. `auto`: one subscription per HTTP connection (the distinct connections mode), unless
 * that would take more than `maxConnections` connections; then the single connection mode with
 * ceil(level / `maxConnections`) operations per stream. `single`: the single connection mode at every
 * level (at least one operation per stream). `distinct`: one per connection at every level, refused
 * above `maxConnections`. The single connection mode also puts at least ceil(level / 1,000) operations
 * on a stream: the service lets one tenant reserve at most `SSE_STREAMS_PER_TENANT` streams, and at most
 * `SSE_OPERATIONS_PER_STREAM` operations run on one, so a level above their product is refused.
 */
export function ssePasses(levels: readonly number[], mode: SseMode, maxConnections: number): FanoutPass[] {
  return groupPasses(levels, (level) => {
    const single = mode === 'single' || (mode === 'auto' && level > maxConnections);
    if (!single) {
      if (level > maxConnections)
        throw new Error(`SSE distinct connections mode: ${level} subscriptions would take more than ${maxConnections} connections`);
      return { transport: 'sse', perConnection: 1 };
    }
    const perConnection = Math.max(1, Math.ceil(level / maxConnections), Math.ceil(level / SSE_STREAMS_PER_TENANT));
    if (perConnection > SSE_OPERATIONS_PER_STREAM)
      throw new Error(
        `SSE single connection mode: ${level} subscriptions need more than ${SSE_STREAMS_PER_TENANT} streams of ${SSE_OPERATIONS_PER_STREAM} operations, the service's bounds for one tenant`,
      );
    return { transport: 'sse-single', perConnection };
  });
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
          shortestPollGapMs: m.shortestPollGapMs,
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
          `${level} subscriptions (${row.connections} connections of ${perConnection}): reads/interval ${row.upstreamReadsPerInterval}, poll lateness p50 ${row.pollLatenessMs.p50} p99 ${row.pollLatenessMs.p99} ms (${row.pollDeadlinesSkipped} skipped), observed→delivered p50 ${row.observedToDeliveredMs.p50} p99 ${row.observedToDeliveredMs.p99} max ${row.observedToDeliveredMs.max} ms, lost ${row.eventsLost}/${row.eventsExpected}, RSS ${row.serverRssMiB} MiB, CPU ${row.serverCpuPercent}% (${row.serverCpuPerEventUs} µs/event, waited for a CPU ${row.serverRunQueueWaitPercent}%)`,
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

/**
 * The fan-out benchmark's load process: the Tencent TCSS emulator on a `ManualClock` that this process
 * advances once per second (so every task changes at a known wall time), and thousands of
 * subscriptions to the service under test, which runs in another process: graphql-transport-ws over
 * WebSockets (`subscriber-connection.ts`) or GraphQL over SSE, in graphql-sse's distinct connections
 * mode (`sse-subscription.ts`) or its single connection mode (`sse-stream.ts`), the same operation and
 * the same measurements every way. The bench runner drives it over IPC: `open` (ramp up
 * to N subscriptions on one transport), `window-start`, `window-end` (measure), `close`.
 *
 * Two delays are measured for every event received in a window, both on the machine's one wall clock
 * (`Date.now()`, shared by every process, millisecond resolution):
 * - observed → delivered: receipt time minus the event's `observedAt` (stamped by the service when the
 *   poll's upstream answer arrived). This is the "change observed by a poll →
 *   delivered" target of BENCHMARKS.md, and carries it.
 * - change → delivered: receipt time minus the wall time at which this process advanced the emulator's
 *   clock to the state the event shows (each advance moves every task's progress by exactly 0.01%, so
 *   the progress value names its advance). It adds the wait for the task's next poll, up to one
 *   polling interval, which no fan-out design can remove.
 */
import { Agent } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { type EmulatedTaskSpec, type EmulatorHandle, startEmulator } from '../../src/emulator';
import { ManualClock } from '../../src/time/clock';
import { BENCH_ACCOUNT, BENCH_API_KEY } from '../support/bench-config';
import { exitOnStop, type IpcMessage, send, serveIpc } from '../support/ipc';
import { operation } from '../support/paths';
import { round, Samples, summarize } from '../support/stats';
import { SseStream } from './sse-stream';
import { SseSubscription } from './sse-subscription';
import { type ConnectionSink, type NextPayload, type Subscriber, SubscriberConnection } from './subscriber-connection';
import type { WindowReport } from './window-report';

/** Simulated ms per advance and task duration: one advance = 0.01% progress (TCSS reports 2 decimals). */
const STEP_MS = 10_000;
const DURATION_MS = 100_000_000;

interface Window {
  readonly start: number;
  end: number;
  readonly observedToDelivered: Samples;
  readonly changeToDelivered: Samples;
  /** Per subscription, the advances (k) it received for events observed in the window. */
  readonly received: Map<number, number[]>;
  /** Per task, every advance any of its subscribers received (the events the service published). */
  readonly published: Map<number, Set<number>>;
  received_total: number;
  outOfWindow: number;
  readonly cpuStart: NodeJS.CpuUsage;
  readonly loopDelay: ReturnType<typeof monitorEventLoopDelay>;
}

async function main(): Promise<void> {
  const taskCount = Number(process.argv[2] ?? 100);
  const advanceEveryMs = Number(process.argv[3] ?? 1000);
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const createdAt = clock.now();
  const taskIds = Array.from({ length: taskCount }, (_, i) => `bench-fanout-${String(i).padStart(3, '0')}`);
  const tasks: EmulatedTaskSpec[] = taskIds.map((id) => ({ id, accountId: BENCH_ACCOUNT.accountId, createdAt, durationMs: DURATION_MS }));
  const emulator: EmulatorHandle = await startEmulator('tencent-tcss', {
    accounts: [BENCH_ACCOUNT],
    tasks,
    clock,
    quotaPerSecond: 10_000_000,
  });

  // advancedAt[k]: wall time of the k-th advance (k = 0: the tasks' creation).
  const advancedAt: number[] = [Date.now()];
  const ticker = setInterval(() => {
    clock.advance(STEP_MS);
    advancedAt.push(Date.now());
  }, advanceEveryMs);

  const query = operation('export-task-updates');
  const connections: Subscriber[] = [];
  // One socket per SSE stream (a stream never frees its socket for another request): no pool limit.
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  // The single connection mode's PUTs and POSTs: short requests on a few reused sockets, so that they
  // do not take a descriptor each (here and in the server) next to the streams'.
  const requestAgent = new Agent({ keepAlive: true, maxSockets: 32, maxFreeSockets: 32 });
  let subscriptions = 0;
  /** Wall time of each subscription's first event (0 = none yet). */
  const firstEventAt: number[] = [];
  const problems: Record<string, number> = {};
  const problemSamples: string[] = [];
  let finals = 0;
  let window: Window | undefined;

  const sink: ConnectionSink = {
    onNext(index: number, payload: NextPayload, receivedAt: number) {
      const update = payload.data?.exportTaskUpdates;
      if (update?.error) sink.onProblem('provider-error', JSON.stringify(update.error).slice(0, 300));
      if (!update?.task) return;
      if (firstEventAt[index] === 0) firstEventAt[index] = receivedAt;
      if (update.final) finals++;
      const w = window;
      if (!w) return;
      const observedAt = Date.parse(update.task.observedAt);
      if (observedAt < w.start || observedAt >= w.end) {
        w.outOfWindow++;
        return;
      }
      const k = Math.round((update.task.progress ?? 0) * 100);
      w.received_total++;
      w.observedToDelivered.push(receivedAt - observedAt);
      const changedAt = advancedAt[k];
      if (changedAt !== undefined) w.changeToDelivered.push(receivedAt - changedAt);
      let list = w.received.get(index);
      if (!list) w.received.set(index, (list = []));
      list.push(k);
      const task = index % taskCount;
      let set = w.published.get(task);
      if (!set) w.published.set(task, (set = new Set()));
      set.add(k);
    },
    onProblem(kind, detail) {
      problems[kind] = (problems[kind] ?? 0) + 1;
      if (problemSamples.length < 5) problemSamples.push(`${kind}: ${detail}`);
    },
  };

  serveIpc({
    /**
     * Ramps up to `subscriptions` in total over `transport` (`websocket`: `perConnection` subscriptions
     * per socket; `sse`: one per HTTP connection, distinct connections mode; `sse-single`:
     * `perConnection` operations per event stream, single connection mode); resolves once each has its
     * first event.
     */
    async open(m: IpcMessage) {
      const target = Number(m['subscriptions']);
      const transport = String(m['transport'] ?? 'websocket');
      if (transport !== 'websocket' && transport !== 'sse' && transport !== 'sse-single')
        throw new Error(`unknown transport "${transport}"`);
      const perConnection = transport === 'sse' ? 1 : Number(m['perConnection'] ?? 2);
      const parallel = Number(m['parallel'] ?? 50);
      const url = String(m['url']);
      const started = Date.now();
      const groups: number[][] = [];
      for (let s = subscriptions; s < target; s += perConnection) {
        groups.push(Array.from({ length: Math.min(perConnection, target - s) }, (_, i) => s + i));
      }
      for (let s = subscriptions; s < target; s++) firstEventAt[s] = 0;
      let next = 0;
      const worker = async () => {
        while (next < groups.length) {
          const specs = groups[next++]!.map((index) => ({ index, taskId: `tencent-tcss:${taskIds[index % taskCount]}` }));
          const c: Subscriber =
            transport === 'sse'
              ? new SseSubscription(url, BENCH_API_KEY, query, specs[0]!, sink, agent)
              : transport === 'sse-single'
                ? new SseStream(url, BENCH_API_KEY, query, specs, sink, agent, requestAgent)
                : new SubscriberConnection(url.replace(/^http/, 'ws'), BENCH_API_KEY, query, specs, sink);
          connections.push(c);
          await c.open();
        }
      };
      await Promise.all(Array.from({ length: parallel }, worker));
      const opened = Date.now();
      subscriptions = target;
      // Every subscription's first event is the task's current state (README, "Subscribing").
      const deadline = Date.now() + 120_000;
      while (firstEventAt.slice(0, target).some((t) => t === 0)) {
        if (Date.now() > deadline)
          throw new Error(`${firstEventAt.filter((t) => t === 0).length} subscriptions got no first event within 120 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return {
        subscriptions: target,
        connections: connections.length,
        openMs: opened - started,
        firstEventsMs: Date.now() - started,
        problems: { ...problems },
        problemSamples,
      };
    },
    'window-start': () => {
      emulator.stats.reset();
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      window = {
        start: Date.now(),
        end: Infinity,
        observedToDelivered: new Samples(),
        changeToDelivered: new Samples(),
        received: new Map(),
        published: new Map(),
        received_total: 0,
        outOfWindow: 0,
        cpuStart: process.cpuUsage(),
        loopDelay,
      };
      return { start: window.start };
    },
    /** Closes the window now, waits `drainMs` for events observed in it, and reports. */
    async 'window-end'(m: IpcMessage): Promise<WindowReport> {
      const w = window;
      if (!w) throw new Error('no window open');
      w.end = Date.now();
      const requests = emulator.stats.requests.filter((r) => r.at >= w.start && r.at < w.end);
      const cpu = process.cpuUsage(w.cpuStart);
      await new Promise((r) => setTimeout(r, Number(m['drainMs'] ?? 2000)));
      window = undefined;
      w.loopDelay.disable();
      const intervals = (w.end - w.start) / Number(m['intervalMs'] ?? 1000);
      const perTask = new Map<string, number>();
      for (const r of requests) for (const id of r.taskIds) perTask.set(id, (perTask.get(id) ?? 0) + 1);
      // Time between consecutive reads of the same task: the effective polling interval.
      const firstRead = new Map<string, number>();
      const lastRead = new Map<string, number>();
      const gaps = new Samples();
      let shortestGap = Infinity;
      for (const r of requests) {
        for (const id of r.taskIds) {
          const last = lastRead.get(id);
          if (last !== undefined) {
            gaps.push(r.at - last);
            shortestGap = Math.min(shortestGap, r.at - last);
          } else firstRead.set(id, r.at);
          lastRead.set(id, r.at);
        }
      }
      // Each task's reads per interval between its own first and last read in the window: a task read
      // every 1000 ms counts 1.0 however the window's edges fall (a 10.02 s window may hold 11 of its
      // reads, which a count over the window would call 1.1 per interval).
      let maxRate = 0;
      for (const [id, n] of perTask) {
        const span = lastRead.get(id)! - firstRead.get(id)!;
        if (n >= 2 && span > 0) maxRate = Math.max(maxRate, ((n - 1) * Number(m['intervalMs'] ?? 1000)) / span);
      }
      let expected = 0;
      let lost = 0;
      let duplicates = 0;
      for (let s = 0; s < subscriptions; s++) {
        const published = w.published.get(s % taskCount) ?? new Set<number>();
        const got = new Set(w.received.get(s) ?? []);
        duplicates += (w.received.get(s)?.length ?? 0) - got.size;
        expected += published.size;
        for (const k of published) if (!got.has(k)) lost++;
      }
      let publishedTotal = 0;
      for (const set of w.published.values()) publishedTotal += set.size;
      return {
        windowMs: w.end - w.start,
        upstreamReads: requests.length,
        readsPerInterval: round(requests.length / intervals, 2),
        maxReadsOfOneTaskPerInterval: round(maxRate, 2),
        shortestPollGapMs: Number.isFinite(shortestGap) ? shortestGap : undefined,
        tasksRead: perTask.size,
        pollGapMs: summarize(gaps.values()),
        eventsPublished: publishedTotal,
        eventsPublishedPerInterval: round(publishedTotal / intervals, 2),
        eventsExpected: expected,
        eventsReceived: w.received_total,
        eventsLost: lost,
        duplicates,
        observedToDelivered: summarize(w.observedToDelivered.values()),
        changeToDelivered: summarize(w.changeToDelivered.values()),
        problems: { ...problems, ...(finals ? { final: finals } : {}) },
        problemSamples,
        loadGenerator: {
          cpuPercent: round((100 * (cpu.user + cpu.system)) / 1000 / (w.end - w.start), 0),
          eventLoopDelayP99Ms: round(w.loopDelay.percentile(99) / 1e6, 1),
          rssMiB: round(process.memoryUsage().rss / 1024 / 1024, 1),
        },
      };
    },
    close: async () => {
      for (const c of connections.splice(0)) c.close();
      requestAgent.destroy();
      await new Promise((r) => setTimeout(r, 500));
    },
  });
  exitOnStop(async () => {
    clearInterval(ticker);
    for (const c of connections.splice(0)) c.close();
    requestAgent.destroy();
    await emulator.dispose();
  });
  send({ type: 'ready', emulatorUrl: emulator.url, taskIds });
}

main().catch((e: unknown) => {
  process.stderr.write(`load-generator failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import type { ProviderId } from '../../src/domain/provider-id';
import type { EmulatedTaskSpec, EmulatorOptions, RecordedRequest } from '../../src/emulator';

/**
 * An emulator on its own thread (its own event loop and heap), for tests whose assertions rest on
 * the emulator's arrival times: quotas in any one-second window, how soon a read follows an event.
 *
 * Why not in the test's own thread: the emulator stamps a request (and counts it against its quota)
 * when its event loop gets to it. In jest's thread that loop also runs the test's WebSocket clients,
 * jest itself and the garbage collector of everything the test file allocated; on a busy machine it
 * was measured stalling for about 150 ms at a time, and the requests that arrived during a stall were
 * all stamped at its end. Requests the service had spaced evenly then landed in the next one-second
 * window together with the on-time ones, and the emulator refused them (RequestLimitExceeded) although
 * the service had kept the quota. A thread of its own still waits for a CPU on a busy machine, but no
 * longer for the test's own work; `stalls()` says when it waited, for failure messages.
 *
 * The thread runs the compiled emulator from `dist/` (suites using it call `ensureBuilt()` first).
 */
export interface EmulatorThread {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** A snapshot of every request received so far, in arrival order. */
  requests(): Promise<RecordedRequest[]>;
  /** Adds a task (its `createdAt` defaults to now on the emulator's clock). */
  addTask(spec: EmulatedTaskSpec): Promise<void>;
  /** Stalls of the emulator thread's event loop over 20 ms so far, as [epoch ms it ended, length ms]. */
  stalls(): Promise<Array<[number, number]>>;
  /** Closes the server and ends the thread. Idempotent. */
  dispose(): Promise<void>;
}

const EMULATOR_MODULE = join(__dirname, '../../dist/src/emulator/index.js');

/** Plain JavaScript run by the worker: starts the emulator and answers the test's requests. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { startEmulator } = require(workerData.module);
// Stalls of this thread's event loop longer than 20 ms, as [end, ms]: the requests that arrived
// during one are stamped at its end.
const stalls = [];
let last = Date.now();
const sampler = setInterval(() => {
  const now = Date.now();
  if (now - last > 20 + 10) stalls.push([now, now - last - 10]);
  last = now;
}, 10);
startEmulator(workerData.provider, workerData.options).then(
  (emulator) => {
    parentPort.on('message', async ({ id, op, spec }) => {
      try {
        let result;
        if (op === 'requests') result = emulator.stats.requests;
        else if (op === 'addTask') emulator.tasks.add(spec);
        else if (op === 'stalls') result = stalls;
        else if (op === 'dispose') {
          clearInterval(sampler);
          await emulator.dispose();
        } else throw new Error('unknown op ' + op);
        parentPort.postMessage({ id, result });
        if (op === 'dispose') parentPort.close();
      } catch (e) {
        parentPort.postMessage({ id, error: String(e && e.stack || e) });
      }
    });
    parentPort.postMessage({ ready: emulator.url });
  },
  (e) => parentPort.postMessage({ failed: String(e && e.stack || e) }),
);
`;

type Reply = { id: number; result?: unknown; error?: string };

/** Starts `provider`'s emulator (as `startEmulator` would) on a worker thread; resolves once it listens. */
export async function startEmulatorThread(
  provider: ProviderId,
  options: Omit<EmulatorOptions, 'clock' | 'wallClock'>,
): Promise<EmulatorThread> {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module: EMULATOR_MODULE, provider, options } });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    void exited.then(() => reject(new Error('emulator thread exited before listening')));
    worker.once('message', (m: { ready?: string; failed?: string }) =>
      m.ready ? resolve(m.ready) : reject(new Error(`emulator thread failed: ${m.failed}`)),
    );
  });
  let next = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  worker.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.result);
  });
  void exited.then(() => {
    for (const p of pending.values()) p.reject(new Error('emulator thread exited'));
    pending.clear();
  });
  const call = <T>(op: string, extra: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, op, ...extra });
    });
  let disposing: Promise<void> | undefined;
  return {
    url,
    requests: () => call<RecordedRequest[]>('requests'),
    addTask: (spec) => call<void>('addTask', { spec }),
    stalls: () => call<Array<[number, number]>>('stalls'),
    dispose: () =>
      (disposing ??= (async () => {
        await call('dispose').catch(() => undefined);
        await worker.terminate();
        await exited;
      })()),
  };
}

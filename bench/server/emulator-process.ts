/**
 * Provider emulators in their own process, so that the upstream side of a benchmark does not share
 * a process (or an event loop) with the server or the load generator. Usage:
 * `node emulator-process.js SPEC_FILE` where the file holds the JSON spec `{ providers: { [id]: EmulatedTaskSpec[] },
 * quotaPerSecond?, latencyMs? }`. Answers `stats` with the request count of each emulator.
 */
import { readFileSync } from 'node:fs';

import type { ProviderId } from '../../src/domain/provider-id';
import { type EmulatedTaskSpec, type EmulatorHandle, startEmulator } from '../../src/emulator';
import { BENCH_ACCOUNT } from '../support/bench-config';
import { exitOnStop, send, serveIpc } from '../support/ipc';

interface Spec {
  readonly providers: Partial<Record<ProviderId, readonly EmulatedTaskSpec[]>>;
  readonly quotaPerSecond?: number;
  readonly latencyMs?: number;
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: emulator-process.js SPEC_FILE');
  const spec = JSON.parse(readFileSync(file, 'utf8')) as Spec;
  const handles: Partial<Record<ProviderId, EmulatorHandle>> = {};
  for (const [id, tasks] of Object.entries(spec.providers) as Array<[ProviderId, EmulatedTaskSpec[]]>) {
    const h = await startEmulator(id, {
      accounts: [BENCH_ACCOUNT],
      tasks,
      ...(spec.quotaPerSecond ? { quotaPerSecond: spec.quotaPerSecond } : {}),
    });
    if (spec.latencyMs) h.faults.inject({ kind: 'latency', ms: spec.latencyMs });
    handles[id] = h;
  }
  const all = () => Object.values(handles);
  serveIpc({
    stats: () => Object.fromEntries(all().map((h) => [h.provider, h.stats.total()])),
    reset: () => all().forEach((h) => h.stats.reset()),
  });
  exitOnStop(async () => {
    await Promise.all(all().map((h) => h.dispose()));
  });
  send({ type: 'ready', urls: Object.fromEntries(all().map((h) => [h.provider, h.url])) });
}

main().catch((e: unknown) => {
  process.stderr.write(`emulator-process failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

/**
 * A benchmarked service process: exactly what `node dist/src/main.js --config FILE` runs (the same
 * config loader, logger at the default level writing to stdout, `createApp`), plus the bench IPC
 * channel to report its URL and live counters. Usage: `node service-process.js CONFIG_FILE`.
 */
import 'reflect-metadata';

import { writeHeapSnapshot } from 'node:v8';

import { loadConfigFile } from '../../src/config/load-config';
import { createLogger } from '../../src/logging/logger';
import { createApp } from '../../src/server/app';
import { exitOnStop, type IpcMessage, send, serveIpc } from '../support/ipc';
import { WindowProfiler } from '../support/profiler';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: service-process.js CONFIG_FILE');
  const config = loadConfigFile(file);
  const logger = createLogger();
  const app = await createApp(config, { logger });
  const profiler = new WindowProfiler();
  serveIpc({
    'profile-start': () => profiler.start(),
    'profile-stop': (m: IpcMessage) => profiler.stop(String(m['file'])),
    live: () => ({ activeStreams: app.live.activeStreams, activePollers: app.live.activePollers }),
    memory: () => process.memoryUsage(),
    /** Writes a heap snapshot (for Chrome DevTools' Memory tab) to `file`, after a full GC when exposed. */
    'heap-snapshot': (m: IpcMessage) => {
      (globalThis as { gc?: () => void }).gc?.();
      return writeHeapSnapshot(String(m['file']));
    },
    gc: () => {
      (globalThis as { gc?: () => void }).gc?.();
      return process.memoryUsage();
    },
  });
  exitOnStop(async () => {
    await app.stop();
    logger.flush();
  });
  send({ type: 'ready', url: app.url, port: app.port });
}

main().catch((e: unknown) => {
  process.stderr.write(`service-process failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

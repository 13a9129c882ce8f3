import { Writable } from 'node:stream';

import pino from 'pino';

import { type Logger, loggerOptions } from '../../src/logging/logger';

/** A logger whose lines are kept in memory, for tests that assert on logs (or want none printed). */
export function memoryLogger(level = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { logger: pino(loggerOptions(level), sink), lines };
}

import pino from 'pino';

import { scrubSecrets } from './scrub-secrets';

/** The levels `LOG_LEVEL` may name: pino's own, and `silent`. */
export const LOG_LEVELS: readonly string[] = [...Object.keys(pino.levels.values), 'silent'];

/** The service's structured logger (pino). */
export type Logger = pino.Logger;

/**
 * The pino options every logger of the service uses (tests too): `level`, and `scrubSecrets` over each
 * line's fields, so that a secret-named field at any depth or a URL with credentials never reaches the
 * output. pino's own `redact` is not used on top: its wildcard paths covered a subset of the same
 * keys at one level only, and cost about 26 µs of every line (BENCHMARKS.md, throughput).
 */
export function loggerOptions(level: string): pino.LoggerOptions {
  return {
    level,
    formatters: { log: (object) => scrubSecrets(object) as Record<string, unknown> },
  };
}

/** Options of the logger. */
export interface LoggerOptions {
  /** pino level; default `LOG_LEVEL` or `info`. */
  readonly level?: string;
  /** Where lines go; default stdout. */
  readonly destination?: pino.DestinationStream;
}

/** Creates the root logger, secrets scrubbed from every line. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env['LOG_LEVEL'] ?? 'info';
  return pino(
    { ...loggerOptions(level), base: { service: 'cloud-export-tasks' } },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

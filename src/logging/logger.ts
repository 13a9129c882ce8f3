import pino from 'pino';
import { scrubSecrets } from './scrub-secrets';

/** The service's structured logger (pino). */
export type Logger = pino.Logger;

/**
 * Paths redacted from every log line, whatever logs them: credentials in config objects, auth headers
 * of incoming and outgoing requests, and connection params of WebSocket clients. (pino's fast path;
 * `scrubSecrets` then catches the same keys at any depth.)
 */
export const REDACT_PATHS = [
  '*.accessKeySecret',
  '*.accessKeyId',
  '*.secretKey',
  '*.secretId',
  '*.sk',
  '*.ak',
  '*.token',
  '*.securityToken',
  '*.apiKeys',
  '*.authorization',
  '*.Authorization',
  'req.headers.authorization',
  'headers.authorization',
  'headers.Authorization',
  'connectionParams',
];

/**
 * The pino options every logger of the service uses (tests too): `level`, redaction of `REDACT_PATHS`,
 * and `scrubSecrets` over each line's fields, so that a secret-named field at any depth or a URL with
 * credentials never reaches the output.
 */
export function loggerOptions(level: string): pino.LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
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

/** Creates the root logger with redaction on. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env['LOG_LEVEL'] ?? 'info';
  return pino(
    { ...loggerOptions(level), base: { service: 'cloud-export-tasks' } },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

import pino from 'pino';

/** The service's structured logger (pino). */
export type Logger = pino.Logger;

/**
 * Paths redacted from every log line, whatever logs them: credentials in config objects, auth headers
 * of incoming and outgoing requests, and connection params of WebSocket clients.
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
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'cloud-export-tasks' } },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

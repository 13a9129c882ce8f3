import { LOG_LEVELS } from '../logging/logger';
import { type ConfigIssue, configIssue } from '../options/config-error';

/** The environment variables the service reads besides `env:` references and `EXPORTS_CONFIG`. */
export interface ServiceEnvironment {
  /** `PORT`: demo mode's port. Default 4000. */
  readonly port: number;
  /** `HOST`: demo mode's interface. Default `127.0.0.1`. */
  readonly host: string;
  /** `LOG_LEVEL`: a pino level. Default `info`. */
  readonly logLevel: string;
}

/**
 * Reads `PORT`, `HOST` and `LOG_LEVEL`, every problem at once (a variable set but empty counts as unset). A
 * bad value is reported and reads as its default, so that the logger can still tell of it.
 */
export function readEnvironment(env: NodeJS.ProcessEnv): { environment: ServiceEnvironment; issues: readonly ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const port = env['PORT'] ? Number(env['PORT']) : 4000;
  const portOk = /^\d+$/.test(env['PORT'] ?? '4000') && Number.isInteger(port) && port >= 0 && port <= 65535;
  if (!portOk) issues.push(configIssue('PORT', 'an integer from 0 to 65535', JSON.stringify(env['PORT'])));
  const host = env['HOST'] || '127.0.0.1';
  const hostOk = /^[A-Za-z0-9.:%[\]_-]{1,253}$/.test(host);
  if (!hostOk) issues.push(configIssue('HOST', 'a host name or an IP address to listen on', JSON.stringify(host)));
  const level = env['LOG_LEVEL'] || 'info';
  const levelOk = LOG_LEVELS.includes(level);
  if (!levelOk) issues.push(configIssue('LOG_LEVEL', `one of ${LOG_LEVELS.join(', ')}`, JSON.stringify(level)));
  return {
    environment: { port: portOk ? port : 4000, host: hostOk ? host : '127.0.0.1', logLevel: levelOk ? level : 'info' },
    issues,
  };
}

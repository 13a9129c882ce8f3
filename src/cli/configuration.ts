import type { Config } from '../config/config';
import { readEnvironment, type ServiceEnvironment } from '../config/environment';
import { loadConfigFile } from '../config/load-config';
import { demoSpeed } from '../demo/demo-speed';
import type { Logger } from '../logging/logger';
import { tracingSettings } from '../observability/tracing';
import { ConfigError, type ConfigIssue, configIssue } from '../options/config-error';

/**
 * What the service starts with: the environment's settings (`PORT`, `HOST`, `LOG_LEVEL`; their problems
 * are reported with the file's) and the config file's `Config` (undefined: no file, demo mode).
 */
export interface StartConfiguration {
  readonly environment: ServiceEnvironment;
  readonly config: Config | undefined;
}

/**
 * Reads the environment (`PORT`, `HOST`, `LOG_LEVEL`, the `OTEL_*` trace export and, in demo mode,
 * `EXPORTS_DEMO_SPEED`) and the config file `file`; throws one `ConfigError` with every problem of all.
 */
export function loadStartConfiguration(file: string | undefined, env: NodeJS.ProcessEnv): StartConfiguration {
  const { environment, issues } = readEnvironment(env);
  const problems: ConfigIssue[] = [...issues];
  const collect = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      // A problem told in words only (`new ConfigError(message)`) joins the list as it is.
      problems.push(...(e.issues.length > 0 ? e.issues : [configIssue('$', 'a valid configuration', e.message, e.message)]));
      return undefined;
    }
  };
  collect(() => tracingSettings(env));
  const config = file === undefined ? (collect(() => demoSpeed(env)), undefined) : collect(() => loadConfigFile(file, env));
  if (problems.length > 0) throw new ConfigError(problems);
  return { environment, config };
}

/** The lines `ConfigError` `e` is told in on stderr. */
export function configErrorText(e: ConfigError, file: string | undefined): string {
  const lines = e.message.split('\n');
  // File problems have JSON paths (`$.server.port`); the environment's are named by their variable.
  const fromEnvironment = e.issues.length === 0 || e.issues.some((i) => !i.path.startsWith('$'));
  const fromFile = e.issues.some((i) => i.path.startsWith('$'));
  const where = file === undefined || !fromFile ? 'the environment' : fromEnvironment ? `${file} and the environment` : file;
  const head = `Configuration error${lines.length > 1 ? `s (${lines.length})` : ''} in ${where}:`;
  return `${head}\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

/**
 * Tells of an invalid configuration at start-up: the human lines on stderr and one JSON log line
 * (`"msg":"invalid configuration"`, `errors`: `{path, expected, got}` each).
 */
export function reportConfigError(e: ConfigError, file: string | undefined, logger: Logger): void {
  process.stderr.write(configErrorText(e, file));
  const errors = e.issues.length > 0 ? e.issues.map(({ path, expected, got }) => ({ path, expected, got })) : [{ message: e.message }];
  logger.error({ errors, ...(file === undefined ? {} : { file }) }, 'invalid configuration');
}

/** The outcome of `--check-config`: what to print, and the exit status (0 valid, 1 not). */
export interface CheckOutcome {
  readonly status: 0 | 1;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `--check-config FILE`: validates the file (its `env:` references resolved from `env`, as at start) and
 * the environment, without binding a port or starting anything. Valid: a summary (tenants, providers per
 * tenant, distributed or not) and status 0; invalid: every problem and status 1.
 */
export function checkConfiguration(file: string, env: NodeJS.ProcessEnv): CheckOutcome {
  let config: Config | undefined;
  try {
    config = loadStartConfiguration(file, env).config!;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { status: 1, stdout: '', stderr: configErrorText(e, file) };
  }
  const tenants = config.tenants.map((t) => {
    const providers = Object.keys(t.providers);
    return `  tenant ${t.id}: ${t.apiKeys.length} API key(s), providers: ${providers.length > 0 ? providers.join(', ') : 'none'}`;
  });
  const mode = config.redis ? 'distributed (replicas coordinate through redis)' : 'single replica (no redis)';
  const lines = [`${file}: ok`, `  ${config.tenants.length} tenant(s), ${mode}`, ...tenants];
  return { status: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
}

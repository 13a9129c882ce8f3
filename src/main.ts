import 'reflect-metadata';

import { type Command, EXIT, parseCommandLine, usage, UsageError, version } from './cli/command-line';
import { checkConfiguration, loadStartConfiguration, reportConfigError } from './cli/configuration';
import { readEnvironment } from './config/environment';
import { demoBanner } from './demo/demo-banner';
import { type DemoEnvironment, startDemo } from './demo/demo-mode';
import { ensureError } from './errors/service-error';
import { createLogger, type Logger } from './logging/logger';
import { startTracing } from './observability/tracing';
import { ConfigError } from './options/config-error';
import { createApp } from './server/app';

/** Exits once the asynchronous log destination has written everything (at most a second). */
function exitAfterFlush(logger: Logger, status: number): void {
  setTimeout(() => process.exit(status), 1000).unref();
  logger.flush(() => process.exit(status));
}

async function serve(file: string | undefined, logger: Logger): Promise<void> {
  const { environment, config: fileConfig } = loadStartConfiguration(file, process.env);
  const tracing = await startTracing({ logger }); // off (no SDK loaded) unless an OTEL_EXPORTER_OTLP_*ENDPOINT is set
  let demo: DemoEnvironment | undefined;
  let config;
  if (fileConfig) {
    config = fileConfig;
  } else {
    demo = await startDemo({ host: environment.host, port: environment.port });
    config = demo.config;
    logger.warn('DEMO MODE: provider APIs are emulated in-process and auth is off; pass --config FILE for real providers');
  }
  const app = await createApp(config, { logger });
  logger.info({ url: app.url, metricsUrl: app.metricsUrl, tenants: config.tenants.length, demo: config.demo }, 'listening');
  if (demo) process.stdout.write(demoBanner(app.url.replace('127.0.0.1', 'localhost'), demo.taskIds, demo.speed) + '\n');

  let exiting = false;
  const shutdown = (signal: string) => {
    if (exiting) return;
    exiting = true;
    logger.info({ signal }, 'shutting down');
    app
      .stop()
      .then(() => demo?.dispose())
      .then(() => tracing.shutdown())
      .then(() => {
        logger.info('stopped');
        exitAfterFlush(logger, EXIT.ok);
      })
      .catch((e: unknown) => {
        logger.error({ err: ensureError(e).message }, 'error during shutdown');
        process.exit(EXIT.invalid);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

function main(): void {
  let command: Command;
  try {
    command = parseCommandLine(process.argv.slice(2), process.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`cloud-export-tasks: ${e.message}\nRun with --help for the options.\n`);
    process.exit(EXIT.usage);
  }
  if (command.kind === 'help') return void process.stdout.write(usage());
  if (command.kind === 'version') return void process.stdout.write(`${version()}\n`);
  if (command.kind === 'check-config') {
    const outcome = checkConfiguration(command.file, process.env);
    process.stdout.write(outcome.stdout);
    process.stderr.write(outcome.stderr);
    process.exitCode = outcome.status;
    return;
  }
  // A bad LOG_LEVEL is reported with the other problems, by a logger at the default level.
  const logger = createLogger({ level: readEnvironment(process.env).environment.logLevel });
  serve(command.file, logger).catch((e: unknown) => {
    if (e instanceof ConfigError) reportConfigError(e, command.file, logger);
    else {
      process.stderr.write(`Start-up failed: ${ensureError(e).message}\n`);
      logger.error({ err: ensureError(e).message }, 'start-up failed');
    }
    exitAfterFlush(logger, EXIT.invalid);
  });
}

main();

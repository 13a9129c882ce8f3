import 'reflect-metadata';

import { loadConfigFile } from './config/load-config';
import { demoBanner } from './demo/demo-banner';
import { type DemoEnvironment, startDemo } from './demo/demo-mode';
import { ensureError } from './errors/service-error';
import { createLogger } from './logging/logger';
import { startTracing } from './observability/tracing';
import { ConfigError } from './options/config-error';
import { createApp } from './server/app';

/** `--config FILE` or `EXPORTS_CONFIG`; undefined = demo mode. */
function configPath(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--config');
  if (i >= 0) {
    const file = argv[i + 1];
    if (!file) throw new ConfigError('--config: expected a file name after --config');
    return file;
  }
  const eq = argv.find((a) => a.startsWith('--config='));
  if (eq) return eq.slice('--config='.length);
  return process.env['EXPORTS_CONFIG'] || undefined;
}

async function main(): Promise<void> {
  const logger = createLogger();
  const tracing = await startTracing({ logger }); // off (no SDK loaded) unless an OTEL_EXPORTER_OTLP_*ENDPOINT is set
  let demo: DemoEnvironment | undefined;
  const file = configPath(process.argv.slice(2));
  let config;
  if (file) {
    config = loadConfigFile(file);
  } else {
    const port = process.env['PORT'] ? Number(process.env['PORT']) : 4000;
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new ConfigError(`PORT: expected an integer from 0 to 65535, but got "${process.env['PORT']}"`);
    demo = await startDemo({ host: process.env['HOST'] ?? '127.0.0.1', port });
    config = demo.config;
    logger.warn('DEMO MODE: provider APIs are emulated in-process and auth is off; pass --config FILE for real providers');
  }
  const app = await createApp(config, { logger });
  logger.info({ url: app.url, tenants: config.tenants.length, demo: config.demo }, 'listening');
  if (demo) process.stdout.write(demoBanner(app.url.replace('127.0.0.1', 'localhost'), demo.taskIds) + '\n');

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
        // Exit once the asynchronous log destination has written everything (at most a second).
        setTimeout(() => process.exit(0), 1000).unref();
        logger.flush(() => process.exit(0));
      })
      .catch((e: unknown) => {
        logger.error({ err: ensureError(e).message }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) process.stderr.write(`Configuration error: ${e.message}\n`);
  else process.stderr.write(`Start-up failed: ${ensureError(e).message}\n`);
  process.exit(1);
});

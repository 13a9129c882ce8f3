import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ErrorCode } from '../errors/error-code';
import { ensureError } from '../errors/service-error';
import type { Logger } from '../logging/logger';
import { sendError } from './graphql-http-handler';
import type { OperatorRoutes } from './operator-routes';

/** Connections the metrics port holds at once: scrapers and probes, not the public. */
const MAX_CONNECTIONS = 32;

/** The separate operator port (`server.metrics.port`): `/metrics`, `/healthz` and `/readyz` only. */
export interface MetricsListener {
  /** e.g. `http://127.0.0.1:9464/metrics`. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and closes its connections. */
  close(): Promise<void>;
}

/** Starts the operator port on `host:port`; every other path answers 404. */
export async function startMetricsListener(options: {
  readonly host: string;
  readonly port: number;
  readonly routes: OperatorRoutes;
  readonly logger: Logger;
}): Promise<MetricsListener> {
  const { routes, logger } = options;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    routes(req, res, url)
      .then((handled) => {
        if (handled) return;
        req.resume();
        sendError(
          res,
          404,
          ErrorCode.ROUTE_NOT_FOUND,
          `No route ${req.method} ${url.pathname}: this port serves /metrics, /healthz and /readyz`,
        );
      })
      .catch((e: unknown) => {
        logger.error({ err: ensureError(e).message }, 'unhandled error on the metrics port');
        if (!res.headersSent) sendError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
        else res.destroy();
      });
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/metrics`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

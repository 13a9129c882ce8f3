import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Config } from '../config/config';
import { buildServiceSchema } from '../graphql/build-schema';
import type { GraphQLContext } from '../graphql/context';
import { createHttpClient } from '../http/http-client';
import { CompletionEstimator } from '../live/completion-estimator';
import { createLiveUpdates } from '../live/create-live-updates';
import { TaskCache } from '../loading/task-cache';
import { createTaskLoader } from '../loading/task-loader';
import type { Logger } from '../logging/logger';
import type { Services } from '../services';
import { TenantRuntime } from '../tenancy/tenant-runtime';
import { systemClock, type Clock } from '../time/clock';
import { Authenticator } from './authenticator';
import { createGraphQLHttpHandler, sendError } from './graphql-http-handler';
import { Lifecycle } from './lifecycle';
import { formatError } from './format-error';
import { DEFAULT_MAX_BODY_BYTES } from './request-body';
import { attachWebSocket, type WebSocketEndpoint } from './websocket';

/** Options of `createApp` beyond the configuration. */
export interface AppOptions {
  readonly logger: Logger;
  readonly clock?: Clock;
}

/** A running service: one HTTP server with GraphQL over HTTP and WebSocket, health and readiness. */
export interface App {
  /** e.g. `http://127.0.0.1:4000/graphql`. */
  readonly url: string;
  readonly port: number;
  readonly services: Services;
  readonly lifecycle: Lifecycle;
  /**
   * Graceful stop (CONTRACT.md section 6): readiness 503, stop accepting connections, let in-flight
   * HTTP requests finish (up to `server.shutdownGraceMs`), close WebSocket clients with 1001, then
   * release every resource.
   */
  stop(): Promise<void>;
}

/** Builds the services from `config`, starts listening, and returns the running app. */
export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const http = createHttpClient();
  const tenants = new Map(config.tenants.map((t) => [t.id, new TenantRuntime(t, { http, clock })]));
  const estimator = new CompletionEstimator(config.cache.maxEntries);
  const cache = new TaskCache(config.cache, clock, (tenantId, state) => estimator.observe(tenantId, state));
  const live = createLiveUpdates({ config, cache, estimator, clock, logger });
  const services: Services = { config, clock, logger, http, tenants, cache, estimator, live };
  const lifecycle = new Lifecycle();
  const auth = new Authenticator(tenants.values(), config.auth, config.auth ? undefined : [...tenants.values()][0]);

  const schema = await buildServiceSchema();
  const createContext = (tenant: TenantRuntime): GraphQLContext => ({
    tenant,
    loaders: { task: createTaskLoader(tenant, cache) },
    services,
    requestId: randomUUID(),
  });
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    introspection: config.server.introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !config.server.introspection,
    formatError: formatError(logger),
    logger: { debug: () => {}, info: () => {}, warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  const graphqlHttp = createGraphQLHttpHandler({
    apollo,
    authenticate: (req) => auth.authenticate(req.headers.authorization),
    createContext,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  });

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      sendJson(res, 200, { status: 'ok' });
    } else if (url.pathname === '/readyz' && (req.method === 'GET' || req.method === 'HEAD')) {
      const ready = lifecycle.state === 'ready';
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : lifecycle.state });
    } else if (url.pathname === '/graphql') {
      await graphqlHttp(req, res, url.search);
    } else {
      req.resume();
      sendError(res, 404, 'NOT_FOUND', `No route ${req.method} ${url.pathname}: GraphQL is served on /graphql`);
    }
  };

  const server: Server = createServer((req, res) => {
    const done = lifecycle.begin();
    res.on('close', done);
    if (lifecycle.state === 'draining') res.setHeader('connection', 'close');
    route(req, res).catch((e: unknown) => {
      logger.error({ err: e instanceof Error ? e.message : String(e) }, 'unhandled error in HTTP handler');
      if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      else res.destroy();
    });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  const ws: WebSocketEndpoint = attachWebSocket({
    httpServer: server,
    schema,
    authenticate: (a) => auth.authenticate(a),
    createContext,
    logger,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  lifecycle.state = 'ready';

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      lifecycle.state = 'draining';
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = await lifecycle.idle(config.server.shutdownGraceMs);
      if (!drained) logger.warn({ inFlight: lifecycle.active }, 'shutdown grace elapsed with requests in flight');
      await ws.close(1001, 'Going away: server shutting down');
      server.closeAllConnections();
      await closed;
      await live.dispose();
      await apollo.stop();
      await Promise.all([...tenants.values()].map((t) => t.dispose()));
      await http.dispose();
      lifecycle.state = 'stopped';
    })());

  return { url: `http://${host}:${port}/graphql`, port, services, lifecycle, stop };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

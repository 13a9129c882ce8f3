import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';

import { type Config, DEFAULT_RATE_LIMIT } from '../config/config';
import { ErrorCode } from '../errors/error-code';
import { ensureError } from '../errors/service-error';
import { buildServiceSchema } from '../graphql/build-schema';
import type { GraphQLContext, OperationOrigin } from '../graphql/context';
import { createHttpClient } from '../http/http-client';
import { createCoordinator } from '../live/create-coordinator';
import type { LiveUpdates } from '../live/live-updates';
import { LiveUpdatesEngine } from '../live/live-updates-engine';
import { CompletionEstimator } from '../loading/completion-estimator';
import { TaskCache } from '../loading/task-cache';
import type { Logger } from '../logging/logger';
import { ServiceMetrics } from '../observability/service-metrics';
import { TenantRateLimiter } from '../quota/tenant-rate-limiter';
import { createTaskService, type OperationEnd, type ReadRecorder } from '../tasks/task-service';
import { TenantRuntime } from '../tenancy/tenant-runtime';
import { type Clock, systemClock } from '../time/clock';
import { Authenticator } from './authenticator';
import { CorsPolicy } from './cors';
import { formatError, formatExecutionError } from './format-error';
import { createGraphQLHttpHandler, sendError } from './graphql-http-handler';
import { Lifecycle } from './lifecycle';
import { NoIntrospectionRule } from './limits/no-introspection.rule';
import { limitParseOptions, limitValidationRules } from './limits/operation-limits';
import { type MetricsListener, startMetricsListener } from './metrics-listener';
import { OperationPreparer } from './operation-preparer';
import { operatorRoutes } from './operator-routes';
import { createPlayground } from './playground/playground';
import { cachedAnswerRecorder, operationLogPlugin } from './plugins/operation-log.plugin';
import { OperationLogPolicy } from './plugins/operation-log-policy';
import { subscriptionTransportPlugin } from './plugins/subscription-transport.plugin';
import { taskIdLimitPlugin } from './plugins/task-id-limit.plugin';
import { DEFAULT_MAX_BODY_BYTES } from './request-body';
import { requestIdFrom } from './request-id';
import { ResponseCache } from './response-cache';
import { SharedSubscriptionEvents } from './shared-subscription-events';
import { MultipartHandler } from './streaming/multipart-handler';
import { OpenStreams } from './streaming/open-streams';
import { SseHandler } from './streaming/sse-handler';
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
  /** The separate metrics port's `/metrics` URL, when `server.metrics.port` is set. */
  readonly metricsUrl: string | undefined;
  /** Tenant id to runtime (gateways, health). */
  readonly tenants: ReadonlyMap<string, TenantRuntime>;
  /** The live-updates engine (streams and pollers of this process). */
  readonly live: LiveUpdates;
  readonly lifecycle: Lifecycle;
  /**
   * Graceful stop (README, "Endpoints"): readiness 503, stop accepting connections, let in-flight
   * HTTP requests finish (up to `server.shutdownGraceMs`), close WebSocket clients with 1001, then
   * release every resource; all of it within `server.shutdownTimeoutMs`, whatever hangs.
   */
  stop(): Promise<void>;
}

/** Builds the services from `config`, starts listening, and returns the running app. */
export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const { logger } = options;
  // First, before anything is opened: without its build the playground stops start-up here.
  const playground = config.server.playground ? createPlayground({ demo: config.demo, auth: config.auth }) : undefined;
  const clock = options.clock ?? systemClock;
  const http = createHttpClient();
  const coordinator = await createCoordinator(config, clock, logger);
  const metrics = new ServiceMetrics(logger);
  const tenants = new Map(
    config.tenants.map((t) => [
      t.id,
      new TenantRuntime(t, { http, clock, budgets: coordinator.budgets, resilience: config.resilience, logger, metrics }),
    ]),
  );
  const estimator = new CompletionEstimator(config.cache.maxEntries);
  const cache = new TaskCache(config.cache, clock, estimator, metrics.cache);
  const live = new LiveUpdatesEngine({
    coordinator,
    clock,
    logger,
    polling: config.polling,
    pollMetrics: metrics.poll,
    leaseMs: config.redis?.leaseMs ?? 0,
    maxWatchedTasksPerTenant: config.limits.watchedTasksPerTenant,
    maxSubscriptionsPerTenant: config.limits.subscriptionsPerTenant,
  });
  metrics.attach({
    *gateways() {
      for (const [tenant, runtime] of tenants)
        for (const [provider, g] of runtime.existingGateways())
          yield { tenant, provider, budget: g.budget, budgetWaited: g.budget.waited, circuit: g.circuit };
    },
    cacheEntries: () => cache.size,
    activeStreams: () => live.activeStreams,
    activePollers: () => live.activePollers,
  });
  const lifecycle = new Lifecycle();
  const auth = new Authenticator(tenants.values(), config.auth, config.auth ? undefined : [...tenants.values()][0]);

  const schema = await buildServiceSchema();
  const taskDeps = { cache, estimator, live, clock, operationTimeoutMs: config.limits.operationTimeoutMs };
  const createContext = (tenant: TenantRuntime, onEnd: OperationEnd, origin: OperationOrigin, reads?: ReadRecorder): GraphQLContext => ({
    tenant,
    tasks: createTaskService(tenant, taskDeps, onEnd, origin, reads),
    requestId: origin.requestId,
    span: origin.span,
  });
  // The same limits for HTTP and WebSocket operations (src/server/limits), introspection included.
  const validationRules = [...limitValidationRules(), ...(config.server.introspection ? [] : [NoIntrospectionRule])];
  const parseOptions = limitParseOptions();
  const rateLimiter = new TenantRateLimiter(config.server.rateLimit ?? DEFAULT_RATE_LIMIT);
  const taskIdLimit = {
    perOperation: config.limits.idsPerOperation,
    take: (tenantId: string, ids: number) => rateLimiter.takeIds(tenantId, ids),
  };
  // Answers of queries over cached task states, served while each state is current (BENCHMARKS.md, throughput).
  const responses =
    config.cache.responses === false ? undefined : new ResponseCache(cache, clock, {}, (hit) => metrics.responseCacheRead(hit));
  // One sampling of the `graphql operation` lines of plain HTTP operations, run through Apollo or cached.
  const operationLog = new OperationLogPolicy();
  const formatErrors = formatError(logger, { hideSchemaDetails: !config.server.introspection });
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    validationRules,
    parseOptions,
    // `server.introspection: false` is enforced by NoIntrospectionRule in `validationRules`, on both
    // paths; Apollo's own rule would only add a second error for the same field over HTTP.
    introspection: true,
    // Off: it refuses urql's default GET queries. What a cross-site page can send without a preflight
    // changes nothing (no mutations; GET runs queries only), carries no bearer key, and cannot be read
    // back without a CORS grant (README, "Browsers, CORS and CSRF").
    csrfPrevention: false,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !config.server.introspection,
    formatError: formatErrors,
    logger: { debug: () => {}, info: () => {}, warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
    // No cache hints are used: Apollo's default cache-control plugin would only wrap every field
    // resolver in instrumentation (several % of a cached exportTask read; BENCHMARKS.md, throughput).
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      subscriptionTransportPlugin(),
      taskIdLimitPlugin(taskIdLimit),
      operationLogPlugin(metrics, logger, operationLog),
      ...(responses ? [responses.plugin()] : []),
    ],
  });
  await apollo.start();

  // HTTP callers (plain, SSE, multipart) send the key in `Authorization`.
  const authenticateHttp = (req: IncomingMessage) => auth.authenticate(req.headers.authorization);
  const graphqlHttp = createGraphQLHttpHandler({
    apollo,
    authenticate: authenticateHttp,
    createContext,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    rateLimit: (tenantId) => rateLimiter.take(tenantId),
    responses,
    takeIds: (tenantId, ids) => rateLimiter.takeIds(tenantId, ids),
    answeredFromCache: cachedAnswerRecorder(metrics, logger, operationLog),
  });
  // Every streaming transport (WebSocket, SSE, multipart) admits operations alike and shares each
  // event's rendering: one engine, one admission, one payload per change.
  const preparer = new OperationPreparer({
    schema,
    validationRules,
    parseOptions,
    rateLimit: (tenantId) => rateLimiter.take(tenantId),
    taskIdLimit,
    createContext,
  });
  const shared = new SharedSubscriptionEvents((e) => formatExecutionError(formatErrors, e));
  const streams = new OpenStreams();
  const streamDeps = {
    authenticate: authenticateHttp,
    preparer,
    shared,
    streams,
    logger,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    clock,
  };
  const sse = new SseHandler(streamDeps);
  const multipart = new MultipartHandler(streamDeps);

  // Health, readiness and metrics; metrics move to their own port when `server.metrics.port` is set.
  const metricsOptions = config.server.metrics ?? {};
  const operatorOptions = { lifecycle, coordination: () => coordinator.describe(), metrics, bearerToken: metricsOptions.bearerToken };
  const operator = operatorRoutes({ ...operatorOptions, servesMetrics: metricsOptions.port === undefined });
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (await operator(req, res, url)) {
      // /healthz, /readyz, /metrics
    } else if (playground?.handle(req, res, url)) {
      // the playground page (GET /graphql from a browser) or one of its assets
    } else if (url.pathname === '/graphql') {
      // Every answer on /graphql carries the request's id, the caller's own when it sent a safe one.
      const requestId = requestIdFrom(req.headers['x-request-id']);
      res.setHeader('x-request-id', requestId);
      if (MultipartHandler.wants(req)) await multipart.handle(req, res, url, requestId);
      else if (SseHandler.wants(req, url)) await sse.handle(req, res, url, requestId);
      else await graphqlHttp(req, res, url.search, requestId);
    } else {
      req.resume();
      sendError(res, 404, ErrorCode.ROUTE_NOT_FOUND, `No route ${req.method} ${url.pathname}: GraphQL is served on /graphql`);
    }
  };

  const cors = CorsPolicy.forConfig(config);
  const server: Server = createServer((req, res) => {
    const done = lifecycle.begin();
    res.on('close', done);
    if (lifecycle.state === 'draining') res.setHeader('connection', 'close');
    if (cors.handle(req, res)) return; // a preflight, or another OPTIONS
    route(req, res).catch((e: unknown) => {
      logger.error({ err: ensureError(e).message }, 'unhandled error in HTTP handler');
      if (!res.headersSent) sendError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
      else res.destroy();
    });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  const ws: WebSocketEndpoint = attachWebSocket({
    httpServer: server,
    schema,
    authenticate: (a) => auth.authenticate(a),
    preparer,
    shared,
    logger,
    formatError: formatErrors,
    allowOrigin: (origin, host) => cors.allowsWebSocket(origin, host),
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let metricsListener: MetricsListener | undefined;
  if (metricsOptions.port !== undefined) {
    try {
      metricsListener = await startMetricsListener({
        host: metricsOptions.host ?? config.server.host,
        port: metricsOptions.port,
        routes: operatorRoutes({ ...operatorOptions, servesMetrics: true }),
        logger,
      });
    } catch (e) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw e;
    }
  }
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  lifecycle.state = 'ready';

  const graceful = async (): Promise<void> => {
    lifecycle.state = 'draining';
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Streams never finish by themselves: end them now (each tells its client to subscribe again).
    streams.closeAll();
    sse.closeAll();
    const drained = await lifecycle.idle(config.server.shutdownGraceMs);
    if (!drained) logger.warn({ inFlight: lifecycle.active }, 'shutdown grace elapsed with requests in flight');
    await ws.close(1001, 'Going away: server shutting down');
    server.closeAllConnections();
    await closed;
    await metricsListener?.close();
    // Each resource is released by its creator, users before what they use.
    live.dispose();
    await apollo.stop();
    for (const t of tenants.values()) t.dispose();
    await coordinator.dispose();
    await http.dispose();
  };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      // Nothing may keep the process from stopping beyond its deadline (a frozen dependency, a stuck socket).
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'deadline'>(
        (resolve) => (timer = setTimeout(() => resolve('deadline'), config.server.shutdownTimeoutMs)),
      );
      const outcome = await Promise.race([graceful().then(() => 'stopped' as const), deadline]);
      clearTimeout(timer);
      if (outcome === 'deadline') {
        logger.warn({ shutdownTimeoutMs: config.server.shutdownTimeoutMs }, 'shutdown deadline passed: closing what is left');
        server.closeAllConnections();
      }
      lifecycle.state = 'stopped';
    })());

  return { url: `http://${host}:${port}/graphql`, port, metricsUrl: metricsListener?.url, tenants, live, lifecycle, stop };
}

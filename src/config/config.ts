import type { ProviderId } from '../domain/provider-id';
import type { ProviderOptionsById } from '../providers/registry';
import { MAX_IDS } from '../providers/task-id';

/** HTTP/WebSocket listener settings. */
export interface ServerConfig {
  /** Default `127.0.0.1`. */
  readonly host: string;
  /** Default 4000; 0 picks a free port. */
  readonly port: number;
  /** Serve GraphiQL on `GET /graphql` from a browser. Default true. */
  readonly playground: boolean;
  /** Allow schema introspection. Default true. */
  readonly introspection: boolean;
  /** How long in-flight HTTP requests may take to finish on shutdown, ms. Default 8000. */
  readonly shutdownGraceMs: number;
  /** The whole shutdown's deadline, ms: after it the process stops whatever still hangs (a frozen Redis). Default 10000. */
  readonly shutdownTimeoutMs: number;
  /** Per-tenant limit of incoming operations (HTTP requests and WebSocket subscribes). Absent = `DEFAULT_RATE_LIMIT`. */
  readonly rateLimit?: RateLimitConfig;
  /**
   * Which browser origins may call the service from another origin (CORS). Absent = `DEFAULT_CORS`: none.
   * Demo mode grants `http://localhost:*` and `http://127.0.0.1:*` (any port) besides (src/server/cors.ts).
   */
  readonly cors?: CorsConfig;
  /** Where `/metrics` is served and who may read it. Absent = `DEFAULT_METRICS`: on the main port, unguarded. */
  readonly metrics?: MetricsConfig;
}

/**
 * Where operators scrape `/metrics` (`server.metrics`). Its series carry tenant ids as labels, so a
 * public service either serves them on a separate port (`port`, not exposed to callers) or guards them
 * on the main port (`bearerToken`); both together guard the separate port too.
 */
export interface MetricsConfig {
  /**
   * A separate port for `/metrics`, `/healthz` and `/readyz`; the main port then answers 404 for `/metrics`.
   * Absent: `/metrics` stays on the main port.
   */
  readonly port?: number | undefined;
  /** The separate port's interface. Default: `server.host`. */
  readonly host?: string | undefined;
  /** When set, `/metrics` answers only `Authorization: Bearer <bearerToken>` (at least 16 characters; write it `env:NAME`). */
  readonly bearerToken?: string | undefined;
}

/** Default of `server.metrics`: `/metrics` on the main port, unguarded. */
export const DEFAULT_METRICS: MetricsConfig = {};

/**
 * Cross-origin access for browser apps (`server.cors`): which origins get `access-control-allow-origin`,
 * on every path and for WebSocket upgrades alike. No credentials mode: callers send a bearer header.
 */
export interface CorsConfig {
  /**
   * Exact origins as a browser sends `Origin`: `http(s)://host[:port]`, no path, no trailing slash, e.g.
   * `https://console.example.com`. `["*"]` (alone) grants every origin. Default `[]`: none.
   */
  readonly origins: readonly string[];
  /**
   * How long a browser may reuse a preflight's answer, seconds (`access-control-max-age`; browsers cap it,
   * Chromium at 7200). Default 600.
   */
  readonly maxAgeSeconds: number;
}

/** Default of `server.cors`: no origin granted, preflights cached 10 minutes. */
export const DEFAULT_CORS: CorsConfig = { origins: [], maxAgeSeconds: 600 };

/** A per-tenant limit of incoming GraphQL operations; beyond it HTTP answers 429 and WebSocket an error. */
export interface RateLimitConfig {
  /** Operations a tenant may start per window. Default 1000. */
  readonly requests: number;
  /** Task ids a tenant's operations over several ids may name per window (an operation over 100 ids takes 100). Default 10000. */
  readonly ids: number;
  /** Length of the window, seconds. Default 10. */
  readonly windowSeconds: number;
}

/** Default of `server.rateLimit`: 1000 operations and 10,000 task ids per 10 s per tenant (bursts allowed). */
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { requests: 1000, ids: 10_000, windowSeconds: 10 };

/** What one caller may make the service hold (`limits` in docs/configuration.md). */
export interface LimitsConfig {
  /** How long an operation may wait for its reads, ms; then the fields still waiting fail with PROVIDER_TIMEOUT. Default 30000. */
  readonly operationTimeoutMs: number;
  /** Task ids one operation may name, counted over its fields, aliases, fragments and `_entities`. Default 100. */
  readonly idsPerOperation: number;
  /** Distinct tasks one tenant may watch at once across all its subscriptions (in each replica). Default 1000. */
  readonly watchedTasksPerTenant: number;
  /** Subscriptions one tenant may hold open at once over every transport (in each replica). Default 10,000. */
  readonly subscriptionsPerTenant: number;
}

/** Default of `limits`. */
export const DEFAULT_LIMITS: LimitsConfig = {
  operationTimeoutMs: 30_000,
  idsPerOperation: MAX_IDS,
  watchedTasksPerTenant: 1000,
  subscriptionsPerTenant: 10_000,
};

/** How upstream calls of one (tenant, provider) retry and break (src/tenancy/resilience-policy.ts). */
export interface ResilienceConfig {
  /** Retries of a throttled, 5xx or network-failed call (never of timeouts or answers). Default 2. */
  readonly retries: number;
  /** Delay before the first retry, ms; it doubles each retry, with jitter. Default 100. */
  readonly retryBaseDelayMs: number;
  /** Longest wait before one retry, ms; a provider asking (Retry-After) for longer gets no retry. Default 2000. */
  readonly retryMaxDelayMs: number;
  /** Consecutive failures (5xx, network, timeout) that open the circuit. Default 5. */
  readonly breakerFailures: number;
  /** How long an open circuit refuses calls before letting one probe through, ms. Default 10000. */
  readonly breakerHalfOpenMs: number;
}

/** Default of `resilience`. */
export const DEFAULT_RESILIENCE: ResilienceConfig = {
  retries: 2,
  retryBaseDelayMs: 100,
  retryMaxDelayMs: 2000,
  breakerFailures: 5,
  breakerHalfOpenMs: 10_000,
};

/** Subscription polling settings (`polling` in docs/configuration.md). */
export interface PollingConfig {
  /** Base interval between reads of a watched task, ms. Default 1000. */
  readonly intervalMs: number;
  /** Upper bound of the adaptive interval and of back-off, ms. Default 30000. */
  readonly maxIntervalMs: number;
}

/** Cross-request cache settings (`cache` in docs/configuration.md). */
export interface CacheConfig {
  /** A non-terminal state read less than this long ago is reused, ms. Default 1000. */
  readonly freshMs: number;
  /** A terminal state is kept this long, ms. Default 3600000. */
  readonly terminalMs: number;
  /** Most (tenant, task) states kept at once. Default 100000. */
  readonly maxEntries: number;
  /**
   * Keep the answers of queries over cached task states, served while every state in them is current
   * (`src/server/response-cache.ts`). Default true; undefined reads as true.
   */
  readonly responses?: boolean;
}

/** Distributed mode: replicas coordinate through one Redis. */
export interface RedisConfig {
  /** `redis://` or `rediss://` URL (may carry a password: it is never logged). */
  readonly url: string;
  /** A poller's lease across replicas, ms; a dead replica's tasks are taken over within this plus one interval. Default 5000. */
  readonly leaseMs: number;
  /** Prefix of every key and channel. Default `exports:`. */
  readonly keyPrefix: string;
  /** How long start-up waits for Redis before starting degraded, ms. Default 3000. */
  readonly connectTimeoutMs: number;
  /**
   * The deadline of every Redis command, ms. A Redis that does not answer within it (frozen, or cut off
   * without the connection closing) is treated as gone: the replica turns degraded until it answers.
   * Default 1000.
   */
  readonly commandTimeoutMs: number;
}

/** One tenant: its API keys and its provider credentials. */
export interface TenantConfig {
  /** `[A-Za-z0-9_.-]{1,64}`. */
  readonly id: string;
  /** Bearer keys that authenticate as this tenant. Empty only in demo mode (auth off). */
  readonly apiKeys: readonly string[];
  readonly providers: ProviderConfigs;
}

/** Provider id to a tenant's options for it; a missing entry means "not configured" for the tenant. */
export type ProviderConfigs = { readonly [P in ProviderId]?: ProviderOptionsById[P] };

/** The whole, validated configuration of the service. */
export interface Config {
  readonly server: ServerConfig;
  /** Present = distributed mode. */
  readonly redis?: RedisConfig | undefined;
  readonly polling: PollingConfig;
  readonly cache: CacheConfig;
  /** Retries and circuit breaking of upstream calls. Absent = `DEFAULT_RESILIENCE`. */
  readonly resilience?: ResilienceConfig;
  /** What one caller may make the service hold. */
  readonly limits: LimitsConfig;
  readonly tenants: readonly TenantConfig[];
  /** False in demo mode: requests are served as the single tenant without a key. */
  readonly auth: boolean;
  /** True when started without a config file. */
  readonly demo: boolean;
}

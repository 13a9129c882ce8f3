import type { ProviderConfigs } from './provider-config';

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
  /** How long in-flight HTTP requests may take to finish on shutdown, ms. Default 10000. */
  readonly shutdownGraceMs: number;
}

/** Subscription polling settings (CONTRACT.md section 3). */
export interface PollingConfig {
  /** Base interval between reads of a watched task, ms. Default 1000. */
  readonly intervalMs: number;
  /** Upper bound of the adaptive interval and of back-off, ms. Default 30000. */
  readonly maxIntervalMs: number;
}

/** Cross-request cache settings (CONTRACT.md section 3). */
export interface CacheConfig {
  /** A non-terminal state read less than this long ago is reused, ms. Default 1000. */
  readonly freshMs: number;
  /** A terminal state is kept this long, ms. Default 3600000. */
  readonly terminalMs: number;
  /** Most (tenant, task) states kept at once. Default 100000. */
  readonly maxEntries: number;
}

/** One tenant: its API keys and its provider credentials. */
export interface TenantConfig {
  /** `[A-Za-z0-9_.-]{1,64}`. */
  readonly id: string;
  /** Bearer keys that authenticate as this tenant. Empty only in demo mode (auth off). */
  readonly apiKeys: readonly string[];
  readonly providers: ProviderConfigs;
}

/** The whole, validated configuration of the service. */
export interface Config {
  readonly server: ServerConfig;
  /** Present = distributed mode. */
  readonly redis?: { readonly url: string } | undefined;
  readonly polling: PollingConfig;
  readonly cache: CacheConfig;
  readonly tenants: readonly TenantConfig[];
  /** False in demo mode: requests are served as the single tenant without a key. */
  readonly auth: boolean;
  /** True when started without a config file. */
  readonly demo: boolean;
}

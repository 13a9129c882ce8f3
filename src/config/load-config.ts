import { readFileSync } from 'node:fs';

import { ConfigError, type ConfigIssue, configIssue } from '../options/config-error';
import { OptionReader, OptionReading, UNRESOLVED } from '../options/option-reader';
import type {
  CacheConfig,
  Config,
  CorsConfig,
  LimitsConfig,
  MetricsConfig,
  PollingConfig,
  RateLimitConfig,
  RedisConfig,
  ResilienceConfig,
  ServerConfig,
  TenantConfig,
} from './config';
import { DEFAULT_CORS, DEFAULT_LIMITS, DEFAULT_RATE_LIMIT, DEFAULT_RESILIENCE } from './config';
import { resolveEnvRefs } from './env-refs';
import { readProviderConfigs } from './provider-options';

const TENANT_ID = /^[A-Za-z0-9_.-]{1,64}$/;

function readServer(r: OptionReader): ServerConfig {
  const s: ServerConfig = {
    host: r.string('host', { default: '127.0.0.1' }),
    port: r.int('port', { default: 4000, min: 0, max: 65535 }),
    playground: r.bool('playground', { default: true }),
    introspection: r.bool('introspection', { default: true }),
    shutdownGraceMs: r.int('shutdownGraceMs', { default: 8000, min: 0, max: 600_000 }),
    shutdownTimeoutMs: r.int('shutdownTimeoutMs', { default: 10_000, min: 1000, max: 900_000 }),
    rateLimit: readRateLimit(r.object('rateLimit', { optional: true })),
    cors: readCors(r.object('cors', { optional: true })),
    metrics: readMetrics(r.object('metrics', { optional: true })),
  };
  r.done();
  if (r.ok('shutdownGraceMs') && r.ok('shutdownTimeoutMs') && s.shutdownGraceMs >= s.shutdownTimeoutMs) {
    r.reject('shutdownGraceMs', `less than server.shutdownTimeoutMs (${s.shutdownTimeoutMs})`, String(s.shutdownGraceMs));
  }
  if (s.metrics?.port !== undefined && s.metrics.port !== 0 && r.ok('port') && s.metrics.port === s.port) {
    r.reading.report(configIssue(`${r.path}.metrics.port`, `a port other than server.port (${s.port})`, String(s.metrics.port)));
  }
  return s;
}

function readMetrics(r: OptionReader): MetricsConfig {
  const c: MetricsConfig = {
    port: r.has('port') ? r.int('port', { min: 0, max: 65535 }) : (r.markRead('port'), undefined),
    host: r.optionalString('host'),
    bearerToken: r.optionalString('bearerToken', {
      pattern: /^[\x21-\x7e]{16,1024}$/,
      expected: 'a token of 16 to 1024 printable characters without spaces (write it "env:NAME")',
      secret: true,
    }),
  };
  r.done();
  if (c.host !== undefined && !r.has('port')) {
    r.reject('host', `only with ${r.path}.port (the separate port it binds)`, `${JSON.stringify(c.host)} alone`);
  }
  return c;
}

function readRateLimit(r: OptionReader): RateLimitConfig {
  const c: RateLimitConfig = {
    requests: r.int('requests', { default: DEFAULT_RATE_LIMIT.requests, min: 1, max: 100_000_000 }),
    ids: r.int('ids', { default: DEFAULT_RATE_LIMIT.ids, min: 1, max: 1_000_000_000 }),
    windowSeconds: r.int('windowSeconds', { default: DEFAULT_RATE_LIMIT.windowSeconds, min: 1, max: 86_400 }),
  };
  r.done();
  return c;
}

const ORIGIN_EXPECTED = 'an origin as a browser sends it, http(s)://host[:port] with no path and no trailing slash, or "*"';

function readCors(r: OptionReader): CorsConfig {
  const origins = r.has('origins')
    ? r.array('origins').flatMap((o, i) => readOrigin(o, `${r.path}.origins[${i}]`, r.reading))
    : (r.markRead('origins'), DEFAULT_CORS.origins);
  if (origins.length > 1 && origins.includes('*')) {
    r.reject('origins', '"*" as the only entry (it grants every origin)', `"*" among ${origins.length} entries`);
  }
  const c: CorsConfig = { origins, maxAgeSeconds: r.int('maxAgeSeconds', { default: DEFAULT_CORS.maxAgeSeconds, min: 0, max: 86_400 }) };
  r.done();
  return c;
}

/**
 * One entry of `server.cors.origins`: `"*"`, or an origin exactly as a browser serialises it (lower-case
 * host, no default port, no path), since `Origin` is compared as a string; a near miss says what a
 * browser would send instead.
 */
function readOrigin(value: unknown, path: string, reading: OptionReading): string[] {
  if (value === '*') return [value];
  if (value === UNRESOLVED) return [];
  const origin = typeof value === 'string' ? httpOriginOf(value) : undefined;
  if (origin !== undefined && origin === value) return [origin];
  const hint = origin === undefined ? '' : ` (a browser sends ${JSON.stringify(origin)})`;
  reading.report(configIssue(path, ORIGIN_EXPECTED, `${JSON.stringify(value)}${hint}`));
  return [];
}

/** The origin of an http(s) URL, or undefined. */
function httpOriginOf(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

function readResilience(r: OptionReader): ResilienceConfig {
  const d = DEFAULT_RESILIENCE;
  const c: ResilienceConfig = {
    retries: r.int('retries', { default: d.retries, min: 0, max: 10 }),
    retryBaseDelayMs: r.int('retryBaseDelayMs', { default: d.retryBaseDelayMs, min: 0, max: 60_000 }),
    retryMaxDelayMs: r.int('retryMaxDelayMs', { default: d.retryMaxDelayMs, min: 0, max: 600_000 }),
    breakerFailures: r.int('breakerFailures', { default: d.breakerFailures, min: 1, max: 1000 }),
    breakerHalfOpenMs: r.int('breakerHalfOpenMs', { default: d.breakerHalfOpenMs, min: 10, max: 3_600_000 }),
  };
  r.done();
  return c;
}

function readLimits(r: OptionReader): LimitsConfig {
  const d = DEFAULT_LIMITS;
  const c: LimitsConfig = {
    operationTimeoutMs: r.int('operationTimeoutMs', { default: d.operationTimeoutMs, min: 100, max: 600_000 }),
    idsPerOperation: r.int('idsPerOperation', { default: d.idsPerOperation, min: 1, max: 10_000 }),
    watchedTasksPerTenant: r.int('watchedTasksPerTenant', { default: d.watchedTasksPerTenant, min: 1, max: 1_000_000 }),
    subscriptionsPerTenant: r.int('subscriptionsPerTenant', { default: d.subscriptionsPerTenant, min: 1, max: 1_000_000 }),
  };
  r.done();
  return c;
}

function readPolling(r: OptionReader): PollingConfig {
  const intervalMs = r.int('intervalMs', { default: 1000, min: 100, max: 3_600_000 });
  const maxIntervalMs = r.int('maxIntervalMs', { default: Math.max(30_000, intervalMs), min: 100, max: 3_600_000 });
  if (r.ok('intervalMs') && r.ok('maxIntervalMs') && maxIntervalMs < intervalMs) {
    r.reject('maxIntervalMs', `at least polling.intervalMs (${intervalMs})`, String(maxIntervalMs));
  }
  r.done();
  return { intervalMs, maxIntervalMs };
}

function readCache(r: OptionReader): CacheConfig {
  const c: CacheConfig = {
    freshMs: r.int('freshMs', { default: 1000, min: 0, max: 3_600_000 }),
    terminalMs: r.int('terminalMs', { default: 3_600_000, min: 0, max: 30 * 86_400_000 }),
    maxEntries: r.int('maxEntries', { default: 100_000, min: 1, max: 10_000_000 }),
    // On unless switched off (undefined reads as on).
    ...(r.bool('responses', { default: true }) ? {} : { responses: false }),
  };
  r.done();
  return c;
}

/** A tenant; an id that failed reads as `""`, and keys that failed are left out (so that the uniqueness checks skip them). */
function readTenant(value: unknown, path: string, demo: boolean, reading: OptionReading): TenantConfig {
  const r = new OptionReader(value, path, reading);
  const id = r.string('id', { pattern: TENANT_ID, expected: 'a tenant id of 1 to 64 characters [A-Za-z0-9_.-]' });
  // Demo mode serves its one tenant without a key (auth off).
  const keys = demo ? (r.markRead('apiKeys'), []) : r.array('apiKeys', { minLength: 1 });
  const apiKeys = keys.flatMap((k, i) => {
    if (k === UNRESOLVED) return [];
    if (typeof k !== 'string' || k.length < 16) {
      const got = typeof k === 'string' ? `a string of ${k.length} characters` : `a ${typeof k}`;
      reading.report(configIssue(`${path}.apiKeys[${i}]`, 'an API key of at least 16 characters', got));
      return [];
    }
    return [k];
  });
  const providers = readProviderConfigs(r.object('providers'));
  r.done();
  return { id: r.ok('id') ? id : '', apiKeys, providers };
}

/** What reading a configuration document found: the `Config` when it has no problem, every problem, every option asked for. */
export interface ConfigReading {
  readonly config: Config | undefined;
  /** Every problem, `env:` values masked (see `withoutEnvValues`). */
  readonly issues: readonly ConfigIssue[];
  /** Every option the reader asked for (`server.port`, `tenants[].providers.tencent-tcss.region`): see `OptionReading`. */
  readonly optionPaths: ReadonlySet<string>;
}

/**
 * Reads a parsed configuration document (`env:` references resolved from `env` here) into a `Config`,
 * every default applied, collecting every problem rather than stopping at the first: a bad value reads
 * as its default so that later checks still run. `demo` is demo mode's own document (no API keys, auth off).
 */
export function readConfig(
  document: unknown,
  env: NodeJS.ProcessEnv = process.env,
  options: { readonly demo?: boolean } = {},
): ConfigReading {
  const reading = new OptionReading();
  const config = readResolved(resolveEnvRefs(document, env, '$', reading), options.demo ?? false, reading);
  // A value read from the environment may be a secret even where the option is not one (a variable
  // named in the wrong option): no message shows it, whatever option it failed.
  const issues = reading.issues.map((i) => withoutEnvValues(i, document, env));
  return { config: issues.length === 0 ? config : undefined, issues, optionPaths: reading.optionPaths };
}

/**
 * Validates a parsed configuration document into a `Config` (see `readConfig`). Throws one `ConfigError`
 * carrying every problem (`issues`), each naming the option, what was expected and what was given.
 */
export function parseConfig(document: unknown, env: NodeJS.ProcessEnv = process.env, options: { readonly demo?: boolean } = {}): Config {
  const { config, issues } = readConfig(document, env, options);
  if (config === undefined) throw new ConfigError(issues);
  return config;
}

/** `issue` with every value that an `env:NAME` reference of `document` resolved to replaced by `<env:NAME>`, in every field. */
function withoutEnvValues(issue: ConfigIssue, document: unknown, env: NodeJS.ProcessEnv): ConfigIssue {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && v.startsWith('env:')) names.add(v.slice(4));
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(document);
  const values = [...names].map((n) => [n, env[n]] as const).filter((nv): nv is readonly [string, string] => (nv[1]?.length ?? 0) >= 4);
  values.sort((a, b) => b[1].length - a[1].length);
  const mask = (text: string) => values.reduce((m, [name, value]) => m.split(value).join(`<env:${name}>`), text);
  return { path: mask(issue.path), expected: mask(issue.expected), got: mask(issue.got), message: mask(issue.message) };
}

function readResolved(resolved: unknown, demo: boolean, reading: OptionReading): Config {
  const root = new OptionReader(resolved, '$', reading);
  const server = readServer(root.object('server', { optional: true }));
  const redis = root.has('redis') ? readRedis(root.object('redis')) : (root.markRead('redis'), undefined);
  const polling = readPolling(root.object('polling', { optional: true }));
  const cache = readCache(root.object('cache', { optional: true }));
  const resilience = readResilience(root.object('resilience', { optional: true }));
  const limits = readLimits(root.object('limits', { optional: true }));
  const tenants = root.array('tenants', { minLength: 1 }).map((t, i) => readTenant(t, `$.tenants[${i}]`, demo, reading));
  root.done();
  checkUnique(tenants, reading);
  return { server, redis, polling, cache, resilience, limits, tenants, auth: !demo, demo };
}

function readRedis(r: OptionReader): RedisConfig {
  // A Redis URL may carry a password: never echoed in a message.
  const url = r.string('url', { pattern: /^rediss?:\/\/\S+$/, expected: 'a redis:// or rediss:// URL', secret: true });
  const c: RedisConfig = {
    url,
    leaseMs: r.int('leaseMs', { default: 5000, min: 500, max: 600_000 }),
    keyPrefix: r.string('keyPrefix', {
      default: 'exports:',
      pattern: /^[A-Za-z0-9:_.-]{1,64}$/,
      expected: 'a key prefix of 1 to 64 characters [A-Za-z0-9:_.-]',
    }),
    connectTimeoutMs: r.int('connectTimeoutMs', { default: 3000, min: 0, max: 60_000 }),
    commandTimeoutMs: r.int('commandTimeoutMs', { default: 1000, min: 50, max: 60_000 }),
  };
  r.done();
  return c;
}

/** Tenant ids and API keys are unique (a tenant whose id failed, read as `""`, takes no part; nor do keys that failed). */
function checkUnique(tenants: readonly TenantConfig[], reading: OptionReading): void {
  const ids = new Set<string>();
  const keys = new Map<string, string>();
  for (const [i, t] of tenants.entries()) {
    if (t.id !== '' && ids.has(t.id)) {
      reading.report(configIssue(`$.tenants[${i}].id`, 'a unique tenant id', `"${t.id}" twice`));
    }
    ids.add(t.id);
    for (const [j, k] of t.apiKeys.entries()) {
      const owner = keys.get(k);
      if (owner !== undefined) {
        const path = `$.tenants[${i}].apiKeys[${j}]`;
        const got = `a key of tenant "${owner}" too`;
        reading.report(
          configIssue(
            path,
            'a key used by one tenant only',
            got,
            `${path}: expected a key used by one tenant only, but it is also a key of tenant "${owner}"`,
          ),
        );
      } else keys.set(k, t.id);
    }
  }
}

/** Reads, parses and validates the JSON file at `file`. */
export function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError([configIssue('$', 'a readable file', code, `config file ${file}: cannot be read (${code})`)]);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (e) {
    const why = (e as Error).message;
    throw new ConfigError([
      configIssue('$', 'JSON', `text that does not parse (${why})`, `config file ${file}: expected JSON, but it does not parse (${why})`),
    ]);
  }
  return parseConfig(document, env);
}

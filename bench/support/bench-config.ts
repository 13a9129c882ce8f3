import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ProviderId } from '../../src/domain/provider-id';
import type { EmulatorAccount } from '../../src/emulator';

/** The provider account every bench emulator knows and the bench tenant uses. */
export const BENCH_ACCOUNT: EmulatorAccount = {
  accountId: 'bench-account',
  accessKeyId: 'AKIDBENCHACCOUNT0001',
  secret: 'bench-secret-of-the-account-0001',
  projectId: 'benchproject0',
};

/** The API key of the bench tenant (`bench`). */
export const BENCH_API_KEY = 'bench-api-key-0000000000000000001';

/** The largest `maxRequestsPerSecond` the configuration accepts: the benchmarks are not about quotas. */
export const UNLIMITED_RPS = 10_000;

/**
 * Environment of every benchmarked server process (the hello-world baseline and the service alike):
 * `NODE_ENV=production`, as production deployments run, which among other things switches graphql-js
 * to its plain `instanceof` checks (its development checks cost several percent per operation).
 */
export const SERVER_ENV: NodeJS.ProcessEnv = { NODE_ENV: 'production' };

/** Options of a bench service configuration. */
export interface BenchConfigOptions {
  /** Base URL of each provider's emulator; only these providers are configured. */
  readonly emulators: Partial<Record<ProviderId, string>>;
  /** `cache.freshMs`; default the service's (1000). */
  /** `cache.responses` (default: the service's, on). */
  readonly responses?: boolean;
  readonly freshMs?: number;
  /** `polling.intervalMs`; default the service's (1000). */
  readonly pollingIntervalMs?: number;
  /** More tenants, as config documents (the abuse benchmark's greedy tenant); their limits are the defaults. */
  readonly extraTenants?: readonly Record<string, unknown>[];
}

/** The provider options of `account` against `emulators`, every quota `maxRequestsPerSecond` (default unlimited). */
export function providerOptions(
  emulators: Partial<Record<ProviderId, string>>,
  account: EmulatorAccount = BENCH_ACCOUNT,
  maxRequestsPerSecond = UNLIMITED_RPS,
): Record<string, unknown> {
  const providers: Record<string, unknown> = {};
  for (const [id, url] of Object.entries(emulators) as Array<[ProviderId, string]>) {
    const common = { endpoint: url, timeoutMs: 10_000, maxRequestsPerSecond };
    const a = account;
    switch (id) {
      case 'alibaba-sas':
        providers[id] = { ...common, accessKeyId: a.accessKeyId, accessKeySecret: a.secret };
        break;
      case 'alibaba-siem':
        providers[id] = { ...common, accessKeyId: a.accessKeyId, accessKeySecret: a.secret, regionId: 'cn-hangzhou', lang: 'en' };
        break;
      case 'tencent-tcss':
        providers[id] = { ...common, secretId: a.accessKeyId, secretKey: a.secret, region: 'ap-guangzhou' };
        break;
      case 'huawei-workspace':
        providers[id] = { ...common, ak: a.accessKeyId, sk: a.secret, projectId: a.projectId };
        break;
    }
  }
  return providers;
}

/**
 * A configuration document (what `--config FILE` holds) for the bench tenant against `emulators`:
 * loopback, port 0, the incoming per-tenant rate limits, the per-operation and watched-task bounds and
 * every provider quota set far beyond what a benchmark sends, so that the numbers measure the service
 * and not a limit.
 */
export function benchConfigDocument(options: BenchConfigOptions): Record<string, unknown> {
  return {
    server: { host: '127.0.0.1', port: 0, rateLimit: { requests: 10_000_000, ids: 1_000_000_000, windowSeconds: 1 } },
    limits: { idsPerOperation: 10_000, watchedTasksPerTenant: 1_000_000, subscriptionsPerTenant: 1_000_000 },
    ...(options.pollingIntervalMs !== undefined ? { polling: { intervalMs: options.pollingIntervalMs } } : {}),
    ...(options.freshMs !== undefined || options.responses !== undefined
      ? {
          cache: {
            ...(options.freshMs !== undefined ? { freshMs: options.freshMs } : {}),
            ...(options.responses !== undefined ? { responses: options.responses } : {}),
          },
        }
      : {}),
    tenants: [{ id: 'bench', apiKeys: [BENCH_API_KEY], providers: providerOptions(options.emulators) }, ...(options.extraTenants ?? [])],
  };
}

/** Writes `document` as JSON to a fresh temporary file and returns its path (e.g. for `--config`). */
export function writeConfigFile(document: Record<string, unknown>, name = 'config.json'): string {
  const dir = mkdtempSync(join(tmpdir(), 'exports-bench-'));
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(document, null, 2));
  return file;
}

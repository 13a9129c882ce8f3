import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, print } from 'graphql';

import { type Config, DEFAULT_LIMITS, type ProviderConfigs, type TenantConfig } from '../../src/config/config';
import type { ProviderId } from '../../src/domain/provider-id';
import { type EmulatedTaskSpec, type EmulatorAccount, type EmulatorHandle, startEmulator } from '../../src/emulator';
import { type App, createApp } from '../../src/server/app';
import type { Clock } from '../../src/time/clock';
import { memoryLogger } from './silent-logger';

/** Credentials of the test account on every emulator. */
export const ACCOUNT: EmulatorAccount = {
  accountId: 'acct-a',
  accessKeyId: 'AKIDTESTACCOUNTA0001',
  secret: 'test-secret-of-account-a-0001',
  projectId: 'project0a',
};

/** A second tenant's provider account, for the tests of tenant isolation. */
export const ACCOUNT_B: EmulatorAccount = {
  accountId: 'acct-b',
  accessKeyId: 'AKIDTESTACCOUNTB0002',
  secret: 'test-secret-of-account-b-0002',
  projectId: 'project0b',
};

/** A second tenant's API key. */
export const API_KEY_B = 'test-api-key-tenant-b-000000000002';

/** The provider settings of a tenant using `account` against `emulator`. */
export function providerSettings(
  provider: ProviderId,
  url: string,
  account: EmulatorAccount,
  extra: Record<string, unknown> = {},
): ProviderConfigs {
  const common = { endpoint: url, timeoutMs: 2000, maxRequestsPerSecond: 1000 };
  switch (provider) {
    case 'alibaba-sas':
      return { [provider]: { ...common, accessKeyId: account.accessKeyId, accessKeySecret: account.secret, ...extra } };
    case 'alibaba-siem':
      return {
        [provider]: {
          ...common,
          accessKeyId: account.accessKeyId,
          accessKeySecret: account.secret,
          regionId: 'cn-hangzhou',
          lang: 'en',
          ...extra,
        },
      };
    case 'tencent-tcss':
      return { [provider]: { ...common, secretId: account.accessKeyId, secretKey: account.secret, ...extra } };
    case 'huawei-workspace':
      return {
        [provider]: { ...common, ak: account.accessKeyId, sk: account.secret, projectId: account.projectId ?? 'project0a', ...extra },
      };
  }
}

/** A test configuration: given tenants, loopback port 0, small caches. */
export function testConfig(tenants: readonly TenantConfig[], overrides: Partial<Config> = {}): Config {
  return {
    server: { host: '127.0.0.1', port: 0, playground: true, introspection: true, shutdownGraceMs: 2000, shutdownTimeoutMs: 10_000 },
    redis: undefined,
    polling: { intervalMs: 1000, maxIntervalMs: 30_000 },
    cache: { freshMs: 0, terminalMs: 3_600_000, maxEntries: 10_000 },
    limits: DEFAULT_LIMITS,
    tenants,
    auth: true,
    demo: false,
    ...overrides,
  };
}

/** The API key of the default test tenant. */
export const API_KEY = 'test-api-key-tenant-a-000000000001';

/** A GraphQL response as the tests read it. */
export interface GqlResponse<T> {
  readonly status: number;
  readonly data?: T | null;
  readonly errors?: ReadonlyArray<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }>;
}

/** Posts an operation to the app over real HTTP. */
export async function gql<T, V>(
  app: App,
  document: TypedDocumentNode<T, V> | DocumentNode | string,
  variables?: V,
  apiKey: string | null = API_KEY,
): Promise<GqlResponse<T>> {
  const query = typeof document === 'string' ? document : print(document);
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GqlResponse<T>, 'status'>;
  return { status: res.status, ...body };
}

/** Options of `startStack`. */
export interface StackOptions {
  readonly providers: readonly ProviderId[];
  readonly tasks?: Partial<Record<ProviderId, readonly EmulatedTaskSpec[]>>;
  /** Simulated time of the emulators' tasks. */
  readonly clock?: Clock;
  /** The emulators' clock for signature timestamps. */
  readonly wallClock?: Clock;
  readonly config?: Partial<Config>;
  /** Extra provider settings (e.g. a wrong secret) merged into the tenant's. */
  readonly settings?: Record<string, unknown>;
  /** The emulators' per-second quota where a provider has one (default: the documented one). */
  readonly quotaPerSecond?: number;
}

/** Emulators and a running service wired to them, with one tenant ("team-a", key `API_KEY`). */
export interface Stack {
  readonly app: App;
  readonly emulators: Readonly<Partial<Record<ProviderId, EmulatorHandle>>>;
  readonly logs: string[];
  emulator(provider: ProviderId): EmulatorHandle;
  dispose(): Promise<void>;
}

/** Starts the emulators of `providers` and the service in front of them, all on 127.0.0.1 port 0. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const emulators: Partial<Record<ProviderId, EmulatorHandle>> = {};
  let providers: ProviderConfigs = {};
  for (const p of options.providers) {
    const e = await startEmulator(p, {
      accounts: [ACCOUNT],
      tasks: options.tasks?.[p] ?? [],
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.wallClock ? { wallClock: options.wallClock } : {}),
      ...(options.quotaPerSecond ? { quotaPerSecond: options.quotaPerSecond } : {}),
    });
    emulators[p] = e;
    providers = { ...providers, ...providerSettings(p, e.url, ACCOUNT, options.settings) };
  }
  const { logger, lines } = memoryLogger();
  const app = await createApp(testConfig([{ id: 'team-a', apiKeys: [API_KEY], providers }], options.config), { logger });
  return {
    app,
    emulators,
    logs: lines,
    emulator(p) {
      const e = emulators[p];
      if (!e) throw new Error(`no ${p} emulator in this stack`);
      return e;
    },
    async dispose() {
      await app.stop();
      await Promise.all(Object.values(emulators).map((e) => e.dispose()));
    },
  };
}

import type { TenantConfig } from '../../../src/config/config';
import type { ProviderId } from '../../../src/domain/provider-id';
import { type EmulatorAccount, type EmulatorHandle, startEmulator } from '../../../src/emulator';
import { type App, createApp } from '../../../src/server/app';
import type { Clock } from '../../../src/time/clock';
import { memoryLogger } from '../../support/silent-logger';
import { ACCOUNT, providerSettings, testConfig } from '../../support/stack';

/** An account whose credentials are valid but lack permission for the export API. */
export const FORBIDDEN_ACCOUNT: EmulatorAccount = {
  accountId: 'acct-forbidden',
  accessKeyId: 'AKIDFORBIDDENACCT001',
  secret: 'secret-of-the-forbidden-account-01',
  projectId: 'project0f',
  forbidden: true,
};

/** A secret that does not belong to `ACCOUNT`'s key: the provider must reject the signature. */
export const WRONG_SECRET = 'wrong-secret-not-account-a-0001';

/** A key id no emulator account has. */
export const UNKNOWN_KEY_ID = 'AKIDNOSUCHKEY0000001';

/** Per-request timeout of the `timeout` tenant, ms: small, so a hung provider fails fast. */
export const SHORT_TIMEOUT_MS = 300;

/**
 * The tenants of the conformance stack. Each failure scenario gets a tenant of its own, so its gateway
 * (budget, health, and the retries and circuit breaker that may attach there) and its cache entries
 * start fresh whatever ran before.
 */
export const TENANT_IDS = [
  'good',
  'not-found',
  'bad-secret',
  'unknown-key',
  'forbidden',
  'throttled',
  'server-error',
  'malformed',
  'missing-fields',
  'timeout',
  'reset',
  'misconfigured',
] as const;
export type ConformanceTenant = (typeof TENANT_IDS)[number];

/** The API key of a conformance tenant. */
export const apiKeyOf = (tenant: ConformanceTenant): string => `conformance-key-${tenant}-0001`;

/** One provider's emulator (accounts `ACCOUNT` and `FORBIDDEN_ACCOUNT`) and the service in front of it. */
export interface ConformanceStack {
  readonly app: App;
  readonly emulator: EmulatorHandle;
  dispose(): Promise<void>;
}

/** Starts `provider`'s emulator on `clock` and a service with one tenant per `TENANT_IDS` entry. */
export async function startConformanceStack(provider: ProviderId, clock: Clock): Promise<ConformanceStack> {
  const emulator = await startEmulator(provider, { accounts: [ACCOUNT, FORBIDDEN_ACCOUNT], clock, quotaPerSecond: 1000 });
  const settingsOf = (tenant: ConformanceTenant) => {
    switch (tenant) {
      case 'bad-secret':
        return providerSettings(provider, emulator.url, { ...ACCOUNT, secret: WRONG_SECRET });
      case 'unknown-key':
        return providerSettings(provider, emulator.url, { ...ACCOUNT, accessKeyId: UNKNOWN_KEY_ID });
      case 'forbidden':
        return providerSettings(provider, emulator.url, FORBIDDEN_ACCOUNT);
      case 'timeout':
        return providerSettings(provider, emulator.url, ACCOUNT, { timeoutMs: SHORT_TIMEOUT_MS });
      default:
        return providerSettings(provider, emulator.url, ACCOUNT);
    }
  };
  const tenants: TenantConfig[] = TENANT_IDS.map((id) => ({ id, apiKeys: [apiKeyOf(id)], providers: settingsOf(id) }));
  const { logger } = memoryLogger();
  let app: App;
  try {
    app = await createApp(testConfig(tenants), { logger });
  } catch (e) {
    await emulator.dispose();
    throw e;
  }
  return {
    app,
    emulator,
    async dispose() {
      await app.stop();
      await emulator.dispose();
    },
  };
}

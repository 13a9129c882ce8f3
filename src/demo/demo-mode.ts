import { randomBytes } from 'node:crypto';
import type { Config } from '../config/config';
import type { ProviderConfigs } from '../config/provider-config';
import { startEmulator, type EmulatorHandle } from '../emulator';
import { PROVIDER_IDS, type ProviderId } from '../providers/provider-id';
import { taskGlobalId } from '../providers/export-task';
import { systemClock } from '../time/clock';
import { DEMO_ACCOUNT, demoTasks } from './demo-tasks';

/** Demo mode: the four emulators running in-process, and a config whose single tenant uses them. */
export interface DemoEnvironment {
  readonly config: Config;
  readonly emulators: Readonly<Record<ProviderId, EmulatorHandle>>;
  /** Global ids of the demo tasks, the suggested one of each provider first. */
  readonly taskIds: Readonly<Record<ProviderId, readonly string[]>>;
  dispose(): Promise<void>;
}

/**
 * Starts the emulators on loopback with freshly generated credentials (they never leave the
 * process) and builds the demo configuration: tenant `demo`, auth off.
 */
export async function startDemo(server: { host: string; port: number }): Promise<DemoEnvironment> {
  const now = systemClock.now();
  const tasks = demoTasks(now);
  const secret = () => randomBytes(18).toString('base64url');
  const keyId = randomBytes(10).toString('hex').toUpperCase();
  const sk = secret();
  const account = { accountId: DEMO_ACCOUNT, accessKeyId: keyId, secret: sk, projectId: 'demo0project0id' };
  const started: Partial<Record<ProviderId, EmulatorHandle>> = {};
  try {
    for (const id of PROVIDER_IDS) started[id] = await startEmulator(id, { accounts: [account], tasks: tasks[id] });
  } catch (e) {
    await Promise.all(Object.values(started).map((h) => h.dispose()));
    throw e;
  }
  const emulators = started as Record<ProviderId, EmulatorHandle>;
  const common = (id: ProviderId) => ({
    endpoint: emulators[id].url,
    timeoutMs: 5000,
    maxRequestsPerSecond: id === 'tencent-tcss' ? 20 : 10,
  });
  const providers: ProviderConfigs = {
    'alibaba-sas': { ...common('alibaba-sas'), accessKeyId: keyId, accessKeySecret: sk },
    'alibaba-siem': { ...common('alibaba-siem'), accessKeyId: keyId, accessKeySecret: sk, regionId: 'cn-hangzhou', lang: 'en' },
    'tencent-tcss': { ...common('tencent-tcss'), secretId: keyId, secretKey: sk },
    'huawei-workspace': { ...common('huawei-workspace'), ak: keyId, sk, projectId: account.projectId },
  };
  const config: Config = {
    server: { host: server.host, port: server.port, playground: true, introspection: true, shutdownGraceMs: 5000 },
    redis: undefined,
    polling: { intervalMs: 1000, maxIntervalMs: 30_000 },
    cache: { freshMs: 1000, terminalMs: 3_600_000, maxEntries: 100_000 },
    tenants: [{ id: 'demo', apiKeys: [], providers }],
    auth: false,
    demo: true,
  };
  const taskIds = Object.fromEntries(PROVIDER_IDS.map((p) => [p, tasks[p].map((t) => taskGlobalId(p, t.id))])) as Record<
    ProviderId,
    string[]
  >;
  return {
    config,
    emulators,
    taskIds,
    dispose: async () => {
      await Promise.all(Object.values(emulators).map((h) => h.dispose()));
    },
  };
}

import { randomBytes } from 'node:crypto';

import type { Config } from '../config/config';
import { parseConfig } from '../config/load-config';
import { taskGlobalId } from '../domain/export-task';
import { PROVIDER_IDS, type ProviderId } from '../domain/provider-id';
import { type EmulatorHandle, startEmulator } from '../emulator';
import { type Clock, systemClock } from '../time/clock';
import { scaledClock } from '../time/scaled-clock';
import { demoSpeed } from './demo-speed';
import { DEMO_ACCOUNT, demoTasks } from './demo-tasks';

/** Demo mode: the four emulators running in-process, and a config whose single tenant uses them. */
export interface DemoEnvironment {
  readonly config: Config;
  readonly emulators: Readonly<Record<ProviderId, EmulatorHandle>>;
  /** Global ids of the demo tasks, the suggested one of each provider first. */
  readonly taskIds: Readonly<Record<ProviderId, readonly string[]>>;
  /** How many times faster than real time the demo tasks run (`EXPORTS_DEMO_SPEED`, default 1). */
  readonly speed: number;
  dispose(): Promise<void>;
}

/** Options of `startDemo`. */
export interface DemoOptions {
  /** How many times faster than real time the demo tasks run. Default: `EXPORTS_DEMO_SPEED`, read by `demoSpeed`. */
  readonly speed?: number;
  /** Real time, from which the tasks' clock is scaled (and the emulators' quotas and signatures run). Default `systemClock`. */
  readonly clock?: Clock;
}

/**
 * A terminal state is served from the cache this long in demo mode (CONTRACT.md section 3; default an
 * hour): the demo's tasks start again once finished, which a task that is really final never does.
 */
export const DEMO_TERMINAL_CACHE_MS = 1000;

/**
 * Starts the emulators on loopback with freshly generated credentials (they never leave the
 * process) and builds the demo configuration: tenant `demo`, auth off. The emulators' tasks run on the
 * real clock sped up `speed` times from now; throws `ConfigError` for an invalid `EXPORTS_DEMO_SPEED`.
 */
export async function startDemo(server: { host: string; port: number }, options: DemoOptions = {}): Promise<DemoEnvironment> {
  const speed = options.speed ?? demoSpeed();
  const wallClock = options.clock ?? systemClock;
  const now = wallClock.now();
  const clock = scaledClock(wallClock, speed, now);
  const tasks = demoTasks(now);
  const secret = () => randomBytes(18).toString('base64url');
  const keyId = randomBytes(10).toString('hex').toUpperCase();
  const sk = secret();
  const account = { accountId: DEMO_ACCOUNT, accessKeyId: keyId, secret: sk, projectId: 'demo0project0id' };
  const started: Partial<Record<ProviderId, EmulatorHandle>> = {};
  try {
    for (const id of PROVIDER_IDS) started[id] = await startEmulator(id, { accounts: [account], tasks: tasks[id], clock, wallClock });
  } catch (e) {
    await Promise.all(Object.values(started).map((h) => h.dispose()));
    throw e;
  }
  const emulators = started as Record<ProviderId, EmulatorHandle>;
  // The demo's own configuration document, read by the same rules (and defaults) as a config file.
  const providers = {
    'alibaba-sas': { endpoint: emulators['alibaba-sas'].url, accessKeyId: keyId, accessKeySecret: sk },
    'alibaba-siem': { endpoint: emulators['alibaba-siem'].url, accessKeyId: keyId, accessKeySecret: sk },
    'tencent-tcss': { endpoint: emulators['tencent-tcss'].url, secretId: keyId, secretKey: sk },
    'huawei-workspace': { endpoint: emulators['huawei-workspace'].url, ak: keyId, sk, projectId: account.projectId },
  };
  const config = parseConfig(
    {
      server: { host: server.host, port: server.port, shutdownGraceMs: 5000 },
      cache: { terminalMs: DEMO_TERMINAL_CACHE_MS },
      tenants: [{ id: 'demo', providers }],
    },
    {},
    { demo: true },
  );
  const taskIds = Object.fromEntries(PROVIDER_IDS.map((p) => [p, tasks[p].map((t) => taskGlobalId(p, t.id))])) as Record<
    ProviderId,
    string[]
  >;
  return {
    config,
    emulators,
    taskIds,
    speed,
    dispose: async () => {
      await Promise.all(Object.values(emulators).map((h) => h.dispose()));
    },
  };
}

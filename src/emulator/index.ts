import { isProviderId, type ProviderId } from '../domain/provider-id';
import { systemClock } from '../time/clock';
import { AccountDirectory } from './accounts';
import { alibabaSasEmulator } from './alibaba-sas/sas-emulator';
import { alibabaSiemEmulator } from './alibaba-siem/siem-emulator';
import { FaultSchedule } from './faults';
import { startHttpEmulator } from './http-emulator';
import { huaweiWorkspaceEmulator } from './huawei-workspace/workspace-emulator';
import type { ProviderEmulator } from './provider-emulator';
import { RequestRecorder } from './request-stats';
import { InMemoryTaskStore } from './task-store';
import { tencentTcssEmulator } from './tencent-tcss/tcss-emulator';
import type { EmulatorHandle, EmulatorOptions } from './types';
export { UNKNOWN_TASK_ANSWERS, type UnknownTaskAnswer } from './unknown-task';
import { checkUnknownTaskAnswer, type EmulatorAnswers } from './unknown-task';

export type {
  EmulatedTaskSpec,
  EmulatorAccount,
  EmulatorHandle,
  EmulatorOptions,
  Fault,
  FaultController,
  RecordedRequest,
  RequestStats,
  TaskStore,
} from './types';

const EMULATORS: Readonly<Record<ProviderId, ProviderEmulator>> = {
  'alibaba-sas': alibabaSasEmulator,
  'alibaba-siem': alibabaSiemEmulator,
  'tencent-tcss': tencentTcssEmulator,
  'huawei-workspace': huaweiWorkspaceEmulator,
};

// What `EmulatorOptions.pathPrefix` may be: the path prefixes the service's `endpoint` option accepts.
const PATH_PREFIX = /^(?:\/[A-Za-z0-9._~-]+)+$/;

/**
 * Starts an emulator of `provider`'s export-task API over real HTTP (default `127.0.0.1`, any free port),
 * under `options.pathPrefix` if given. It speaks the provider's wire format (its documented API, as the official SDKs send it), verifies signatures
 * against `wallClock`, and progresses tasks on `clock`. Throws on invalid options (duplicate key ids,
 * invalid task specs, a malformed path prefix).
 */
export async function startEmulator(provider: ProviderId, options: EmulatorOptions): Promise<EmulatorHandle> {
  if (!isProviderId(provider)) throw new Error(`provider must be a provider id but got: ${JSON.stringify(provider)}`);
  const pathPrefix = options.pathPrefix ?? '';
  if (pathPrefix !== '' && !PATH_PREFIX.test(pathPrefix)) {
    throw new Error(
      `pathPrefix must be "/"-separated segments of letters, digits, "-", ".", "_" or "~", without a trailing slash, such as "/cloud-proxy/v1", but got: ${JSON.stringify(pathPrefix)}`,
    );
  }
  const emulator = EMULATORS[provider];
  const clock = options.clock ?? systemClock;
  const wallClock = options.wallClock ?? systemClock;
  const accounts = new AccountDirectory(options.accounts);
  const tasks = new InMemoryTaskStore(clock, emulator.taskIdRule);
  for (const spec of options.tasks ?? []) tasks.add(spec);
  const answers: EmulatorAnswers = { unknownTask: checkUnknownTaskAnswer(provider, options.unknownTask) };
  const faults = new FaultSchedule();
  const stats = new RequestRecorder();
  const server = await startHttpEmulator({
    handler: emulator.createHandler({ accounts, tasks, clock, wallClock, quotaPerSecond: options.quotaPerSecond, answers }),
    faults,
    stats,
    wallClock,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    pathPrefix,
  });
  const setUnknownTask = (answer: unknown): void => {
    answers.unknownTask = checkUnknownTaskAnswer(provider, answer);
  };

  return { provider, url: server.url, tasks, faults, stats, setUnknownTask, dispose: () => server.dispose() };
}

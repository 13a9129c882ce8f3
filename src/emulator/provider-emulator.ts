import type { Clock } from '../time/clock';
import type { AccountDirectory } from './accounts';
import type { InMemoryTaskStore, TaskIdRule } from './task-store';
import type { EmulatorAnswers } from './unknown-task';
import type { WireHandler } from './wire';

/** What a provider's wire handler is built from. */
export interface EmulatorContext {
  readonly accounts: AccountDirectory;
  readonly tasks: InMemoryTaskStore;
  /** Simulated time: task progress. */
  readonly clock: Clock;
  /** Real time: signature timestamps, nonces, quotas. */
  readonly wallClock: Clock;
  /** Overrides the documented per-second quota, where the provider has one. */
  readonly quotaPerSecond?: number | undefined;
  /** How the emulator answers what the providers leave undocumented; read at each request, switchable while it runs. */
  readonly answers: Readonly<EmulatorAnswers>;
}

/** One provider's emulator: how its task ids look, and its wire handler. */
export interface ProviderEmulator {
  /** Checks task ids at `TaskStore.add`; default: any non-empty string. */
  readonly taskIdRule?: TaskIdRule;
  createHandler(context: EmulatorContext): WireHandler;
}

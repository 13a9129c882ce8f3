import type { EmulatedTaskSpec } from './types';

/** A task spec with its defaults resolved, as the task store keeps it. */
export interface SimulatedTask extends EmulatedTaskSpec {
  readonly createdAt: number;
}

/** Provider-neutral phase of a simulated task. */
export type TaskPhase = 'pending' | 'running' | 'succeeded' | 'failed' | 'expired';

/** Where a task is at one instant; the providers' wire handlers render this in their own vocabulary. */
export interface TaskState {
  readonly phase: TaskPhase;
  /** 0..100, linear in simulated time while running; 100 once the duration has elapsed (a failed task: the progress it reached). */
  readonly progress: number;
  /**
   * Which run this is: 0, or for a task with `repeatEveryMs` the number of times it has started again.
   */
  readonly run: number;
  /** When this run was created, epoch ms: `createdAt`, plus `run × repeatEveryMs` for a repeating task. */
  readonly createdAt: number;
  /** When running starts (this run's `createdAt + startDelayMs`), epoch ms. */
  readonly startedAt: number;
  /** When the task succeeded or failed (`startedAt + durationMs`); undefined before that. */
  readonly finishedAt: number | undefined;
  /**
   * Huawei `is_download`: the spec's `downloaded`; for a repeating task only once the run succeeded (each
   * run is a new export, whose file nobody can have downloaded before it exists).
   */
  readonly downloaded: boolean;
}

/** Default `durationMs`: one minute from 0% to 100%. */
export const DEFAULT_DURATION_MS = 60_000;

/** Default `failedAtProgress`: a failing task fails short of finishing. */
export const DEFAULT_FAILED_AT_PROGRESS = 99;

/**
 * The state of `task` at `now` (epoch ms on the simulated clock). The timeline is
 * `createdAt` → pending for `startDelayMs` → running for `durationMs` → succeeded or failed → (successful
 * tasks with `expireAfterMs` only) expired `expireAfterMs` later. A clock earlier than `createdAt` reads pending.
 * Running, progress grows linearly to 100, or to `failedAtProgress` for a task that fails, where it stays.
 * A task with `repeatEveryMs` runs that timeline again every `repeatEveryMs` from `createdAt`, as a new
 * task under the same id: run `k` is created at `createdAt + k × repeatEveryMs` and starts from 0%.
 */
export function taskStateAt(task: SimulatedTask, now: number): TaskState {
  const period = task.repeatEveryMs;
  const run = period !== undefined && now >= task.createdAt ? Math.floor((now - task.createdAt) / period) : 0;
  const createdAt = task.createdAt + run * (period ?? 0);
  const startedAt = createdAt + (task.startDelayMs ?? 0);
  const duration = task.durationMs ?? DEFAULT_DURATION_MS;
  const endsAt = startedAt + duration;
  const at = { run, createdAt, startedAt };
  const downloaded = (task.downloaded ?? false) && period === undefined;
  if (now < startedAt) return { phase: 'pending', progress: 0, ...at, finishedAt: undefined, downloaded };
  const failing = task.outcome === 'failure';
  const reaches = failing ? (task.failedAtProgress ?? DEFAULT_FAILED_AT_PROGRESS) : 100;
  if (now < endsAt) {
    return { phase: 'running', progress: ((now - startedAt) / duration) * reaches, ...at, finishedAt: undefined, downloaded };
  }
  if (failing) return { phase: 'failed', progress: reaches, ...at, finishedAt: endsAt, downloaded };
  const expired = task.expireAfterMs !== undefined && now >= endsAt + task.expireAfterMs;
  return {
    phase: expired ? 'expired' : 'succeeded',
    progress: 100,
    ...at,
    finishedAt: endsAt,
    downloaded: task.downloaded ?? false,
  };
}

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
  /** When running starts (`createdAt + startDelayMs`), epoch ms. */
  readonly startedAt: number;
  /** When the task succeeded or failed (`startedAt + durationMs`); undefined before that. */
  readonly finishedAt: number | undefined;
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
 */
export function taskStateAt(task: SimulatedTask, now: number): TaskState {
  const startedAt = task.createdAt + (task.startDelayMs ?? 0);
  const duration = task.durationMs ?? DEFAULT_DURATION_MS;
  const endsAt = startedAt + duration;
  if (now < startedAt) return { phase: 'pending', progress: 0, startedAt, finishedAt: undefined };
  const failing = task.outcome === 'failure';
  const reaches = failing ? (task.failedAtProgress ?? DEFAULT_FAILED_AT_PROGRESS) : 100;
  if (now < endsAt) {
    return { phase: 'running', progress: ((now - startedAt) / duration) * reaches, startedAt, finishedAt: undefined };
  }
  if (failing) return { phase: 'failed', progress: reaches, startedAt, finishedAt: endsAt };
  const expired = task.expireAfterMs !== undefined && now >= endsAt + task.expireAfterMs;
  return { phase: expired ? 'expired' : 'succeeded', progress: 100, startedAt, finishedAt: endsAt };
}

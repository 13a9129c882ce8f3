import type { ExportTaskState } from '../domain/export-task';
import type { TaskRef } from '../domain/task-ref';
import type { ServiceError } from '../errors/service-error';

/**
 * One event of a watched (tenant, task): the state or the error of one read, and whether it is the
 * last (mirrors the GraphQL `ExportTaskUpdate`). Inside a process an event travels as this object,
 * the same one to every subscriber of the task; only the Redis transport serializes it.
 */
export interface TaskEvent {
  readonly task: TaskRef;
  /** Latest known state; null only if it was never read. */
  readonly state: ExportTaskState | null;
  /** Set when the latest read failed. */
  readonly error: ServiceError | null;
  /** The last event for this task. */
  readonly final: boolean;
}

/** The topic of a (tenant, task): the tenant is always part of it. */
export function taskTopic(tenantId: string, task: TaskRef): string {
  return `task:${tenantId}:${task.id}`;
}

/**
 * Whether two observations differ in anything a subscriber cares about: every field but
 * `observedAt` and `requestId` (`ExportTaskUpdate` in schema/schema.graphql).
 */
export function stateChanged(a: ExportTaskState, b: ExportTaskState): boolean {
  for (const key of Object.keys(b) as Array<keyof ExportTaskState>) {
    if (key === 'observedAt' || key === 'requestId') continue;
    if (a[key] !== b[key]) return true;
  }
  return false;
}

/** Whether `next` tells a subscriber nothing `prev` did not (the same state read again, no error). */
export function isRepeat(prev: TaskEvent | undefined, next: TaskEvent): boolean {
  if (!prev || prev.error || next.error || !prev.state || !next.state) return false;
  return prev.final === next.final && !stateChanged(prev.state, next.state);
}

import type { ExportTaskFieldsFragment, ExportTaskUpdatesSubscription } from '../../../src/generated/graphql';

/** One event of `ExportTaskUpdates`, as generated from schema/operations. */
export type TaskUpdate = ExportTaskUpdatesSubscription['exportTaskUpdates'];

/** A failed read of a task (the provider or the service refused or failed). */
export type TaskError = NonNullable<TaskUpdate['error']>;

/** What the board knows of one task: its last state, the last failed read, whether it is final. */
export interface TaskRow {
  readonly id: string;
  /** The last state read; kept when a later read fails. */
  readonly task?: ExportTaskFieldsFragment;
  /** The error of the last read, cleared by the next successful one. */
  readonly error?: TaskError;
  /** No more events will come for this task. */
  readonly final: boolean;
  /** Events seen for this task. */
  readonly updates: number;
}

/** Rows in the order of `ids`, each waiting for its first event. */
export function initialRows(ids: readonly string[]): ReadonlyMap<string, TaskRow> {
  return new Map(ids.map((id) => [id, { id, final: false, updates: 0 }]));
}

/** The rows after `update`; an event for an id the board does not show is ignored. */
export function applyUpdate(rows: ReadonlyMap<string, TaskRow>, update: TaskUpdate): ReadonlyMap<string, TaskRow> {
  const row = rows.get(update.id);
  if (!row) return rows;
  const next = new Map(rows);
  next.set(update.id, {
    id: update.id,
    task: update.task ?? row.task,
    error: update.error ?? undefined,
    final: update.final,
    updates: row.updates + 1,
  });
  return next;
}

/** Every field of `ExportTask` the conformance checks select, as one fragment. */
export const TASK_FIELDS = `
  id providerTaskId provider { id }
  status providerStatus terminal progress
  fileName downloadUrl exportType exportedCount totalCount message
  failureReason errorCode downloaded createdAt finishedAt observedAt requestId
`;

/** One task with every field. */
export const TASK_QUERY = `query Task($id: ID!) { exportTask(id: $id) { ${TASK_FIELDS} } }`;

/** Several tasks with every field. */
export const TASKS_QUERY = `query Tasks($ids: [ID!]!) { exportTasks(ids: $ids) { ${TASK_FIELDS} } }`;

/** A selected `ExportTask`. */
export interface TaskResult {
  readonly id: string;
  readonly providerTaskId: string;
  readonly provider: { readonly id: string };
  readonly status: string;
  readonly providerStatus: string;
  readonly terminal: boolean;
  readonly progress: number | null;
  readonly fileName: string | null;
  readonly downloadUrl: string | null;
  readonly exportType: string | null;
  readonly exportedCount: number | null;
  readonly totalCount: number | null;
  readonly message: string | null;
  readonly failureReason: string | null;
  readonly errorCode: string | null;
  readonly downloaded: boolean | null;
  readonly createdAt: string | null;
  readonly finishedAt: string | null;
  readonly observedAt: string;
  readonly requestId: string | null;
}

import { parseSdkHmacAuthorization } from '../../signing/sdk-hmac';
import type { EmulatorContext, ProviderEmulator } from '../provider-emulator';
import { type SimulatedTask, type TaskPhase, type TaskState, taskStateAt } from '../task-simulation';
import { newRequestId, queryParam, type ReceivedRequest, type WireHandler, type WireResponse } from '../wire';
import { type ListQuery, readListQuery } from './list-query';
import { verifySdkHmac } from './sdk-hmac-verification';
import { workspaceError, WorkspaceErrors, workspaceMalformed, workspaceMissingFields, workspaceSuccess } from './workspace-envelope';

const LIST_PATH = /^\/v2\/([^/]+)\/export-tasks$/;

/** One element of `export_tasks`. Absent fields are omitted, not null. */
export interface WorkspaceExportTask {
  readonly task_id: string;
  readonly file_name: string;
  readonly status: string;
  /** Only on FAIL. */
  readonly fail_reason?: string;
  /** Only on FAIL. */
  readonly error_code?: string;
  readonly create_time: string;
  /** Once finished (SUCCESS, FAIL, EXPIRED). */
  readonly end_time?: string;
  readonly is_download: boolean;
}

/**
 * Huawei Cloud Workspace, ListExportTasks: `GET /v2/{project_id}/export-tasks`, SDK-HMAC-SHA256 through the
 * API gateway (`APIGW.*` errors), `X-Request-Id` on every answer. Lists only the caller's account's tasks;
 * an unknown `task_id` lists nothing (count 0). A `{project_id}` (or `X-Project-Id`) other than the
 * account's `projectId` answers 403 `APIGW.0302`. Throttling: 429 `APIGW.0308`.
 */
export const huaweiWorkspaceEmulator: ProviderEmulator = {
  createHandler(context: EmulatorContext): WireHandler {
    return {
      identify(request) {
        const header = request.headers['authorization'];
        const taskId = queryParam(request, 'task_id');
        return {
          accessKeyId: header === undefined ? undefined : parseSdkHmacAuthorization(header)?.accessKey,
          taskIds: taskId === undefined ? [] : [taskId],
        };
      },
      handle: (request) => handle(request, context),
      renderFault(kind): WireResponse {
        const requestId = newRequestId('hex32');
        switch (kind) {
          case 'server-error':
            return workspaceError(WorkspaceErrors.internal(), requestId);
          case 'throttle':
            return workspaceError(WorkspaceErrors.throttled(), requestId);
          case 'malformed':
            return workspaceMalformed(requestId);
          case 'missing-fields':
            return workspaceMissingFields(requestId);
          case 'no-such-action':
            return workspaceError(WorkspaceErrors.noSuchApi(), requestId);
        }
      },
    };
  },
};

function handle(request: ReceivedRequest, context: EmulatorContext): WireResponse {
  const requestId = newRequestId('hex32');
  const route = LIST_PATH.exec(request.path);
  if (request.method !== 'GET' || route === null) return workspaceError(WorkspaceErrors.noSuchApi(), requestId);
  const projectId = route[1] as string;
  const verdict = verifySdkHmac(request, context.accounts, context.wallClock.now());
  if (!verdict.ok) return workspaceError(verdict.error, requestId);
  const { account } = verdict;
  if (account.forbidden) return workspaceError(WorkspaceErrors.forbidden('workspace:tenants:listExportTasks is not granted'), requestId);
  const headerProject = request.headers['x-project-id'];
  if (
    (account.projectId !== undefined && projectId !== account.projectId) ||
    (headerProject !== undefined && headerProject !== projectId)
  ) {
    return workspaceError(WorkspaceErrors.forbidden(`no access to project ${projectId}`), requestId);
  }
  const query = readListQuery(request);
  if ('code' in query) return workspaceError(query, requestId);
  const now = context.clock.now();
  const owned = context.tasks.list().filter((t) => t.accountId === account.accountId);
  const matching = owned
    .map((task) => ({ task, state: taskStateAt(task, now) }))
    .map(({ task, state }) => ({ createdAt: state.createdAt, row: render(task, state) }))
    .filter(({ row }) => matches(row, query))
    .sort((a, b) => (query.descending ? b.createdAt - a.createdAt : a.createdAt - b.createdAt));
  const page = matching.slice(query.offset, query.offset + query.limit).map(({ row }) => row);
  return workspaceSuccess({ export_tasks: page, count: matching.length }, requestId);
}

function matches(row: WorkspaceExportTask, query: ListQuery): boolean {
  return (
    (query.taskId === undefined || row.task_id === query.taskId) &&
    (query.fileName === undefined || row.file_name.includes(query.fileName)) &&
    (query.status === undefined || row.status === query.status) &&
    (query.downloaded === undefined || row.is_download === query.downloaded)
  );
}

const WIRE_STATUS: Readonly<Record<TaskPhase, string>> = {
  pending: 'CREATING',
  running: 'CREATING',
  succeeded: 'SUCCESS',
  failed: 'FAIL',
  expired: 'EXPIRED',
};

/** One row; a repeating task shows its current run (its creation, its end, whether its file was downloaded). */
function render(task: SimulatedTask, state: TaskState): WorkspaceExportTask {
  const time = (ms: number) => formatTime(ms, task.quotedTimes === true);
  const failed = state.phase === 'failed';
  return {
    task_id: task.id,
    file_name: task.fileName ?? `export_${task.id}.csv`,
    status: task.rawStatus ?? WIRE_STATUS[state.phase],
    ...(failed ? { fail_reason: task.failureReason ?? 'export failed', error_code: task.errorCode ?? 'WKS.00000003' } : {}),
    create_time: time(state.createdAt),
    ...(state.finishedAt === undefined ? {} : { end_time: time(state.finishedAt) }),
    is_download: state.downloaded,
  };
}

/** UTC `yyyy-MM-ddTHH:mm:ss.SSSZ`, or the documentation sample's `yyyy-MM-dd'T'HH:mm:ss.SSSZ`. */
export function formatTime(epochMs: number, quoted: boolean): string {
  const iso = new Date(epochMs).toISOString();
  return quoted ? iso.replace('T', "'T'") : iso;
}

import { ExportStatus, type ExportTaskState } from '../../domain/export-task';
import { ServiceError } from '../../errors/service-error';
import { pairsOf } from '../common/endpoint';
import { WireObject } from '../common/wire';
import { type ListPage, type ListQuery, MAX_PAGE_SIZE } from '../provider';
import { workspaceDescriptor } from './descriptor';
import {
  WORKSPACE_EXPORT_STATUSES,
  type WorkspaceExportStatus,
  type WorkspaceExportTask,
  type WorkspaceListParams,
  type WorkspaceListResponse,
} from './types';

/** What a mapping needs besides the body. */
export interface WorkspaceMapContext {
  /** Epoch ms when the response arrived. */
  readonly observedAt: number;
  /** The `X-Request-Id` response header. */
  readonly requestId?: string | undefined;
}

/** `CREATING` → RUNNING, `SUCCESS` → SUCCEEDED, `FAIL` → FAILED, `EXPIRED` → EXPIRED; anything else UNKNOWN. */
export function mapWorkspaceStatus(raw: string): ExportStatus {
  if (!isWorkspaceStatus(raw)) return ExportStatus.UNKNOWN;
  switch (raw) {
    case 'CREATING':
      return ExportStatus.RUNNING;
    case 'SUCCESS':
      return ExportStatus.SUCCEEDED;
    case 'FAIL':
      return ExportStatus.FAILED;
    case 'EXPIRED':
      return ExportStatus.EXPIRED;
    default: {
      const unreachable: never = raw;
      return unreachable;
    }
  }
}

/**
 * Workspace reports no percentage. SUCCESS and EXPIRED (the file was produced, then went away) → 100;
 * CREATING, FAIL and anything undocumented → null.
 */
export function workspaceProgress(status: ExportStatus): number | null {
  return status === ExportStatus.SUCCEEDED || status === ExportStatus.EXPIRED ? 100 : null;
}

/** The wire value of each status that has one; PENDING and UNKNOWN have none. */
export function toWorkspaceStatus(status: ExportStatus): WorkspaceExportStatus | undefined {
  switch (status) {
    case ExportStatus.RUNNING:
      return 'CREATING';
    case ExportStatus.SUCCEEDED:
      return 'SUCCESS';
    case ExportStatus.FAILED:
      return 'FAIL';
    case ExportStatus.EXPIRED:
      return 'EXPIRED';
    case ExportStatus.PENDING:
    case ExportStatus.UNKNOWN:
      return undefined;
  }
}

// yyyy-MM-dd, then T, 'T' (the documentation's own samples quote it) or a space, then HH:mm:ss[.fraction][zone].
const TIME = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:'T'|T| )([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?(Z|[+-][0-9]{2}:?[0-9]{2})?$/;

/**
 * Epoch ms of a Workspace time, `2022-03-28T00:00:00.000Z` or `2022-03-28'T'00:00:00.000Z`; fraction
 * optional; a missing zone is UTC (as documented). Undefined when it is not such a time or not a real date.
 */
export function parseWorkspaceTime(value: string): number | undefined {
  const m = TIME.exec(value);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', zone = 'Z'] = m.map((part) => part ?? '');
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(local);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  if (zone === 'Z') return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return local - sign * offsetMinutes * 60_000;
}

/**
 * Maps one listed task. `task_id` and `status` are required; times must parse when present.
 * @throws ServiceError `PROVIDER_BAD_RESPONSE`.
 */
export function mapWorkspaceTask(task: WireObject<WorkspaceExportTask>, ctx: WorkspaceMapContext): ExportTaskState {
  const providerTaskId = task.requiredString('task_id');
  const providerStatus = task.requiredString('status');
  const status = mapWorkspaceStatus(providerStatus);
  return {
    provider: 'huawei-workspace',
    providerTaskId,
    status,
    providerStatus,
    progress: workspaceProgress(status),
    fileName: task.string('file_name'),
    downloadUrl: null,
    exportType: null,
    exportedCount: null,
    totalCount: null,
    message: null,
    failureReason: task.string('fail_reason'),
    errorCode: task.string('error_code'),
    downloaded: task.boolean('is_download'),
    createdAt: time(task, 'create_time'),
    finishedAt: time(task, 'end_time'),
    observedAt: ctx.observedAt,
    requestId: ctx.requestId ?? null,
  };
}

/**
 * Maps a parsed list body `{"export_tasks": [...], "count": n}`. `export_tasks` is required; `count`
 * (the total matching) falls back to `offset` + the tasks on this page when absent.
 * @throws ServiceError `PROVIDER_BAD_RESPONSE`.
 */
export function mapWorkspaceList(body: unknown, ctx: WorkspaceMapContext & { readonly offset: number }): ListPage {
  const root = WireObject.of<WorkspaceListResponse>(workspaceDescriptor, body, '', ctx.requestId);
  const tasks = root.objects('export_tasks').map((task) => mapWorkspaceTask(task, ctx));
  return { tasks, totalCount: root.count('count') ?? ctx.offset + tasks.length };
}

/**
 * The query of a listing. Filters map one to one (`file_name`, `task_id`, `is_download`, `sort_field=create_time`
 * with `sort_type`, `offset`, `limit`). Workspace filters on one `status` value, so the status filter is:
 * - absent, empty, or every status that has a wire value (with or without PENDING/UNKNOWN) → no `status`
 *   (tasks with an undocumented status are then listed too: they cannot be excluded);
 * - exactly one status with a wire value (plus possibly PENDING/UNKNOWN) → that value;
 * - only PENDING and/or UNKNOWN → `undefined`: nothing can match (Workspace never reports a pending task, and a
 *   task with an undocumented status cannot be asked for), so the caller answers an empty page without a call;
 * - two or three statuses with wire values → BAD_USER_INPUT (one call cannot express it, and merging several
 *   calls would break offset paging).
 * The task filter (`query.task`) was validated where it entered (a `TaskRef`).
 * @throws ServiceError `BAD_USER_INPUT` for that last case, a bad offset or limit.
 */
export function workspaceListParams(query: ListQuery): Array<readonly [string, string]> | undefined {
  if (!Number.isSafeInteger(query.offset) || query.offset < 0) {
    throw ServiceError.badInput(`Invalid offset: expected an integer of at least 0, but got ${query.offset}`);
  }
  if (!Number.isSafeInteger(query.limit) || query.limit < 1 || query.limit > MAX_PAGE_SIZE) {
    throw ServiceError.badInput(`Invalid limit: expected an integer from 1 to ${MAX_PAGE_SIZE}, but got ${query.limit}`);
  }
  let status: WorkspaceExportStatus | undefined;
  if (query.status !== undefined && query.status.length > 0) {
    const wire = [...new Set(query.status.map(toWorkspaceStatus).filter((s): s is WorkspaceExportStatus => s !== undefined))];
    if (wire.length === 0) return undefined;
    if (wire.length === 1) status = wire[0];
    else if (wire.length < WORKSPACE_EXPORT_STATUSES.length) {
      throw ServiceError.badInput(
        `Invalid status filter for huawei-workspace: expected one of RUNNING, SUCCEEDED, FAILED, EXPIRED (or all of them), but got ${[...new Set(query.status)].join(', ')}`,
      );
    }
  }
  const params: WorkspaceListParams = {
    status,
    file_name: query.fileName === '' ? undefined : query.fileName,
    task_id: query.task?.providerTaskId,
    is_download: query.downloaded === undefined ? undefined : query.downloaded ? 'true' : 'false',
    sort_field: query.orderBy && 'create_time',
    sort_type: query.orderBy?.direction,
    offset: String(query.offset),
    limit: String(query.limit),
  };
  return pairsOf(params);
}

function time(task: WireObject<WorkspaceExportTask>, key: 'create_time' | 'end_time'): number | null {
  const value = task.string(key);
  if (value === null) return null;
  const parsed = parseWorkspaceTime(value);
  if (parsed === undefined) throw task.wrongContent(key, "a UTC time yyyy-MM-dd'T'HH:mm:ss.SSSZ", value);
  return parsed;
}

function isWorkspaceStatus(value: string): value is WorkspaceExportStatus {
  return (WORKSPACE_EXPORT_STATUSES as readonly string[]).includes(value);
}

import { queryParam, type ReceivedRequest } from '../wire';
import { type WorkspaceError, WorkspaceErrors } from './workspace-envelope';

/** The wire statuses of a Workspace export task. */
export const WORKSPACE_STATUSES = ['CREATING', 'SUCCESS', 'FAIL', 'EXPIRED'] as const;

/** ListExportTasks query parameters, validated. */
export interface ListQuery {
  /** Substring of the file name. */
  readonly fileName: string | undefined;
  /** Exact task id. */
  readonly taskId: string | undefined;
  readonly status: string | undefined;
  readonly downloaded: boolean | undefined;
  /** Always by `create_time`; `ASC` unless `sort_type=DESC`. */
  readonly descending: boolean;
  /** Default 0. */
  readonly offset: number;
  /** 1..100, default 20. */
  readonly limit: number;
}

const MAX_OFFSET = 2 ** 31 - 1;

/**
 * Reads and validates the query (400 on any invalid value). The documentation says `sort_field` and
 * `sort_type` go together; this emulator tolerates either alone: the only field is `create_time` and the
 * documented default direction is `ASC`. Without either, tasks are also listed by `create_time` ascending
 * (ties in insertion order). An absent `is_download` does not filter.
 */
export function readListQuery(request: ReceivedRequest): ListQuery | WorkspaceError {
  const get = (name: string) => queryParam(request, name);
  const status = get('status');
  if (status !== undefined && !(WORKSPACE_STATUSES as readonly string[]).includes(status)) {
    return WorkspaceErrors.invalidParameter('status', `one of ${WORKSPACE_STATUSES.join(', ')}`, status);
  }
  const isDownload = get('is_download');
  if (isDownload !== undefined && isDownload !== 'true' && isDownload !== 'false') {
    return WorkspaceErrors.invalidParameter('is_download', 'true or false', isDownload);
  }
  const sortField = get('sort_field');
  if (sortField !== undefined && sortField !== 'create_time') {
    return WorkspaceErrors.invalidParameter('sort_field', 'create_time', sortField);
  }
  const sortType = get('sort_type');
  if (sortType !== undefined && sortType !== 'ASC' && sortType !== 'DESC') {
    return WorkspaceErrors.invalidParameter('sort_type', 'ASC or DESC', sortType);
  }
  const offset = readInteger(get('offset'), 0, 0, MAX_OFFSET);
  if (typeof offset === 'string') return WorkspaceErrors.invalidParameter('offset', `an integer 0..${MAX_OFFSET}`, offset);
  const limit = readInteger(get('limit'), 20, 1, 100);
  if (typeof limit === 'string') return WorkspaceErrors.invalidParameter('limit', 'an integer 1..100', limit);
  return {
    fileName: get('file_name'),
    taskId: get('task_id'),
    status,
    downloaded: isDownload === undefined ? undefined : isDownload === 'true',
    descending: sortType === 'DESC',
    offset,
    limit,
  };
}

/** The integer, the default when absent, or the offending text when invalid. */
function readInteger(value: string | undefined, fallback: number, min: number, max: number): number | string {
  if (value === undefined) return fallback;
  if (!/^\d{1,10}$/.test(value)) return value;
  const n = Number(value);
  return n >= min && n <= max ? n : value;
}

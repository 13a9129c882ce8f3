/** `status` values documented for Workspace `ListExportTasks`. */
export const WORKSPACE_EXPORT_STATUSES = ['CREATING', 'SUCCESS', 'FAIL', 'EXPIRED'] as const;

/** A documented Workspace export status. */
export type WorkspaceExportStatus = (typeof WORKSPACE_EXPORT_STATUSES)[number];

/** Query parameters of `GET /v2/{project_id}/export-tasks`, in the order they are sent. */
export interface WorkspaceListParams {
  readonly task_id?: string;
  readonly status?: WorkspaceExportStatus;
  readonly file_name?: string;
  readonly is_download?: 'true' | 'false';
  /** Only with `sort_type`. */
  readonly sort_field?: 'create_time';
  /** Default `ASC`. */
  readonly sort_type?: 'ASC' | 'DESC';
  /** Default 0. */
  readonly offset?: string;
  /** 1..100, default 20. */
  readonly limit?: string;
}

/** One task as listed. Times are UTC `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, sometimes with literal quotes around the T. */
export interface WorkspaceExportTask {
  readonly task_id: string;
  readonly file_name?: string;
  readonly status: string;
  readonly fail_reason?: string;
  readonly error_code?: string;
  readonly create_time?: string;
  readonly end_time?: string;
  readonly is_download?: boolean;
}

/** The success body. */
export interface WorkspaceListResponse {
  readonly export_tasks: readonly WorkspaceExportTask[];
  /** Total matching tasks. */
  readonly count?: number;
}

/** The error body (the API gateway adds `request_id`; the `X-Request-Id` header also carries it). */
export interface WorkspaceErrorResponse {
  readonly error_code?: string;
  /** The gateway may echo the canonical request here: never shown. */
  readonly error_msg?: string;
  readonly request_id?: string;
}

import type { WireResponse } from '../wire';

/** A Huawei error answer: HTTP status, `error_code`, `error_msg`. */
export interface WorkspaceError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/**
 * The codes this emulator answers. `APIGW.*` are the API gateway's documented codes. The Workspace
 * service's own codes for a bad query parameter and an internal error are not documented for this API;
 * `WKS.00000002` and `WKS.00000001` are this emulator's choices in the service's `WKS.` format.
 */
export const WorkspaceErrors = {
  authFailed: (detail: string): WorkspaceError => ({
    status: 401,
    code: 'APIGW.0301',
    message: `Incorrect IAM authentication information: ${detail}`,
  }),
  forbidden: (detail: string): WorkspaceError => ({
    status: 403,
    code: 'APIGW.0302',
    message: `The IAM user is not authorized to access the API: ${detail}`,
  }),
  noSuchApi: (): WorkspaceError => ({
    status: 404,
    code: 'APIGW.0101',
    message: 'The API does not exist or has not been published in the environment.',
  }),
  throttled: (): WorkspaceError => ({
    status: 429,
    code: 'APIGW.0308',
    message: 'The throttling threshold has been reached: policy user over ratelimit, limit:10, time:1 second',
  }),
  invalidParameter: (name: string, expected: string, value: string): WorkspaceError => ({
    status: 400,
    code: 'WKS.00000002',
    message: `Invalid parameter: ${name} must be ${expected} but got: ${value}`,
  }),
  internal: (): WorkspaceError => ({ status: 500, code: 'WKS.00000001', message: 'Internal server error.' }),
} as const;

/** Every Huawei answer carries its request id in `X-Request-Id`. */
function headers(requestId: string): Record<string, string> {
  return { 'content-type': 'application/json', 'x-request-id': requestId };
}

/** `{"error_code","error_msg","request_id"}` with the error's status. */
export function workspaceError(error: WorkspaceError, requestId: string): WireResponse {
  const body = { error_code: error.code, error_msg: error.message, request_id: requestId };
  return { status: error.status, headers: headers(requestId), body: JSON.stringify(body), outcome: error.code };
}

export function workspaceSuccess(body: unknown, requestId: string): WireResponse {
  return { status: 200, headers: headers(requestId), body: JSON.stringify(body), outcome: 'ok' };
}

/** HTTP 200 whose body breaks off mid-JSON. */
export function workspaceMalformed(requestId: string): WireResponse {
  return { status: 200, headers: headers(requestId), body: '{"export_tasks":[{"task_id":', outcome: 'malformed' };
}

/** HTTP 200 with `{}`: neither `export_tasks` nor `count`. */
export function workspaceMissingFields(requestId: string): WireResponse {
  return { status: 200, headers: headers(requestId), body: '{}', outcome: 'missing-fields' };
}

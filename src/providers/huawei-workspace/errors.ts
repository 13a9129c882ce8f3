import { ErrorCode } from '../../errors/error-code';
import type { ServiceError } from '../../errors/service-error';
import type { HttpResponse } from '../../http/http-client';
import { errorField, parseErrorBody } from '../common/error-body';
import { type Classification, classifyHttpStatus, parseRetryAfter, upstreamError } from '../common/upstream-error';
import { workspaceDescriptor } from './descriptor';
import type { WorkspaceErrorResponse } from './types';

const rule = (code: ErrorCode, retryable: boolean, keepMessage: boolean): Classification => ({ code, retryable, keepMessage });

/** An API gateway code, spelled `APIGW.xxxx` or `APIG.xxxx`; `number` is e.g. `0301`. */
function isGatewayCode(code: string, number?: string): boolean {
  const m = /^APIGW?\.([0-9]+)$/.exec(code);
  return m !== null && (number === undefined || m[1] === number);
}

/**
 * Classifies a Workspace error by gateway code, then HTTP status:
 * - `APIGW.0308`/`APIG.0308` or HTTP 429 → PROVIDER_RATE_LIMITED, retryable;
 * - `APIGW.0301` or HTTP 401 → PROVIDER_AUTH_FAILED;
 * - `APIGW.0302` or HTTP 403 → PROVIDER_FORBIDDEN;
 * - `APIGW.0101` (no such API: the endpoint is wrong) → PROVIDER_UNAVAILABLE, not retryable;
 * - 5xx → PROVIDER_UNAVAILABLE, retryable; 400 → BAD_USER_INPUT (Workspace rejected a filter value);
 *   anything else → INTERNAL_SERVER_ERROR.
 * A gateway message is never kept: APIGW.0301's `error_msg` echoes the canonical request the gateway
 * computed. The message of the code's fixed text is used instead.
 */
export function classifyWorkspaceError(status: number, code: string | undefined): Classification {
  const c = code ?? '';
  const keep = !isGatewayCode(c) && status !== 401;
  if (isGatewayCode(c, '0308') || status === 429) return rule(ErrorCode.PROVIDER_RATE_LIMITED, true, keep);
  if (isGatewayCode(c, '0301') || status === 401) return rule(ErrorCode.PROVIDER_AUTH_FAILED, false, false);
  if (isGatewayCode(c, '0302') || status === 403) return rule(ErrorCode.PROVIDER_FORBIDDEN, false, keep);
  if (isGatewayCode(c, '0101')) return rule(ErrorCode.PROVIDER_UNAVAILABLE, false, false);
  if (status === 400) return rule(ErrorCode.BAD_USER_INPUT, false, keep);
  return { ...classifyHttpStatus(status), keepMessage: keep };
}

/** What an error needs besides the response. */
export interface WorkspaceFailureContext {
  readonly nowMs: number;
  /** Credentials of the call: a provider message containing one is never shown. */
  readonly secrets: readonly string[];
}

/**
 * The `ServiceError` of a non-2xx response `{"error_code","error_msg","request_id"}` (or any body: then
 * by status only). The request id comes from the body or the `X-Request-Id` header.
 */
export function workspaceFailure(response: HttpResponse, context: WorkspaceFailureContext): ServiceError {
  const body = parseErrorBody<WorkspaceErrorResponse>(response.body);
  const code = errorField(body, 'error_code');
  const requestId = errorField(body, 'request_id') ?? response.headers['x-request-id'];
  const classification = classifyWorkspaceError(response.status, code);
  return upstreamError(
    workspaceDescriptor,
    {
      ...classification,
      providerCode: code,
      providerMessage: body.error_msg,
      requestId,
      httpStatus: response.status,
      retryAfterSeconds: classification.retryable ? parseRetryAfter(response.headers['retry-after'], context.nowMs) : undefined,
    },
    context.secrets,
  );
}

/** NOT_FOUND for a `task_id` query that listed no such task. */
export function workspaceNotFound(taskId: string, requestId: string | undefined): ServiceError {
  return upstreamError(workspaceDescriptor, { code: ErrorCode.NOT_FOUND, retryable: false, keepMessage: false, requestId, taskId });
}

import { ErrorCode } from '../../errors/error-code';
import type { ServiceError } from '../../errors/service-error';
import type { HttpResponse } from '../../http/http-client';
import { errorField, parseErrorBody } from '../common/error-body';
import type { Classification } from '../common/error-table';
import { Classes } from '../common/error-table';
import { classifyHttpStatus, isRedirect, parseRetryAfter, upstreamError } from '../common/upstream-error';
import { workspaceDescriptor } from './descriptor';
import { BY_STATUS, gatewayNumber, WORKSPACE_GATEWAY_TABLE } from './error-codes';
import type { WorkspaceErrorResponse } from './types';

/**
 * Classifies a Workspace error:
 * - a redirect (3xx) → `PROVIDER_MISCONFIGURED`, whatever its body;
 * - an API gateway code (`APIGW.xxxx`/`APIG.xxxx`) by `WORKSPACE_GATEWAY_TABLE`; an overloaded or unknown
 *   one by its HTTP status. Never with the gateway's message: `APIGW.0301`'s echoes the canonical request;
 * - any other code (Workspace documents none for this action) by status: 400 → `BAD_USER_INPUT`
 *   (Workspace refused a filter value the caller gave), else `classifyHttpStatus`.
 */
export function classifyWorkspaceError(status: number, code: string | undefined): Classification {
  if (isRedirect(status)) return classifyHttpStatus(status);
  const gateway = gatewayNumber(code);
  if (gateway !== undefined) {
    const row = WORKSPACE_GATEWAY_TABLE.lookup(gateway);
    return row === undefined || row === BY_STATUS ? { ...classifyHttpStatus(status), keepMessage: false } : row;
  }
  return status === 400 ? Classes.rejectedInput : classifyHttpStatus(status);
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

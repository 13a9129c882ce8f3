import { ErrorCode } from '../../errors/error-code';
import type { ServiceError } from '../../errors/service-error';
import type { HttpResponse } from '../../http/http-client';
import { errorField, parseErrorBody } from '../common/error-body';
import { type Classification, classifyHttpStatus, parseRetryAfter, upstreamError } from '../common/upstream-error';
import type { WireObject } from '../common/wire';
import type { ProviderDescriptor } from '../provider';

const AUTH_CODES = new Set(['SignatureDoesNotMatch', 'IncompleteSignature', 'SignatureNonceUsed', 'MissingSecurityToken']);
const AUTH_PREFIXES = ['InvalidAccessKeyId', 'InvalidSecurityToken', 'InvalidTimeStamp', 'InvalidAccessKeySecret'];
const FORBIDDEN_CODES = new Set(['NoPermission', 'RdCheckNoPermission']);
const UNAVAILABLE_CODES = new Set(['ServerError', 'InternalError', 'RdCheckInnerError', 'ServiceUnavailable']);

const rule = (code: ErrorCode, retryable: boolean, keepMessage = true): Classification => ({ code, retryable, keepMessage });

/**
 * Classifies an Alibaba RPC error (SAS and SIEM share the gateway's vocabulary) by its `Code` first and
 * its HTTP status second, in this order:
 * 1. `Throttling*` (`Throttling`, `Throttling.User`, `Throttling.Api`, SAS `ThrottlingUser`), any status
 *    (400, 403 or 429 by product) → `PROVIDER_RATE_LIMITED`, retryable;
 * 2. signature/key/token/timestamp codes → `PROVIDER_AUTH_FAILED` (their messages echo the server's
 *    string to sign, so the message is never kept) — before rule 5, as `InvalidAccessKeyId.NotFound` is a 404;
 * 3. `NoPermission`, `RdCheckNoPermission`, `Forbidden*` → `PROVIDER_FORBIDDEN`;
 * 4. `ServerError`, `InternalError`, `RdCheckInnerError`, `ServiceUnavailable`, or any 5xx → `PROVIDER_UNAVAILABLE`, retryable;
 * 5. a code containing `NotFound`/`NotExist`, or HTTP 404 with any other code → `NOT_FOUND` (the API does
 *    not document unknown ids, so any such shape is accepted);
 * 6. `InvalidParameter*` → `BAD_USER_INPUT` (the provider rejected a value the caller gave);
 * 7. otherwise by HTTP status (401 auth, 403 forbidden, 429 throttled), else `INTERNAL_SERVER_ERROR`
 *    (e.g. SIEM `IdempotentParameterMismatch`, `MissingParameter`: this service built a bad request).
 */
export function classifyAlibabaError(status: number, code: string | undefined): Classification {
  const c = code ?? '';
  if (c.startsWith('Throttling')) return rule(ErrorCode.PROVIDER_RATE_LIMITED, true);
  if (AUTH_CODES.has(c) || AUTH_PREFIXES.some((p) => c === p || c.startsWith(`${p}.`))) {
    return rule(ErrorCode.PROVIDER_AUTH_FAILED, false, false);
  }
  if (FORBIDDEN_CODES.has(c) || c.startsWith('Forbidden')) return rule(ErrorCode.PROVIDER_FORBIDDEN, false);
  if (UNAVAILABLE_CODES.has(c) || status >= 500) return rule(ErrorCode.PROVIDER_UNAVAILABLE, true);
  if (/NotFound|NotExist/i.test(c) || status === 404) return rule(ErrorCode.NOT_FOUND, false);
  if (c.startsWith('InvalidParameter')) return rule(ErrorCode.BAD_USER_INPUT, false);
  return classifyHttpStatus(status);
}

/** The error body `{"RequestId","HostId","Code","Message","Recommend"}`, as Alibaba's gateway sends it. */
export interface AlibabaErrorEnvelope {
  readonly RequestId?: string;
  readonly HostId?: string;
  readonly Code?: string;
  readonly Message?: string;
  readonly Recommend?: string;
  /** Present only in a success body: an envelope with it is not an error. */
  readonly ExportStatus?: string;
}

/** Whether a (2xx) JSON object is really an error envelope: a `Code` and no `ExportStatus`. */
export function isAlibabaErrorEnvelope(body: WireObject<AlibabaErrorEnvelope>): boolean {
  const code = body.value('Code');
  return typeof code === 'string' && code !== '' && body.value('ExportStatus') === undefined;
}

/** What an error needs besides the response. */
export interface FailureContext {
  /** The task asked for (validated), for `NOT_FOUND` messages. */
  readonly taskId?: string | undefined;
  /** For `Retry-After` dates. */
  readonly nowMs: number;
  /** Credentials of the call: a provider message containing one is never shown. */
  readonly secrets: readonly string[];
}

/**
 * The `ServiceError` of a failed Alibaba call. The body is the documented envelope
 * `{"RequestId","HostId","Code","Message","Recommend"}` when it parses; otherwise only the status is used.
 * The request id comes from the body or the `x-acs-request-id` header.
 */
export function alibabaFailure(descriptor: ProviderDescriptor, response: HttpResponse, context: FailureContext): ServiceError {
  const envelope = parseErrorBody<AlibabaErrorEnvelope>(response.body);
  const code = errorField(envelope, 'Code');
  const requestId = typeof envelope.RequestId === 'string' ? envelope.RequestId : response.headers['x-acs-request-id'];
  const classification = classifyAlibabaError(response.status, code);
  return upstreamError(
    descriptor,
    {
      ...classification,
      providerCode: code,
      providerMessage: envelope.Message,
      requestId,
      httpStatus: response.status,
      retryAfterSeconds: classification.retryable ? parseRetryAfter(response.headers['retry-after'], context.nowMs) : undefined,
      taskId: context.taskId,
    },
    context.secrets,
  );
}

import { ErrorCode } from '../../errors/error-code';
import type { ServiceError } from '../../errors/service-error';
import type { HttpResponse } from '../../http/http-client';
import { type Classification, classifyHttpStatus, parseRetryAfter, upstreamError } from '../common/upstream-error';
import type { WireObject } from '../common/wire';
import { tcssDescriptor } from './descriptor';
import type { TcssResponse } from './types';

const rule = (code: ErrorCode, retryable: boolean, keepMessage = true): Classification => ({ code, retryable, keepMessage });

/**
 * Classifies a tcss error code (errors arrive with HTTP 200 in `Response.Error`):
 * - `RequestLimitExceeded` and its `.UinLimitExceeded`/`.IPLimitExceeded`/`.GlobalRegionUinLimitExceeded`
 *   → PROVIDER_RATE_LIMITED, retryable;
 * - `AuthFailure.UnauthorizedOperation` → PROVIDER_FORBIDDEN: the signature and key were accepted and CAM
 *   then denied the action, so new credentials would not help but a policy grant would; it is final like
 *   any FORBIDDEN. Checked before the other `AuthFailure.*`;
 * - `AuthFailure.*` (SignatureFailure, SignatureExpire, SecretIdNotFound, InvalidSecretId, TokenFailure)
 *   → PROVIDER_AUTH_FAILED, message not kept;
 * - `UnauthorizedOperation*` → PROVIDER_FORBIDDEN;
 * - `ResourceNotFound*` → NOT_FOUND;
 * - `InternalError*` → PROVIDER_UNAVAILABLE, retryable;
 * - `InvalidParameter*`, `InvalidParameterValue*` → BAD_USER_INPUT (tcss rejected the job id given);
 * - anything else, `MissingParameter` included (this service built a bad request) → INTERNAL_SERVER_ERROR.
 */
export function classifyTcssError(code: string): Classification {
  const is = (prefix: string): boolean => code === prefix || code.startsWith(`${prefix}.`);
  if (is('RequestLimitExceeded')) return rule(ErrorCode.PROVIDER_RATE_LIMITED, true);
  if (code === 'AuthFailure.UnauthorizedOperation') return rule(ErrorCode.PROVIDER_FORBIDDEN, false);
  if (is('AuthFailure')) return rule(ErrorCode.PROVIDER_AUTH_FAILED, false, false);
  if (is('UnauthorizedOperation')) return rule(ErrorCode.PROVIDER_FORBIDDEN, false);
  if (is('ResourceNotFound')) return rule(ErrorCode.NOT_FOUND, false);
  if (is('InternalError')) return rule(ErrorCode.PROVIDER_UNAVAILABLE, true);
  if (is('InvalidParameter') || is('InvalidParameterValue')) return rule(ErrorCode.BAD_USER_INPUT, false);
  return rule(ErrorCode.INTERNAL_SERVER_ERROR, false);
}

/** What an error needs besides the response. */
export interface TcssFailureContext {
  readonly taskId?: string | undefined;
  readonly nowMs: number;
  /** Credentials of the call: a provider message containing one is never shown. */
  readonly secrets: readonly string[];
}

/** The `ServiceError` of a `Response.Error` envelope (HTTP 200). */
export function tcssEnvelopeFailure(response: WireObject<TcssResponse>, context: TcssFailureContext): ServiceError {
  const error = response.object('Error');
  const code = error.requiredString('Code');
  return upstreamError(
    tcssDescriptor,
    {
      ...classifyTcssError(code),
      providerCode: code,
      providerMessage: error.value('Message'),
      requestId: response.string('RequestId') ?? undefined,
      taskId: context.taskId,
    },
    context.secrets,
  );
}

/** The `ServiceError` of a non-2xx HTTP status (a gateway or proxy in between: tcss itself answers 200). */
export function tcssHttpFailure(response: HttpResponse, context: TcssFailureContext): ServiceError {
  const classification = classifyHttpStatus(response.status);
  return upstreamError(tcssDescriptor, {
    ...classification,
    keepMessage: false,
    httpStatus: response.status,
    requestId: response.headers['x-tc-requestid'],
    retryAfterSeconds: classification.retryable ? parseRetryAfter(response.headers['retry-after'], context.nowMs) : undefined,
  });
}

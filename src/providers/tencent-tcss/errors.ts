import type { ServiceError } from '../../errors/service-error';
import type { HttpResponse } from '../../http/http-client';
import type { Classification } from '../common/error-table';
import { Classes } from '../common/error-table';
import { classifyHttpStatus, parseRetryAfter, upstreamError } from '../common/upstream-error';
import type { WireObject } from '../common/wire';
import { tcssDescriptor } from './descriptor';
import { TCSS_ERROR_TABLE } from './error-codes';
import type { TcssResponse } from './types';

/**
 * Classifies a tcss error code (errors arrive with HTTP 200 in `Response.Error`) by `TCSS_ERROR_TABLE`:
 * its own row, else its family's (`InvalidParameterValue.X` as `InvalidParameterValue`). A code in neither
 * is `INTERNAL_SERVER_ERROR`, not retryable: an answer nobody documents, kept with its code and request id.
 */
export function classifyTcssError(code: string): Classification {
  return TCSS_ERROR_TABLE.lookup(code) ?? Classes.requestBug;
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

/**
 * The `ServiceError` of a non-2xx HTTP status: something in between (a gateway, a proxy), as tcss itself
 * answers 200. By status (`classifyHttpStatus`): a redirect or a 404 is `PROVIDER_MISCONFIGURED`.
 */
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

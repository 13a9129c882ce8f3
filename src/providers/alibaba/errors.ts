import type { ServiceError } from '../../errors/service-error';
import type { HttpResponse } from '../../http/http-client';
import { errorField, parseErrorBody } from '../common/error-body';
import type { Classification } from '../common/error-table';
import { Classes } from '../common/error-table';
import { classifyHttpStatus, isRedirect, parseRetryAfter, upstreamError } from '../common/upstream-error';
import type { WireObject } from '../common/wire';
import type { ProviderDescriptor } from '../provider';
import { ALIBABA_ERROR_TABLE } from './error-codes';

/**
 * Classifies an Alibaba RPC error (SAS and SIEM share the POP gateway's vocabulary), in this order:
 * 1. a redirect (3xx) → `PROVIDER_MISCONFIGURED`: whatever its body, it is not the API's answer;
 * 2. the `Code` in `ALIBABA_ERROR_TABLE` (documented and gateway codes, whatever the status: throttling
 *    comes as 400, 403 or 429 by product, `InvalidAccessKeyId.NotFound` and `InvalidAction.NotFound` as 404);
 * 3. any other 5xx → `PROVIDER_UNAVAILABLE`, retryable;
 * 4. any other code containing `NotFound`/`NotExist`, or any other code with a 404 → `NOT_FOUND`: the
 *    answer for an unknown export id is undocumented, so every such shape is taken for one;
 * 5. otherwise by HTTP status (`classifyHttpStatus`): a bare 404 without the gateway's envelope (a proxy,
 *    a wrong path) is `PROVIDER_MISCONFIGURED`, never `NOT_FOUND`; an unknown 4xx is
 *    `INTERNAL_SERVER_ERROR` with the provider's code and request id.
 */
export function classifyAlibabaError(status: number, code: string | undefined): Classification {
  if (isRedirect(status)) return classifyHttpStatus(status);
  const known = ALIBABA_ERROR_TABLE.lookup(code);
  if (known) return known;
  if (status >= 500) return Classes.unavailable;
  if (code !== undefined && (/NotFound|NotExist/i.test(code) || status === 404)) return Classes.notFound;
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

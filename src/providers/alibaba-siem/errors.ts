import type { ServiceError } from '../../errors/service-error';
import type { HttpResponse } from '../../http/http-client';
import { alibabaFailure, classifyAlibabaError, type FailureContext } from '../alibaba/errors';
import type { Classification } from '../common/upstream-error';
import { siemDescriptor } from './descriptor';

/**
 * SIEM errors follow the Alibaba gateway rules (`classifyAlibabaError`). Its one documented code,
 * 400 `IdempotentParameterMismatch`, means this service sent a request inconsistent with an earlier one:
 * INTERNAL_SERVER_ERROR, not retryable (no client token is ever sent, so it should not happen).
 */
export function classifySiemError(status: number, code: string | undefined): Classification {
  return classifyAlibabaError(status, code);
}

/** The `ServiceError` of a failed `GetExportTask` call. */
export function siemFailure(response: HttpResponse, context: FailureContext): ServiceError {
  return alibabaFailure(siemDescriptor, response, context);
}

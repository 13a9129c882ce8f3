import type { ServiceError } from '../../errors/service-error';
import type { HttpResponse } from '../../http/http-client';
import { alibabaFailure, classifyAlibabaError, type FailureContext } from '../alibaba/errors';
import type { Classification } from '../common/upstream-error';
import { sasDescriptor } from './descriptor';

/**
 * SAS errors follow the Alibaba gateway rules (`classifyAlibabaError`). Documented for
 * `DescribeExportInfo`: 400 `RdCheckNoPermission` and 403 `NoPermission` → PROVIDER_FORBIDDEN,
 * 500 `ServerError` and `RdCheckInnerError` → PROVIDER_UNAVAILABLE (retryable), throttling
 * `Throttling*` including SAS's own `ThrottlingUser` → PROVIDER_RATE_LIMITED.
 */
export function classifySasError(status: number, code: string | undefined): Classification {
  return classifyAlibabaError(status, code);
}

/** The `ServiceError` of a failed `DescribeExportInfo` call. */
export function sasFailure(response: HttpResponse, context: FailureContext): ServiceError {
  return alibabaFailure(sasDescriptor, response, context);
}

import { ErrorCode } from '../../../../src/errors/error-code';

/** [HTTP status, Code (or undefined), expected code, retryable] for the Alibaba gateway rules both products share. */
export const ALIBABA_ERROR_CASES: ReadonlyArray<readonly [number, string | undefined, ErrorCode, boolean]> = [
  // throttling: recognised by the code, whatever the status
  [400, 'Throttling', ErrorCode.PROVIDER_RATE_LIMITED, true],
  [403, 'Throttling.User', ErrorCode.PROVIDER_RATE_LIMITED, true],
  [429, 'Throttling.Api', ErrorCode.PROVIDER_RATE_LIMITED, true],
  [400, 'ThrottlingUser', ErrorCode.PROVIDER_RATE_LIMITED, true],
  [503, 'Throttling.User', ErrorCode.PROVIDER_RATE_LIMITED, true],
  // auth
  [404, 'InvalidAccessKeyId.NotFound', ErrorCode.PROVIDER_AUTH_FAILED, false],
  [400, 'InvalidAccessKeyId.Inactive', ErrorCode.PROVIDER_AUTH_FAILED, false],
  [400, 'SignatureDoesNotMatch', ErrorCode.PROVIDER_AUTH_FAILED, false],
  [400, 'IncompleteSignature', ErrorCode.PROVIDER_AUTH_FAILED, false],
  [400, 'SignatureNonceUsed', ErrorCode.PROVIDER_AUTH_FAILED, false],
  [403, 'InvalidSecurityToken.Expired', ErrorCode.PROVIDER_AUTH_FAILED, false],
  [400, 'InvalidTimeStamp.Expired', ErrorCode.PROVIDER_AUTH_FAILED, false],
  [403, 'Forbidden.AccessKeyDisabled', ErrorCode.PROVIDER_AUTH_FAILED, false], // a disabled key, not a missing permission
  // permission
  [400, 'RdCheckNoPermission', ErrorCode.PROVIDER_FORBIDDEN, false],
  [403, 'NoPermission', ErrorCode.PROVIDER_FORBIDDEN, false],
  [403, 'Forbidden.RAM', ErrorCode.PROVIDER_FORBIDDEN, false],
  // the endpoint does not serve the action, version, product or protocol: never a missing task
  [404, 'InvalidAction.NotFound', ErrorCode.PROVIDER_MISCONFIGURED, false],
  [404, 'InvalidApi.NotFound', ErrorCode.PROVIDER_MISCONFIGURED, false],
  [404, 'InvalidProduct.NotFound', ErrorCode.PROVIDER_MISCONFIGURED, false],
  [404, 'InvalidRegion.NotFound', ErrorCode.PROVIDER_MISCONFIGURED, false],
  [400, 'InvalidVersion', ErrorCode.PROVIDER_MISCONFIGURED, false],
  [400, 'UnsupportedHTTPMethod', ErrorCode.PROVIDER_MISCONFIGURED, false],
  [400, 'InvalidProtocol.NeedSsl', ErrorCode.PROVIDER_MISCONFIGURED, false],
  // server side
  [500, 'ServerError', ErrorCode.PROVIDER_UNAVAILABLE, true],
  [500, 'RdCheckInnerError', ErrorCode.PROVIDER_UNAVAILABLE, true],
  [500, 'InternalError', ErrorCode.PROVIDER_UNAVAILABLE, true],
  [503, 'ServiceUnavailable', ErrorCode.PROVIDER_UNAVAILABLE, true],
  [400, 'ServerError', ErrorCode.PROVIDER_UNAVAILABLE, true],
  // unknown ids: undocumented, so tolerant
  [404, 'ExportTaskNotFound', ErrorCode.NOT_FOUND, false],
  [404, 'Whatever', ErrorCode.NOT_FOUND, false],
  [400, 'InvalidExportId.NotFound', ErrorCode.NOT_FOUND, false],
  [400, 'ExportNotExist', ErrorCode.NOT_FOUND, false],
  // our input / our bug
  [400, 'InvalidParameter', ErrorCode.BAD_USER_INPUT, false],
  [400, 'InvalidParameter.ExportId', ErrorCode.BAD_USER_INPUT, false],
  [400, 'MissingParameter', ErrorCode.INTERNAL_SERVER_ERROR, false],
  [400, 'IdempotentParameterMismatch', ErrorCode.INTERNAL_SERVER_ERROR, false],
  // HTTP status only: a 404 without the gateway's envelope is a proxy or a wrong path, not a missing task
  [404, undefined, ErrorCode.PROVIDER_MISCONFIGURED, false],
  [405, undefined, ErrorCode.PROVIDER_MISCONFIGURED, false],
  [302, undefined, ErrorCode.PROVIDER_MISCONFIGURED, false], // a redirect, never followed
  [301, 'ExportTaskNotExist', ErrorCode.PROVIDER_MISCONFIGURED, false], // whatever the body of a redirect says
  [401, undefined, ErrorCode.PROVIDER_AUTH_FAILED, false],
  [403, undefined, ErrorCode.PROVIDER_FORBIDDEN, false],
  [429, undefined, ErrorCode.PROVIDER_RATE_LIMITED, true],
  [408, undefined, ErrorCode.PROVIDER_TIMEOUT, true],
  [500, undefined, ErrorCode.PROVIDER_UNAVAILABLE, true],
  [502, undefined, ErrorCode.PROVIDER_UNAVAILABLE, true],
  [503, undefined, ErrorCode.PROVIDER_UNAVAILABLE, true],
  [504, undefined, ErrorCode.PROVIDER_UNAVAILABLE, true],
  [400, undefined, ErrorCode.INTERNAL_SERVER_ERROR, false],
  [418, 'Teapot', ErrorCode.INTERNAL_SERVER_ERROR, false],
];

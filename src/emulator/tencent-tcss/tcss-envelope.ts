import { jsonResponse, type WireResponse } from '../wire';

/** The Tencent Cloud API 3.0 error codes this emulator answers, all with HTTP 200. */
export const TcssErrorCode = {
  InternalError: 'InternalError',
  InvalidParameter: 'InvalidParameter',
  InvalidParameterValue: 'InvalidParameterValue',
  DataNotFound: 'InvalidParameterValue.DataNotFound',
  MissingParameter: 'MissingParameter',
  InvalidAction: 'InvalidAction',
  NoSuchVersion: 'NoSuchVersion',
  ResourceNotFound: 'ResourceNotFound',
  UnauthorizedOperation: 'UnauthorizedOperation',
  RequestLimitExceeded: 'RequestLimitExceeded',
  InvalidAuthorization: 'AuthFailure.InvalidAuthorization',
  SignatureFailure: 'AuthFailure.SignatureFailure',
  SignatureExpire: 'AuthFailure.SignatureExpire',
  SecretIdNotFound: 'AuthFailure.SecretIdNotFound',
} as const;
export type TcssErrorCode = (typeof TcssErrorCode)[keyof typeof TcssErrorCode];

/** `{"Response":{"Error":{"Code","Message"},"RequestId"}}` with HTTP 200, as every Tencent API 3.0 error. */
export function tcssError(code: TcssErrorCode, message: string, requestId: string): WireResponse {
  return jsonResponse(200, { Response: { Error: { Code: code, Message: message }, RequestId: requestId } }, code);
}

/**
 * The success body of DescribeExportJobResult. Every field is a string or a number, as the SDK's model
 * (`services/tcss/v20201101/tcss_models` `DescribeExportJobResultResponse`) declares them: an SDK that
 * types its answers never sees null.
 */
export interface TcssExportResult {
  readonly ExportStatus: string;
  /** Empty until SUCCESS. */
  readonly DownloadURL: string;
  /** 0..100, two decimals: the progress reached (on FAILURE, where the job stopped). */
  readonly ExportProgress: number;
  /** Empty unless FAILURE. */
  readonly FailureMsg: string;
}

export function tcssSuccess(result: TcssExportResult, requestId: string): WireResponse {
  return jsonResponse(200, { Response: { ...result, RequestId: requestId } }, 'ok');
}

/** HTTP 200 whose body breaks off mid-JSON. */
export function tcssMalformed(): WireResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"Response":{"ExportStatus":"RUNN', outcome: 'malformed' };
}

/** HTTP 200, valid JSON, none of the result fields. */
export function tcssMissingFields(requestId: string): WireResponse {
  return jsonResponse(200, { Response: { RequestId: requestId } }, 'missing-fields');
}

import { jsonResponse, type WireResponse } from '../wire';

/** The Tencent Cloud API 3.0 error codes this emulator answers, all with HTTP 200. */
export const TcssErrorCode = {
  InternalError: 'InternalError',
  InvalidParameter: 'InvalidParameter',
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

/** The success body of DescribeExportJobResult. */
export interface TcssExportResult {
  readonly ExportStatus: string;
  /** Null until SUCCESS ("may return null" in Tencent's field notes). */
  readonly DownloadURL: string | null;
  /** 0..100, two decimals. */
  readonly ExportProgress: number;
  /** Null unless FAILURE. */
  readonly FailureMsg: string | null;
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

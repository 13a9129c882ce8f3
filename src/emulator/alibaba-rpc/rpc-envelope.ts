import type { ReceivedRequest, WireResponse } from '../wire';
import { stringifyWithRawNumbers } from './raw-json';

const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';

/** An Alibaba RPC error: the HTTP status and `Code` it is answered with. */
export interface RpcError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** The RPC error codes both Alibaba emulators answer, with their HTTP status. */
export const RpcErrors = {
  incompleteSignature: (message: string): RpcError => ({ status: 400, code: 'IncompleteSignature', message }),
  invalidAction: (action: string): RpcError => ({
    status: 404,
    code: 'InvalidAction.NotFound',
    message: `Specified api is not found, please check your url and method. Action: ${action}`,
  }),
  invalidVersion: (version: string): RpcError => ({
    status: 400,
    code: 'InvalidVersion',
    message: `Specified parameter Version is not valid: ${version}`,
  }),
  timestampFormat: (value: string): RpcError => ({
    status: 400,
    code: 'InvalidTimeStamp.Format',
    message: `x-acs-date must be yyyy-MM-ddTHH:mm:ssZ but got: ${value}`,
  }),
  timestampExpired: (value: string): RpcError => ({
    status: 400,
    code: 'InvalidTimeStamp.Expired',
    message: `Specified time stamp or date value is expired: ${value}`,
  }),
  accessKeyNotFound: (): RpcError => ({ status: 404, code: 'InvalidAccessKeyId.NotFound', message: 'Specified access key is not found.' }),
  signatureMismatch: (detail: string): RpcError => ({
    status: 400,
    code: 'SignatureDoesNotMatch',
    message: `Specified signature does not match our calculation. ${detail}`,
  }),
  nonceUsed: (): RpcError => ({ status: 400, code: 'SignatureNonceUsed', message: 'Specified signature nonce was used already.' }),
  noPermission: (): RpcError => ({ status: 403, code: 'NoPermission', message: 'caller has no permission' }),
  missingParameter: (name: string): RpcError => ({ status: 400, code: `Missing${name}`, message: `${name} is mandatory for this action.` }),
  invalidParameter: (name: string, expected: string, value: string): RpcError => ({
    status: 400,
    code: 'InvalidParameter',
    message: `${name} must be ${expected} but got: ${value}`,
  }),
  /**
   * Unknown or foreign export id: undocumented by Alibaba, so 404 with the `NotFound`/`NotExist` code the
   * emulator was told to use (`UNKNOWN_TASK_ANSWERS`; default `ExportTaskNotExist`).
   */
  exportNotFound: (id: string, code = 'ExportTaskNotExist'): RpcError => ({
    status: 404,
    code,
    message: `The export task ${id} does not exist.`,
  }),
  serverError: (): RpcError => ({
    status: 500,
    code: 'ServerError',
    message: 'The request processing has failed due to some unknown error.',
  }),
} as const;

/** `{"RequestId","HostId","Code","Message","Recommend"}` with the error's status. */
export function rpcError(error: RpcError, request: ReceivedRequest, requestId: string, product: string): WireResponse {
  const body = {
    RequestId: requestId,
    HostId: request.headers['host'] ?? '',
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${product}&requestId=${requestId}`,
  };
  return { status: error.status, headers: { 'content-type': JSON_CONTENT_TYPE }, body: JSON.stringify(body), outcome: error.code };
}

/** HTTP 200 with `fields` (RawJsonNumber values written with every digit). */
export function rpcSuccess(fields: Readonly<Record<string, unknown>>): WireResponse {
  return { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: stringifyWithRawNumbers(fields), outcome: 'ok' };
}

/** HTTP 200 whose body breaks off mid-JSON. */
export function rpcMalformed(requestId: string): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': JSON_CONTENT_TYPE },
    body: `{"RequestId":"${requestId}","Progress":`,
    outcome: 'malformed',
  };
}

/** HTTP 200, valid JSON with a request id and nothing else. */
export function rpcMissingFields(requestId: string): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': JSON_CONTENT_TYPE },
    body: JSON.stringify({ RequestId: requestId }),
    outcome: 'missing-fields',
  };
}

import { parseAuthorizationFields } from './authorization-header';
import { canonicalizeHeaders, lowerCaseHeaders } from './canonical-headers';
import { sortedCanonicalQuery } from './canonical-query';
import { hmacSha256, sha256Hex } from './crypto';
import { encodePath } from './rfc3986';
import type { SignableRequest } from './signable-request';
import { SigningError } from './signing-error';

export { sha256Hex, signaturesEqual } from './crypto';
export { SigningError } from './signing-error';

/** The algorithm name that opens the string to sign and the Authorization header. */
export const SDK_HMAC_ALGORITHM = 'SDK-HMAC-SHA256';

/** A Huawei Cloud AK/SK pair. */
export interface SdkHmacCredentials {
  /** Access key: public; written into the Authorization header. */
  readonly ak: string;
  /** Secret key: only ever used as the HMAC key. */
  readonly sk: string;
}

/** How to sign. */
export interface SdkHmacOptions {
  /** Header names to sign (any case). Default: every header in `request.headers`, as Huawei's signer does. */
  readonly signedHeaders?: readonly string[];
}

/** An SDK-HMAC-SHA256 signature with its intermediate values (for tests and debugging; none is secret). */
export interface SdkHmacSignature {
  /** The `Authorization` header value: `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<list>, Signature=<hex>`. */
  readonly authorization: string;
  /** Lower-case hex, 64 characters. */
  readonly signature: string;
  /** The canonical request, `\n`-separated, whose SHA-256 the string to sign carries. */
  readonly canonicalRequest: string;
  /** What the HMAC is computed over. */
  readonly stringToSign: string;
  /** `;`-joined, sorted, lower-case. */
  readonly signedHeaders: string;
}

const SDK_DATE = /^\d{8}T\d{6}Z$/;
// Huawei's gateway lets a client leave the body out of the signature by sending this header value.
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/**
 * Signs `request` with SDK-HMAC-SHA256 (Huawei Cloud API Gateway AK/SK). `request.headers` must hold
 * `x-sdk-date` (`yyyyMMddTHHmmssZ`, UTC) and `host` (with the port when it is not the default). The
 * canonical URI is the path with each segment RFC 3986 encoded, ending in `/`; the canonical query is
 * sorted and RFC 3986 encoded; header values are trimmed; the payload hash is that of `request.body`,
 * or the literal `UNSIGNED-PAYLOAD` when the `x-sdk-content-sha256` header says so. Pure.
 *
 * @throws {SigningError} when `x-sdk-date` is missing or malformed, or a signed header is absent.
 */
export function signSdkHmac(request: SignableRequest, credentials: SdkHmacCredentials, options: SdkHmacOptions = {}): SdkHmacSignature {
  const present = lowerCaseHeaders(request.headers);
  const date = present.get('x-sdk-date')?.trim();
  if (date === undefined) {
    throw new SigningError('request.headers must hold x-sdk-date (yyyyMMddTHHmmssZ, e.g. 20191115T033655Z) but it is absent');
  }
  if (!SDK_DATE.test(date)) {
    throw new SigningError(`x-sdk-date must be yyyyMMddTHHmmssZ (e.g. 20191115T033655Z) but got: ${JSON.stringify(date)}`);
  }
  const headers = canonicalizeHeaders(present, options.signedHeaders ?? [...present.keys()], (value) => value.trim());
  const path = encodePath(request.path);
  const canonicalRequest = [
    request.method,
    path.endsWith('/') ? path : `${path}/`,
    sortedCanonicalQuery(request.query),
    headers.canonicalHeaders,
    headers.signedHeaders,
    present.get('x-sdk-content-sha256')?.trim() === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : sha256Hex(request.body),
  ].join('\n');
  const stringToSign = `${SDK_HMAC_ALGORITHM}\n${date}\n${sha256Hex(canonicalRequest)}`;
  const signature = hmacSha256(credentials.sk, stringToSign).toString('hex');
  return {
    authorization: `${SDK_HMAC_ALGORITHM} Access=${credentials.ak}, SignedHeaders=${headers.signedHeaders}, Signature=${signature}`,
    signature,
    canonicalRequest,
    stringToSign,
    signedHeaders: headers.signedHeaders,
  };
}

/** The parts of an SDK-HMAC-SHA256 Authorization header. */
export interface ParsedSdkHmacAuthorization {
  /** The `Access` field (the AK). */
  readonly accessKey: string;
  /** Lower-case names in the order written. */
  readonly signedHeaders: readonly string[];
  /** Lower-case hex, 64 characters. */
  readonly signature: string;
}

/** Parses an SDK-HMAC-SHA256 Authorization header value; undefined when it is malformed in any way. */
export function parseSdkHmacAuthorization(value: string): ParsedSdkHmacAuthorization | undefined {
  const parsed = parseAuthorizationFields(value, SDK_HMAC_ALGORITHM, ['Access']);
  const accessKey = parsed?.fields['Access'];
  if (parsed === undefined || accessKey === undefined) return undefined;
  return { accessKey, signedHeaders: parsed.signedHeaders, signature: parsed.signature };
}

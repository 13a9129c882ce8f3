import { parseAuthorizationFields } from './authorization-header';
import { canonicalizeHeaders, lowerCaseHeaders } from './canonical-headers';
import { orderedCanonicalQuery } from './canonical-query';
import { hmacSha256, sha256Hex } from './crypto';
import { encodePath } from './rfc3986';
import type { SignableRequest } from './signable-request';
import { SigningError } from './signing-error';

export { sha256Hex, signaturesEqual } from './crypto';
export { SigningError } from './signing-error';

/** The algorithm name that opens the string to sign and the Authorization header. */
export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

/** A Tencent Cloud API key pair. */
export interface Tc3Credentials {
  /** Public; written into the Authorization header. */
  readonly secretId: string;
  /** Secret; only ever used as HMAC key material. */
  readonly secretKey: string;
}

/** What TC3 signs besides the request. */
export interface Tc3Options {
  /** The product, e.g. `tcss`; lower-case letters, digits and `-`. Never derived from the host. */
  readonly service: string;
  /** The `X-TC-Timestamp` sent, in unix seconds (a whole number); the scope date is its UTC date. */
  readonly timestamp: number;
  /** Lower-case header names to sign; default `['content-type', 'host']`, the minimum Tencent accepts. */
  readonly signedHeaders?: readonly string[];
}

/** A TC3 signature with its intermediate values (for tests and debugging; none of them is secret). */
export interface Tc3Signature {
  /** The `Authorization` header value: `TC3-HMAC-SHA256 Credential=<SecretId>/<scope>, SignedHeaders=<list>, Signature=<hex>`. */
  readonly authorization: string;
  /** Lower-case hex, 64 characters. */
  readonly signature: string;
  /** The canonical request, `\n`-separated, whose SHA-256 the string to sign carries. */
  readonly canonicalRequest: string;
  /** What the HMAC is computed over. */
  readonly stringToSign: string;
  /** `<yyyy-mm-dd>/<service>/tc3_request`. */
  readonly credentialScope: string;
  /** `;`-joined, sorted, lower-case, e.g. `content-type;host`. */
  readonly signedHeaders: string;
}

const DEFAULT_SIGNED_HEADERS: readonly string[] = ['content-type', 'host'];
const SERVICE = /^[a-z0-9][a-z0-9-]*$/;
// 9999-12-31T23:59:59Z: beyond it a UTC date no longer has four year digits.
const MAX_TIMESTAMP = 253_402_300_799;

/**
 * Signs `request` with TC3-HMAC-SHA256 (Tencent Cloud API 3.0). The canonical URI is the path with
 * each segment RFC 3986 encoded; the canonical query is the query RFC 3986 encoded in the given order
 * (TC3 does not sort; send it in this order); header values are trimmed and lower-cased; the body is
 * hashed as bytes. Pure: the time comes from `options.timestamp`.
 *
 * @throws {SigningError} when a signed header is absent or an option is invalid.
 */
export function signTc3(request: SignableRequest, credentials: Tc3Credentials, options: Tc3Options): Tc3Signature {
  const date = utcDate(options.timestamp);
  if (!SERVICE.test(options.service)) {
    throw new SigningError(`service must be a product name such as "tcss" but got: ${JSON.stringify(options.service)}`);
  }
  const headers = canonicalizeHeaders(lowerCaseHeaders(request.headers), options.signedHeaders ?? DEFAULT_SIGNED_HEADERS, (value) =>
    value.trim().toLowerCase(),
  );
  const canonicalRequest = [
    request.method,
    encodePath(request.path),
    orderedCanonicalQuery(request.query),
    headers.canonicalHeaders,
    headers.signedHeaders,
    sha256Hex(request.body),
  ].join('\n');
  const credentialScope = `${date}/${options.service}/tc3_request`;
  const stringToSign = [TC3_ALGORITHM, String(options.timestamp), credentialScope, sha256Hex(canonicalRequest)].join('\n');
  const kDate = hmacSha256(`TC3${credentials.secretKey}`, date);
  const kService = hmacSha256(kDate, options.service);
  const kSigning = hmacSha256(kService, 'tc3_request');
  const signature = hmacSha256(kSigning, stringToSign).toString('hex');
  return {
    authorization: `${TC3_ALGORITHM} Credential=${credentials.secretId}/${credentialScope}, SignedHeaders=${headers.signedHeaders}, Signature=${signature}`,
    signature,
    canonicalRequest,
    stringToSign,
    credentialScope,
    signedHeaders: headers.signedHeaders,
  };
}

/** The parts of a TC3 Authorization header. */
export interface ParsedTc3Authorization {
  /** The credential's first part. */
  readonly secretId: string;
  /** The scope date, `yyyy-mm-dd`. */
  readonly date: string;
  /** The scope's service, as written (not checked against any product list). */
  readonly service: string;
  /** Lower-case names in the order written. */
  readonly signedHeaders: readonly string[];
  /** Lower-case hex, 64 characters. */
  readonly signature: string;
}

/** Parses a TC3 Authorization header value; undefined when it is malformed in any way. */
export function parseTc3Authorization(value: string): ParsedTc3Authorization | undefined {
  const parsed = parseAuthorizationFields(value, TC3_ALGORITHM, ['Credential']);
  const credential = /^([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request$/.exec(parsed?.fields['Credential'] ?? '');
  if (parsed === undefined || credential === null) return undefined;
  const [, secretId = '', date = '', service = ''] = credential;
  return { secretId, date, service, signedHeaders: parsed.signedHeaders, signature: parsed.signature };
}

function utcDate(timestamp: number): string {
  if (!Number.isInteger(timestamp) || timestamp < 0 || timestamp > MAX_TIMESTAMP) {
    throw new SigningError(`timestamp must be whole unix seconds between 0 and ${MAX_TIMESTAMP} but got: ${timestamp}`);
  }
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

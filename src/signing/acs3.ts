import { parseAuthorizationFields } from './authorization-header';
import { canonicalizeHeaders, lowerCaseHeaders } from './canonical-headers';
import { sortedCanonicalQuery } from './canonical-query';
import { hmacSha256, sha256Hex } from './crypto';
import { encodePath } from './rfc3986';
import type { SignableRequest } from './signable-request';

export { sha256Hex, signaturesEqual } from './crypto';
export { SigningError } from './signing-error';

/** The algorithm name that opens the string to sign and the Authorization header. */
export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

/** An Alibaba Cloud AccessKey pair. */
export interface Acs3Credentials {
  /** Public; written into the Authorization header. */
  readonly accessKeyId: string;
  /** Secret; only ever used as the HMAC key. */
  readonly accessKeySecret: string;
}

/** How to sign. */
export interface Acs3Options {
  /**
   * Header names to sign (any case). Default: `host`, `content-type` when present, and every `x-acs-*`
   * header present in `request.headers`, as Alibaba's official signer does.
   */
  readonly signedHeaders?: readonly string[];
}

/** An ACS3 signature with its intermediate values (for tests and debugging; none of them is secret). */
export interface Acs3Signature {
  /** The `Authorization` header value: `ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<list>,Signature=<hex>`. */
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

/**
 * Signs `request` with ACS3-HMAC-SHA256 (Alibaba Cloud signature V3). The caller first puts `host`,
 * `x-acs-action`, `x-acs-version`, `x-acs-date` (`yyyy-MM-ddTHH:mm:ssZ`), `x-acs-signature-nonce` and
 * `x-acs-content-sha256` (= {@link sha256Hex} of the body) into `request.headers`. The canonical URI is
 * the path with each segment RFC 3986 encoded (`/` for RPC); the canonical query is sorted and RFC 3986
 * encoded; header values are trimmed; the payload hash is computed from `request.body`. Pure.
 *
 * @throws {SigningError} when a signed header (by default `host`) is absent.
 */
export function signAcs3(request: SignableRequest, credentials: Acs3Credentials, options: Acs3Options = {}): Acs3Signature {
  const present = lowerCaseHeaders(request.headers);
  const headers = canonicalizeHeaders(present, options.signedHeaders ?? defaultSignedHeaders(present), (value) => value.trim());
  const canonicalRequest = [
    request.method,
    encodePath(request.path),
    sortedCanonicalQuery(request.query),
    headers.canonicalHeaders,
    headers.signedHeaders,
    sha256Hex(request.body),
  ].join('\n');
  const stringToSign = `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
  const signature = hmacSha256(credentials.accessKeySecret, stringToSign).toString('hex');
  return {
    authorization: `${ACS3_ALGORITHM} Credential=${credentials.accessKeyId},SignedHeaders=${headers.signedHeaders},Signature=${signature}`,
    signature,
    canonicalRequest,
    stringToSign,
    signedHeaders: headers.signedHeaders,
  };
}

/** The parts of an ACS3 Authorization header. */
export interface ParsedAcs3Authorization {
  /** The `Credential` field. */
  readonly accessKeyId: string;
  /** Lower-case names in the order written. */
  readonly signedHeaders: readonly string[];
  /** Lower-case hex, 64 characters. */
  readonly signature: string;
}

/** Parses an ACS3 Authorization header value; undefined when it is malformed in any way. */
export function parseAcs3Authorization(value: string): ParsedAcs3Authorization | undefined {
  const parsed = parseAuthorizationFields(value, ACS3_ALGORITHM, ['Credential']);
  const accessKeyId = parsed?.fields['Credential'];
  if (parsed === undefined || accessKeyId === undefined) return undefined;
  return { accessKeyId, signedHeaders: parsed.signedHeaders, signature: parsed.signature };
}

function defaultSignedHeaders(present: ReadonlyMap<string, string>): string[] {
  const names = [...present.keys()].filter((name) => name === 'content-type' || name.startsWith('x-acs-'));
  return ['host', ...names];
}

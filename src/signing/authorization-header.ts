// A signed-header list as the schemes write it: lower-case header names joined by `;`.
const SIGNED_HEADERS = /^[!#$%&'*+\-.^_`|~0-9a-z]+(;[!#$%&'*+\-.^_`|~0-9a-z]+)*$/;
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;

/** The fields every scheme's Authorization header carries besides the credential. */
export interface AuthorizationFields {
  /** Each field's raw value, by field name (e.g. `Credential`, `Access`). */
  readonly fields: Readonly<Record<string, string>>;
  /** The signed header names, in the order written. */
  readonly signedHeaders: readonly string[];
  /** Lower-case hex HMAC-SHA256, 64 characters. */
  readonly signature: string;
}

/**
 * Parses `<algorithm> K1=v1, K2=v2, ...` where the keys are exactly `fieldNames` plus `SignedHeaders`
 * and `Signature`, each once, in any order, separated by `,` with optional spaces. Returns undefined
 * when anything is off: another algorithm, a missing, repeated or unknown key, an empty value, a
 * value with spaces, a malformed header list or a signature that is not 64 lower-case hex digits.
 */
export function parseAuthorizationFields(value: string, algorithm: string, fieldNames: readonly string[]): AuthorizationFields | undefined {
  const match = /^(\S+) +(.*)$/.exec(value.trim());
  if (match === null || match[1] !== algorithm) return undefined;
  const expected = new Set([...fieldNames, 'SignedHeaders', 'Signature']);
  const fields: Record<string, string> = {};
  for (const part of (match[2] ?? '').split(',')) {
    const pair = /^ *([A-Za-z]+)=(\S+?) *$/.exec(part);
    if (pair === null) return undefined;
    const [, key = '', fieldValue = ''] = pair;
    if (!expected.has(key) || Object.hasOwn(fields, key)) return undefined;
    fields[key] = fieldValue;
  }
  const signedHeaders = fields['SignedHeaders'];
  const signature = fields['Signature'];
  if (Object.keys(fields).length !== expected.size || signedHeaders === undefined || signature === undefined) {
    return undefined;
  }
  if (!SIGNED_HEADERS.test(signedHeaders) || !HEX_SIGNATURE.test(signature)) return undefined;
  return { fields, signedHeaders: signedHeaders.split(';'), signature };
}

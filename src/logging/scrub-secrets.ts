/** Field names whose values are never logged, compared case-insensitively with `-` and `_` ignored. */
const SECRET_FIELDS = new Set(
  [
    'authorization',
    'proxyauthorization',
    'cookie',
    'setcookie',
    'password',
    'secret',
    'secretkey',
    'secretid',
    'accesskeyid',
    'accesskeysecret',
    'ak',
    'sk',
    'token',
    'securitytoken',
    'xtctoken',
    'xsecuritytoken',
    'xacssecuritytoken',
    // Sent with an STS token: it holds the AccessKeyId, a credential like the others.
    'xacsaccesskeyid',
    'apikey',
    'apikeys',
    'signature',
    'connectionparams',
  ].map(normalize),
);

// `scheme://user:password@host`: the user information of a URL.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi;

/** Deepest nesting scrubbed; deeper values are replaced (log objects are shallow). */
const MAX_DEPTH = 8;

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/**
 * A copy of `value` fit for a log line: fields named like credentials (`SECRET_FIELDS`) at any depth
 * become `[redacted]`, and the user information of URLs in strings becomes `[redacted]@`. Errors keep
 * their message (scrubbed) and name; their own fields are scrubbed like any object's.
 */
export function scrubSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.includes('@') ? value.replace(URL_CREDENTIALS, '$1[redacted]@') : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => scrubSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  if (value instanceof Error) {
    out['name'] = value.name;
    out['message'] = scrubSecrets(value.message, depth + 1);
  }
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_FIELDS.has(normalize(k)) ? '[redacted]' : scrubSecrets(v, depth + 1);
  return out;
}

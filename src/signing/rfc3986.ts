import { SigningError } from './signing-error';

// Unreserved characters of RFC 3986 section 2.3; every other byte is percent-encoded.
const ENCODED_BYTE: readonly string[] = Array.from({ length: 256 }, (_, byte) => {
  const char = String.fromCharCode(byte);
  return /^[A-Za-z0-9\-._~]$/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
});

/**
 * Percent-encodes `value` as RFC 3986 requires of a query name, query value or path segment: its UTF-8
 * bytes, unreserved characters (`A-Z a-z 0-9 - . _ ~`) kept, every other byte as upper-case `%XX`
 * (so space is `%20`, `*` is `%2A`, `/` is `%2F`). A lone UTF-16 surrogate is encoded as U+FFFD.
 */
export function encodeRfc3986(value: string): string {
  let encoded = '';
  for (const byte of Buffer.from(value, 'utf8')) encoded += ENCODED_BYTE[byte];
  return encoded;
}

/**
 * The canonical URI of a decoded request path: each `/`-separated segment encoded with
 * {@link encodeRfc3986}; `''` becomes `/`. Throws a {@link SigningError} unless the path starts with `/`.
 */
export function encodePath(path: string): string {
  if (path === '') return '/';
  if (!path.startsWith('/')) {
    throw new SigningError(`request.path must start with "/" but got: ${JSON.stringify(path)}`);
  }
  return path.split('/').map(encodeRfc3986).join('/');
}

import { SigningError } from './signing-error';

// RFC 9110 token characters, lower-case: what a header name may be made of.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

/** The signed part of a request's headers, in the form all three schemes share. */
export interface CanonicalHeaders {
  /** `name:value\n` for each signed header, names lower-case and sorted; ends with `\n`. */
  readonly canonicalHeaders: string;
  /** The signed names, lower-case, sorted, `;`-joined, e.g. `content-type;host`. */
  readonly signedHeaders: string;
}

/**
 * `headers` keyed by lower-case name. Throws a {@link SigningError} when two keys differ only in case,
 * since which of them was sent would be ambiguous.
 */
export function lowerCaseHeaders(headers: Readonly<Record<string, string>>): ReadonlyMap<string, string> {
  const byName = new Map<string, string>();
  const original = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    const earlier = original.get(lower);
    if (earlier !== undefined) {
      throw new SigningError(
        `request.headers must name each header once but names "${lower}" twice: ${JSON.stringify(earlier)} and ${JSON.stringify(name)}`,
      );
    }
    original.set(lower, name);
    byName.set(lower, value);
  }
  return byName;
}

/**
 * Builds the canonical headers of `names` (any case; duplicates ignored) from `headers`, each value
 * passed through `canonicalValue`. Throws a {@link SigningError} when `names` is empty, holds something
 * that is not a header name, or names a header that `headers` lacks.
 */
export function canonicalizeHeaders(
  headers: ReadonlyMap<string, string>,
  names: readonly string[],
  canonicalValue: (value: string) => string,
): CanonicalHeaders {
  if (names.length === 0) throw new SigningError('signedHeaders must name at least one header but got: []');
  const sorted = [...new Set(names.map((name) => name.toLowerCase()))].sort();
  let canonical = '';
  for (const name of sorted) {
    if (!HEADER_NAME.test(name)) {
      throw new SigningError(`signedHeaders must hold header names but got: ${JSON.stringify(name)}`);
    }
    const value = headers.get(name);
    if (value === undefined) {
      const present = [...headers.keys()].sort().join(', ') || 'none';
      throw new SigningError(`signed header "${name}" must be present in request.headers but is absent (present: ${present})`);
    }
    canonical += `${name}:${canonicalValue(value)}\n`;
  }
  return { canonicalHeaders: canonical, signedHeaders: sorted.join(';') };
}

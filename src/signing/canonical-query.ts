import { encodeRfc3986 } from './rfc3986';
import type { SignableRequest } from './signable-request';

type Query = SignableRequest['query'];

/**
 * `name=value` pairs, both {@link encodeRfc3986}-encoded, joined by `&`, sorted by name and then by
 * value (UTF-16 code-unit order of the decoded text, as Alibaba's and Huawei's official signers sort).
 * An empty query gives `''`.
 */
export function sortedCanonicalQuery(query: Query): string {
  return orderedCanonicalQuery([...query].sort(([nameA, valueA], [nameB, valueB]) => compare(nameA, nameB) || compare(valueA, valueB)));
}

/** As {@link sortedCanonicalQuery} but in the given order, for schemes (TC3) that sign the query as sent. */
export function orderedCanonicalQuery(query: Query): string {
  return query.map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`).join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

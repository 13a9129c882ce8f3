import type { ReceivedRequest } from '../wire';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * The RPC parameters of a request: the query, then a form-encoded body (which wins on a repeated name),
 * as Alibaba's gateway merges them. The first occurrence of a name within each part counts.
 */
export function readRpcParams(request: ReceivedRequest): ReadonlyMap<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of request.query) if (!params.has(name)) params.set(name, value);
  const contentType = (request.headers['content-type'] ?? '').toLowerCase();
  if (contentType.startsWith('application/x-www-form-urlencoded') && request.body.length > 0) {
    const seen = new Set<string>();
    for (const [name, value] of new URLSearchParams(request.body.toString('utf8'))) {
      if (seen.has(name)) continue;
      seen.add(name);
      params.set(name, value);
    }
  }
  return params;
}

/** The canonical decimal form of an int64 parameter (`007` → `7`), or undefined when it is not one. */
export function canonicalInt64(value: string): string | undefined {
  if (!/^-?\d{1,19}$/.test(value)) return undefined;
  const n = BigInt(value);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n.toString();
}

/** Task-id rule for Alibaba: a non-negative decimal int64 without leading zeros. */
export function alibabaTaskIdRule(id: string): string | undefined {
  return /^(0|[1-9]\d*)$/.test(id) && canonicalInt64(id) === id
    ? undefined
    : 'a non-negative decimal int64 without leading zeros (at most 9223372036854775807)';
}

import { randomUUID } from 'node:crypto';

/** Longest `x-request-id` kept from a caller, characters. */
export const MAX_REQUEST_ID_LENGTH = 128;

/**
 * What a caller's request id may be made of: letters, digits and `._:/=+-` (UUIDs, ULIDs, base64, the
 * ids proxies and gateways make), 1 to `MAX_REQUEST_ID_LENGTH` of them. Nothing that could break a log
 * line, a header or a trace attribute.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:/=+-]{1,128}$/;

/**
 * The request id of an operation: the caller's `x-request-id` when it is a safe one (`SAFE_REQUEST_ID`),
 * else a fresh UUID. A repeated header (an array, or values joined by a comma) is not safe and is replaced.
 */
export function requestIdFrom(header: string | readonly string[] | undefined): string {
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

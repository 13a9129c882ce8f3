import { randomUUID } from 'node:crypto';

import type { SignableRequest } from '../signing/signable-request';

/** A request as received, decoded once for every handler. */
export interface ReceivedRequest {
  /** Upper-case method. */
  readonly method: string;
  /**
   * The API's path, percent-decoded (undecodable input is kept as sent), without the emulator's path
   * prefix: what the handler routes on, e.g. `/` or `/v2/p/export-tasks`.
   */
  readonly path: string;
  /** The path as it arrived, percent-decoded, prefix included: what the client signed. Equals `path` without a prefix. */
  readonly fullPath: string;
  /** Query pairs, percent-decoded (`+` is kept: RFC 3986, not form encoding), in the order sent. */
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Header names lower-case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes. */
  readonly body: Buffer;
}

/** An answer a wire handler gives. */
export interface WireResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
  /** What the request stats record: `ok` or the error code answered. */
  readonly outcome: string;
}

/** The fault kinds that a provider renders in its own envelope. */
export type RenderedFaultKind = 'server-error' | 'throttle' | 'malformed' | 'missing-fields' | 'no-such-action';

/** One provider's side of the wire: what the shared HTTP emulator calls for each request. */
export interface WireHandler {
  /** Best-effort reading of who calls and about which tasks, for the request stats; never throws. */
  identify(request: ReceivedRequest): { readonly accessKeyId: string | undefined; readonly taskIds: readonly string[] };
  /** The answer to a request that no fault intercepted. */
  handle(request: ReceivedRequest): WireResponse;
  /** The provider's rendering of an injected fault. */
  renderFault(kind: RenderedFaultKind, request: ReceivedRequest): WireResponse;
}

/** The request as the signers see it, for re-signing on verification: over the full path it arrived at. */
export function toSignable(request: ReceivedRequest): SignableRequest {
  return {
    method: request.method,
    path: request.fullPath,
    query: request.query,
    headers: request.headers,
    body: request.body,
  };
}

/** A fresh request id: an upper-case UUID (Alibaba's style), or as `format` says. */
export function newRequestId(format: 'uuid' | 'upper-uuid' | 'hex32' = 'uuid'): string {
  const id = randomUUID();
  if (format === 'upper-uuid') return id.toUpperCase();
  if (format === 'hex32') return id.replace(/-/g, '');
  return id;
}

/** A JSON response. */
export function jsonResponse(status: number, body: unknown, outcome: string, headers: Readonly<Record<string, string>> = {}): WireResponse {
  return { status, body: JSON.stringify(body), outcome, headers: { 'content-type': 'application/json', ...headers } };
}

/** Case-sensitive lookup of the first query parameter named `name`. */
export function queryParam(request: { readonly query: ReadonlyArray<readonly [string, string]> }, name: string): string | undefined {
  return request.query.find(([k]) => k === name)?.[1];
}

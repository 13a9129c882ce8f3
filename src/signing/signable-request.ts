/**
 * A request as the three signers see it: everything that goes into a canonical request, nothing more.
 * The same shape serves the client (before sending) and the emulators (verifying what arrived).
 */
export interface SignableRequest {
  /** Upper-case HTTP method, e.g. `POST`. */
  readonly method: string;
  /** The request path, not percent-encoded, e.g. `/` or `/v2/0a1b/export-tasks`. */
  readonly path: string;
  /** Decoded query parameters as name/value pairs, in any order; a name may repeat. */
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Header name (any case) to value, as sent or received. The signer picks the ones it signs. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes (a string is taken as UTF-8). Empty for GET. */
  readonly body: string | Uint8Array;
}

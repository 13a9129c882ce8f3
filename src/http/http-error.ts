/**
 * Why an HTTP exchange produced no usable response:
 * - `timeout`: no complete answer within the request's `timeoutMs` (connect, headers or body);
 * - `network`: the connection could not be made or broke (refused, reset, closed, DNS, TLS, bad HTTP);
 * - `aborted`: the caller's `AbortSignal` fired;
 * - `too-large`: the response body exceeded the client's `maxResponseBytes`.
 */
export type HttpTransportErrorKind = 'timeout' | 'network' | 'aborted' | 'too-large';

/**
 * A failure of the transport itself (as opposed to an HTTP error status, which is a response).
 * Its message names the method and host only: never the path or query, which may carry ids or tokens.
 * The underlying error (undici's or the socket's) is kept as `cause` for logs.
 */
export class HttpTransportError extends Error {
  override readonly name = 'HttpTransportError';

  constructor(
    readonly kind: HttpTransportErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Narrows an unknown thrown value to an `HttpTransportError`, optionally of one kind. */
export function isHttpTransportError(e: unknown, kind?: HttpTransportErrorKind): e is HttpTransportError {
  return e instanceof HttpTransportError && (kind === undefined || e.kind === kind);
}

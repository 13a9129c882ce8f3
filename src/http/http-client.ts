import { Agent, type Dispatcher, request as undiciRequest } from 'undici';

import { HttpTransportError, type HttpTransportErrorKind } from './http-error';

/** One outgoing HTTP request, fully built (and signed) by the caller. */
export interface HttpRequest {
  /** Upper-case method, e.g. `GET`, `POST`. */
  readonly method: string;
  /** Absolute `http://` or `https://` URL; the query already encoded. */
  readonly url: string;
  /** Headers exactly as they must go on the wire; a `host` entry is sent as is (signers sign it). */
  readonly headers: Readonly<Record<string, string>>;
  /** Request body; a string is sent as UTF-8. */
  readonly body?: string | Uint8Array | undefined;
  /** Deadline for the whole exchange (connect, headers and body), in ms. */
  readonly timeoutMs: number;
  /** Aborts the exchange; it then fails with kind `aborted`. */
  readonly signal?: AbortSignal | undefined;
}

/** A complete HTTP response, whatever its status. */
export interface HttpResponse {
  readonly status: number;
  /** Lower-case header names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body decoded as UTF-8. */
  readonly body: string;
}

/**
 * What providers call. Any HTTP status is a response; only transport failures reject, always with an
 * `HttpTransportError`. Retries, circuit breaking and request budgets are not here: they wrap each
 * provider call as a whole, in its (tenant, provider) gateway (src/tenancy/provider-gateway.ts).
 */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
  /** Closes the pooled connections once in-flight requests finish. Idempotent. */
  dispose(): Promise<void>;
}

/** Tuning of `createHttpClient`. */
export interface HttpClientOptions {
  /** Largest accepted response body, in bytes. Default 1 MiB (1048576). */
  readonly maxResponseBytes?: number | undefined;
  /** Most concurrent connections per origin. Default 64. */
  readonly connectionsPerOrigin?: number | undefined;
  /** How long an idle keep-alive connection is kept, in ms. Default 4000. */
  readonly keepAliveTimeoutMs?: number | undefined;
}

/** Default of `HttpClientOptions.connectionsPerOrigin`. */
export const DEFAULT_CONNECTIONS_PER_ORIGIN = 64;

/** Default of `HttpClientOptions.maxResponseBytes`: 1 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * Creates the undici-based client shared by every provider. It owns one keep-alive `Agent`
 * (closed by `dispose()`), and it deliberately ignores `http_proxy`/`https_proxy`/`no_proxy`: a proxy
 * must be configured explicitly as a provider `endpoint`, never picked up silently from the environment.
 * Redirects are not followed (a 3xx is returned as a response).
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const agent = new Agent({
    connections: options.connectionsPerOrigin ?? DEFAULT_CONNECTIONS_PER_ORIGIN,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 4000,
    pipelining: 1,
  });
  let disposed: Promise<void> | undefined;

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const target = describeTarget(req);
    if (disposed) throw new HttpTransportError('network', `${target}: the HTTP client is disposed`);
    if (req.signal?.aborted) throw new HttpTransportError('aborted', `${target}: aborted by the caller`);

    // One controller for both the caller's signal and our deadline, so undici tears down the socket
    // (or the body stream) whichever fires first; which one fired decides the error kind.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, req.timeoutMs);
    const onCallerAbort = (): void => controller.abort();
    req.signal?.addEventListener('abort', onCallerAbort, { once: true });

    try {
      const res = await undiciRequest(req.url, {
        dispatcher: agent,
        method: req.method as Dispatcher.HttpMethod,
        headers: { ...req.headers },
        body: req.body ?? null,
        signal: controller.signal,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxResponseBytes) {
        discard(res.body);
        throw tooLarge(target, maxResponseBytes);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > maxResponseBytes) {
          discard(res.body);
          throw tooLarge(target, maxResponseBytes);
        }
        chunks.push(chunk as Buffer);
      }
      return { status: res.statusCode, headers: flattenHeaders(res.headers), body: Buffer.concat(chunks).toString('utf8') };
    } catch (e) {
      if (e instanceof HttpTransportError) throw e;
      const kind: HttpTransportErrorKind = req.signal?.aborted ? 'aborted' : timedOut ? 'timeout' : classifyUndiciError(e);
      throw new HttpTransportError(kind, `${target}: ${describeKind(kind, req.timeoutMs)}`, { cause: e });
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  return {
    request,
    dispose(): Promise<void> {
      disposed ??= agent.close();
      return disposed;
    },
  };
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Everything that is neither a deadline nor the caller is a network failure (reset, refused, DNS, TLS, bad HTTP). */
function classifyUndiciError(e: unknown): HttpTransportErrorKind {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return 'timeout';
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return 'too-large';
  return 'network';
}

function describeKind(kind: HttpTransportErrorKind, timeoutMs: number): string {
  switch (kind) {
    case 'timeout':
      return `no complete response within ${timeoutMs} ms`;
    case 'aborted':
      return 'aborted by the caller';
    case 'too-large':
      return 'response too large';
    case 'network':
      return 'connection failed or was reset';
  }
}

/** Drops a body without reading it; its abort error has nobody to report to. */
function discard(body: NodeJS.ReadableStream & { destroy(): unknown }): void {
  body.on('error', () => undefined);
  body.destroy();
}

function tooLarge(target: string, max: number): HttpTransportError {
  return new HttpTransportError('too-large', `${target}: response body exceeds ${max} bytes`);
}

/** `GET host:port`: never the path or query, which may carry ids or tokens. */
function describeTarget(req: HttpRequest): string {
  let host = '(invalid URL)';
  try {
    host = new URL(req.url).host;
  } catch {
    // keep the placeholder: the URL is not echoed
  }
  return `${req.method} ${host}`;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

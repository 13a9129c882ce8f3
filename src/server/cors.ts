import type { IncomingMessage, ServerResponse } from 'node:http';

import { type Config, type CorsConfig, DEFAULT_CORS } from '../config/config';
import { echo } from '../errors/echo';
import { ErrorCode } from '../errors/error-code';
import { sendError } from './graphql-http-handler';

/** The methods a cross-origin caller may use: GraphQL over HTTP (GET, POST) and graphql-sse's single connection mode (PUT, DELETE). */
export const CORS_ALLOWED_METHODS = 'GET, POST, PUT, DELETE, OPTIONS';

/**
 * The request headers the service reads, which a browser asks leave to send: the bearer key, the body's and
 * the answer's types, the caller's request id, Apollo's CSRF and client-identification headers, graphql-sse's
 * stream token (its `TOKEN_HEADER_KEY`) and W3C trace context.
 */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'x-request-id',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  'x-graphql-event-stream-token',
  'traceparent',
  'tracestate',
].join(', ');

/**
 * Response headers a cross-origin script may read beyond the CORS-safelisted ones: the id of a logged
 * operation (the operation-log plugin), and how long to wait after a 429.
 */
export const CORS_EXPOSED_HEADERS = 'x-request-id, retry-after';

/** What demo mode grants besides `server.cors`: a dev server on loopback over http, any port (`:*`). */
export const DEMO_CORS_ORIGINS: readonly string[] = ['http://localhost:*', 'http://127.0.0.1:*'];

/**
 * Which browser origins may call the service cross-origin, applied to every HTTP request before routing
 * and to WebSocket upgrades. `origins` are compared as strings with the `Origin` a browser sends; `"*"`
 * grants every origin, and an entry ending in `:*` (demo mode's, never a config file's) any port of its
 * scheme and host.
 *
 * - A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) from a granted origin is
 *   answered 204 with the methods, headers and max-age; from any other origin 403 with an
 *   `ORIGIN_NOT_ALLOWED` error and no `access-control-allow-*` header. Any other `OPTIONS` gets 204 and `allow`.
 * - Other requests are served whatever their origin: a granted one gets `access-control-allow-origin` and
 *   `access-control-expose-headers`, any other none, so its browser keeps the answer from the page.
 * - Every response carries `vary: origin`, so no cache hands one origin's answer to another.
 * - Never `access-control-allow-credentials`: callers authenticate with a bearer header, not cookies.
 */
export class CorsPolicy {
  private readonly anyOrigin: boolean;
  private readonly exact: ReadonlySet<string>;
  /** `scheme://host` of each `scheme://host:*` entry. */
  private readonly anyPort: readonly string[];
  private readonly maxAge: string;

  constructor(config: CorsConfig) {
    this.anyOrigin = config.origins.includes('*');
    this.exact = new Set(config.origins.filter((o) => o !== '*' && !o.endsWith(':*')));
    this.anyPort = config.origins.filter((o) => o.endsWith(':*')).map((o) => o.slice(0, -2));
    this.maxAge = String(config.maxAgeSeconds);
  }

  /** The policy of a configuration: `server.cors` (default none), plus `DEMO_CORS_ORIGINS` in demo mode. */
  static forConfig(config: Config): CorsPolicy {
    const cors = config.server.cors ?? DEFAULT_CORS;
    return new CorsPolicy(config.demo ? { ...cors, origins: [...cors.origins, ...DEMO_CORS_ORIGINS] } : cors);
  }

  /** Whether `origin` (an `Origin` header's value) is granted. */
  allows(origin: string): boolean {
    if (this.anyOrigin || this.exact.has(origin)) return true;
    return this.anyPort.some(
      (base) => origin === base || (origin.startsWith(`${base}:`) && /^\d{1,5}$/.test(origin.slice(base.length + 1))),
    );
  }

  /**
   * Whether a WebSocket upgrade may proceed: without `Origin` (not a browser), from the server's own
   * origin (the same host as `host`, the request's `Host`: the playground), or from a granted origin.
   */
  allowsWebSocket(origin: string | undefined, host: string | undefined): boolean {
    return origin === undefined || this.allows(origin) || isSameOrigin(origin, host);
  }

  /**
   * Applies the policy to a request before it is routed: sets the response's CORS headers and answers an
   * `OPTIONS` request itself. Returns true when the request has been answered.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    const granted = origin !== undefined && this.allows(origin);
    res.setHeader('vary', 'origin');
    if (granted) res.setHeader('access-control-allow-origin', this.anyOrigin ? '*' : origin);
    if (req.method !== 'OPTIONS') {
      if (granted) res.setHeader('access-control-expose-headers', CORS_EXPOSED_HEADERS);
      return false;
    }
    req.resume();
    if (origin === undefined || req.headers['access-control-request-method'] === undefined) {
      res.writeHead(204, { allow: CORS_ALLOWED_METHODS });
    } else if (granted) {
      res.writeHead(204, {
        'access-control-allow-methods': CORS_ALLOWED_METHODS,
        'access-control-allow-headers': CORS_ALLOWED_HEADERS,
        'access-control-max-age': this.maxAge,
      });
    } else {
      // A browser gives the page nothing but a failed fetch: the body is for a person (curl, devtools).
      sendError(
        res,
        403,
        ErrorCode.ORIGIN_NOT_ALLOWED,
        `Origin ${echo(origin)} may not call this service from a browser: it is not in server.cors.origins`,
      );
      return true;
    }
    res.end();
    return true;
  }
}

/** Whether `origin` is the origin of a page served by this server under `host` (its `Host` header). */
function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    const page = new URL(origin);
    return (page.protocol === 'http:' || page.protocol === 'https:') && new URL(`${page.protocol}//${host}`).origin === page.origin;
  } catch {
    return false;
  }
}

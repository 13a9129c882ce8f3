import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { ErrorCode } from '../errors/error-code';
import { serveMetrics } from '../observability/metrics-endpoint';
import type { ServiceMetrics } from '../observability/service-metrics';
import { sendError } from './graphql-http-handler';
import type { Lifecycle } from './lifecycle';

/** What the operator endpoints read. */
export interface OperatorRoutesOptions {
  readonly lifecycle: Lifecycle;
  /** The coordination's state for `/readyz` (degraded Redis still serves). */
  readonly coordination: () => unknown;
  readonly metrics: ServiceMetrics;
  /** Whether this listener serves `/metrics` at all (not on the main port when metrics have their own). */
  readonly servesMetrics: boolean;
  /** When set, `/metrics` answers only `Authorization: Bearer <bearerToken>`. */
  readonly bearerToken?: string | undefined;
}

/** Answers one operator request; false when the path is not an operator endpoint. */
export type OperatorRoutes = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

/**
 * `GET /healthz` (alive), `GET /readyz` (ready to serve; 503 while starting or draining) and, where this
 * listener serves them, `GET /metrics` (Prometheus text), optionally behind a bearer token. The same
 * routes serve the main port and the separate metrics port (`server.metrics.port`).
 */
export function operatorRoutes(options: OperatorRoutesOptions): OperatorRoutes {
  const token = options.bearerToken === undefined ? undefined : digest(options.bearerToken);
  return async (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (url.pathname === '/healthz') {
      sendJson(res, 200, { status: 'ok' });
    } else if (url.pathname === '/readyz') {
      const ready = options.lifecycle.state === 'ready';
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : options.lifecycle.state, coordination: options.coordination() });
    } else if (url.pathname === '/metrics' && options.servesMetrics) {
      if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
        req.resume();
        sendError(res, 401, ErrorCode.UNAUTHENTICATED, 'Missing or wrong metrics token: send "Authorization: Bearer <token>"', {
          'www-authenticate': 'Bearer',
        });
      } else {
        await serveMetrics(options.metrics, req, res);
      }
    } else {
      return false;
    }
    return true;
  };
}

/** Compares the presented bearer token with the configured one as SHA-256 digests, in constant time. */
function bearerMatches(authorization: string | undefined, token: Buffer): boolean {
  if (authorization === undefined || authorization.length > 1024) return false;
  const m = /^Bearer ([\x21-\x7e]+)$/i.exec(authorization.trim());
  return m !== null && timingSafeEqual(digest(m[1]!), token);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Writes a small JSON response that no cache keeps. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

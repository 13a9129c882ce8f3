import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

import { type ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import type { Span } from '@opentelemetry/api';

import { ErrorCode } from '../errors/error-code';
import type { GraphQLContext, OperationOrigin } from '../graphql/context';
import { describeOperation, startOperationSpan } from '../observability/trace';
import type { RateDecision } from '../quota/tenant-rate-limiter';
import type { OperationEnd, ReadRecorder } from '../tasks/task-service';
import type { TenantRuntime } from '../tenancy/tenant-runtime';
import { closeAfterLinger } from './lingering-close';
import { BodyError, readBody } from './request-body';
import type { ResponseCache } from './response-cache';

/** Writes a JSON error response in the GraphQL-over-HTTP shape. */
export function sendError(
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/**
 * Answers a request whose body could not be read (`readBody`'s `BodyError`, or any failure as a 400), and
 * closes its connection: a body read to its end leaves nothing in flight, so the answer arrives whole and
 * the connection closes; one not read to its end (beyond the discard bounds) is cut once answered, after
 * a bounded linger so that a client still sending can read the answer.
 */
export function sendBodyError(req: IncomingMessage, res: ServerResponse, e: unknown): void {
  const err = e instanceof BodyError ? e : new BodyError(400, 'Request body could not be read', false);
  if (!err.drained) closeAfterLinger(req);
  sendError(res, err.status, ErrorCode.BAD_REQUEST, err.message, { connection: 'close' });
}

/** Answers 401 to a request without a valid API key (its body, if any, is discarded). */
export function sendUnauthenticated(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  sendError(res, 401, ErrorCode.UNAUTHENTICATED, 'Missing or unknown API key: send "Authorization: Bearer <apiKey>"', {
    'www-authenticate': 'Bearer',
  });
}

/** What the handler needs from the rest of the server. */
export interface GraphQLHttpHandlerOptions {
  readonly apollo: ApolloServer<GraphQLContext>;
  /** The caller's tenant, or undefined to answer 401. */
  readonly authenticate: (req: IncomingMessage) => TenantRuntime | undefined;
  /**
   * Builds the per-request context (fresh loaders) for an authenticated tenant; `signal` aborts when the
   * caller goes away before the response is written.
   */
  readonly createContext: (tenant: TenantRuntime, onEnd: OperationEnd, origin: OperationOrigin, reads?: ReadRecorder) => GraphQLContext;
  readonly maxBodyBytes: number;
  /** Takes one operation from the tenant's rate limit; default: no limit. */
  readonly rateLimit?: (tenantId: string) => Promise<RateDecision>;
  /** Answers repeated queries over cached task states without Apollo (`cache.responses`); default none. */
  readonly responses?: ResponseCache;
  /** Takes task ids from the tenant's ids rate limit (for a cached answer, as `taskIdLimitPlugin` does for a run). */
  readonly takeIds?: (tenantId: string, ids: number) => Promise<RateDecision>;
  /** Counts and logs an operation answered from the response cache, as the operation-log plugin does a run. */
  readonly answeredFromCache?: (tenant: TenantRuntime, origin: OperationOrigin, name: string | null, seconds: number) => void;
}

/**
 * GraphQL over HTTP on `/graphql`, in front of Apollo Server: authenticates, reads the body within
 * its cap (an oversized body is read to its end and discarded, up to bounds, so that the client gets its
 * 413: `readBody`), parses JSON bodies, and hands the request to `executeHTTPGraphQLRequest`. The
 * operation runs as `requestId`; while tracing, an authenticated request is one SERVER span (continuing
 * the caller's `traceparent`), ended once its response is written.
 */
export function createGraphQLHttpHandler(opts: GraphQLHttpHandlerOptions) {
  const serve = async (
    req: IncomingMessage,
    res: ServerResponse,
    search: string,
    tenant: TenantRuntime,
    origin: OperationOrigin,
  ): Promise<void> => {
    const decision = opts.rateLimit ? await opts.rateLimit(tenant.id) : undefined;
    if (decision && !decision.allowed) {
      req.resume();
      refused(origin.span, ErrorCode.RATE_LIMITED);
      sendError(res, 429, ErrorCode.RATE_LIMITED, decision.message, { 'retry-after': String(decision.retryAfterSeconds) });
      return;
    }
    const started = performance.now();
    let body: unknown;
    let text: string | undefined;
    if (req.method === 'POST') {
      try {
        text = await readBody(req, opts.maxBodyBytes);
      } catch (e) {
        refused(origin.span, ErrorCode.BAD_REQUEST);
        sendBodyError(req, res, e);
        return;
      }
    }
    const { responses } = opts;
    const key = responses?.keyOf(req, search, text);
    if (key !== undefined && (await answerFromCache(res, tenant, origin, key, started))) return;
    if (text !== undefined) {
      const type = (req.headers['content-type'] ?? '').toLowerCase();
      if (/^application\/(graphql-response\+)?json\b/.test(type)) {
        try {
          body = JSON.parse(text);
        } catch {
          refused(origin.span, ErrorCode.BAD_REQUEST);
          sendError(res, 400, ErrorCode.BAD_REQUEST, 'Malformed JSON in the request body');
          return;
        }
      } else {
        body = text;
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method!.toUpperCase(), headers, search, body };
    const candidate = key !== undefined ? responses!.begin(tenant.id) : undefined;
    const response = await opts.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => {
        const context = opts.createContext(tenant, (listener) => onResponseEnd(res, listener), origin, candidate);
        if (candidate) responses!.attach(context, candidate);
        return context;
      },
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      if (candidate) responses!.store(tenant.id, key!, candidate, response.status, response.headers, response.body.string);
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
  /**
   * Answers from the response cache when it keeps a current answer to this request and the operation's ids
   * fit the tenant's ids rate limit (otherwise Apollo runs it, and refuses it as usual).
   */
  const answerFromCache = async (
    res: ServerResponse,
    tenant: TenantRuntime,
    origin: OperationOrigin,
    key: string,
    started: number,
  ): Promise<boolean> => {
    const hit = opts.responses!.lookup(tenant.id, key);
    if (!hit) return false;
    if (hit.ids > 1 && opts.takeIds && !(await opts.takeIds(tenant.id, hit.ids)).allowed) return false;
    for (const [name, value] of hit.headers) res.setHeader(name, value);
    res.setHeader('content-length', hit.body.length);
    res.statusCode = 200;
    res.end(hit.body);
    opts.answeredFromCache?.(tenant, origin, hit.name, (performance.now() - started) / 1000);
    return true;
  };
  return async (req: IncomingMessage, res: ServerResponse, search: string, requestId: string): Promise<void> => {
    const tenant = opts.authenticate(req);
    if (!tenant) return sendUnauthenticated(req, res);
    const span = startOperationSpan('http', tenant.id, requestId, req.headers);
    if (!span) return serve(req, res, search, tenant, { requestId });
    try {
      await serve(req, res, search, tenant, { requestId, span });
    } finally {
      span.setAttribute('http.request.method', req.method ?? '');
      span.setAttribute('http.response.status_code', res.statusCode);
      span.end();
    }
  };
}

/** Records on the span an operation refused before Apollo saw it. */
function refused(span: Span | undefined, code: ErrorCode): void {
  describeOperation(span, { name: null, type: null, outcome: 'error', codes: [code] });
}

/** Tells `listener` when the response closes: `true` if it was not written whole (the caller went away). */
function onResponseEnd(res: ServerResponse, listener: (callerGone: boolean) => void): void {
  if (res.closed) listener(!res.writableFinished);
  else res.once('close', () => listener(!res.writableFinished));
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { GraphQLError } from 'graphql';
import { TOKEN_HEADER_KEY, TOKEN_QUERY_KEY } from 'graphql-sse';

import { ErrorCode } from '../../errors/error-code';
import { ensureError } from '../../errors/service-error';
import { CallerGone } from '../../tasks/task-service';
import type { TenantRuntime } from '../../tenancy/tenant-runtime';
import { systemClock, type Timer } from '../../time/clock';
import { sendError, sendUnauthenticated } from '../graphql-http-handler';
import { type PreparedOperation, requestError } from '../operation-preparer';
import { OperationRecord } from '../operation-record';
import type { FrameSink } from '../shared-subscription-events';
import { type ResponseStream } from './response-stream';
import { runOperation } from './run-operation';
import { openStream, sendIfRateLimited, type StreamDeps } from './stream-deps';
import { accepts, readStreamRequest } from './stream-request';

/** Options of the SSE endpoint beyond what every streaming transport shares. */
export interface SseOptions extends StreamDeps {
  /** Interval of the keep-alive comment, ms. Default 12,000 (as graphql-sse's own server). */
  readonly keepAliveMs?: number;
  /** Most single-connection reservations (open or waiting to connect) one tenant may hold. Default 1,000. */
  readonly maxReservationsPerTenant?: number;
  /** How long a reservation waits for its event stream to connect, ms; then it is dropped. Default 30,000. */
  readonly reservationTimeoutMs?: number;
  /** Most operations at once on one single-connection stream (as on one WebSocket). Default 100. */
  readonly maxOperationsPerStream?: number;
}

/** A single-connection reservation: its tenant, its stream once connected, its operations by id. */
interface Reservation {
  readonly token: string;
  readonly tenant: TenantRuntime;
  readonly operations: Map<string, AbortController>;
  stream?: ResponseStream;
  expiry?: Timer;
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  // Proxies (nginx) must not buffer the stream.
  'x-accel-buffering': 'no',
};
const KEEP_ALIVE = Buffer.from(':\n\n');
/** Media types of a plain JSON answer: a client that lists one of them gets its query answered as JSON. */
const JSON_TYPES = ['application/json', 'application/graphql-response+json', 'application/graphql+json'];
const NEXT = Buffer.from('event: next\ndata: ');
const EVENT_END = Buffer.from('\n\n');

/**
 * GraphQL over Server-Sent Events on `/graphql`, the `graphql-sse` protocol in both of its modes, on the
 * same engine, admission and bounds as the WebSocket (one upstream poll per task whatever the transport):
 *
 * - **Distinct connections** (what Hive Gateway, Yoga and `graphql-sse`'s default client send): a `GET`
 *   (parameters in the query string) or `POST` (JSON body) with `Accept: text/event-stream` runs one
 *   operation; its results are `next` events, then `complete`, then the response ends.
 * - **Single connection**: `PUT` reserves a stream and answers its token; `GET`/`POST` with the token
 *   (`x-graphql-event-stream-token` header or `token` parameter) and `Accept: text/event-stream`
 *   connects it; a `POST` with the token and `extensions.operationId` starts an operation on it (202);
 *   `DELETE ?operationId=` stops one. A token belongs to the tenant that reserved it.
 *
 * An operation refused by the tenant's rate limit is answered 429 (clients retry it with back-off); any
 * other refusal (validation, bounds) is delivered in the stream as a `next` with the errors, then
 * `complete`, so that no client retries what cannot succeed. Every stream is bounded: bytes queued
 * (`ResponseStream`), reservations per tenant, operations per stream; a keep-alive comment every 12 s
 * keeps proxies from cutting idle streams. A client that goes away releases its operations at once.
 *
 * Written here rather than with `graphql-sse`'s `createHandler` (whose protocol constants it uses):
 * that handler queues every event for a client without bound, keeps reservations that never connect
 * forever, executes and serializes each event once per subscriber, and matches `Accept` exactly.
 */
export class SseHandler {
  private readonly reservations = new Map<string, Reservation>();
  private readonly reservationsPerTenant = new Map<string, number>();
  private readonly keepAliveMs: number;
  private readonly maxReservations: number;
  private readonly reservationTimeoutMs: number;
  private readonly maxOperations: number;

  constructor(private readonly opts: SseOptions) {
    this.keepAliveMs = opts.keepAliveMs ?? 12_000;
    this.maxReservations = opts.maxReservationsPerTenant ?? 1000;
    this.reservationTimeoutMs = opts.reservationTimeoutMs ?? 30_000;
    this.maxOperations = opts.maxOperationsPerStream ?? 100;
  }

  /**
   * Whether a request to `/graphql` is for this transport: single-connection traffic (`PUT`, `DELETE`, a
   * stream token), or an event stream asked for without JSON (what graphql-sse's client, Hive Gateway and
   * urql send for subscriptions). A client that accepts JSON as well (urql's queries list
   * `text/event-stream` after JSON) is answered with JSON on the plain HTTP path.
   */
  static wants(req: IncomingMessage, url: URL): boolean {
    const accept = req.headers.accept;
    return (
      req.method === 'PUT' ||
      req.method === 'DELETE' ||
      req.headers[TOKEN_HEADER_KEY] !== undefined ||
      url.searchParams.has(TOKEN_QUERY_KEY) ||
      (accepts(accept, 'text/event-stream') && !JSON_TYPES.some((type) => accepts(accept, type)))
    );
  }

  /** Single-connection reservations held now (connected or waiting). */
  get reservationCount(): number {
    return this.reservations.size;
  }

  /** Serves one request for which `wants` is true; an operation it starts runs as `requestId`. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> {
    const tenant = this.opts.authenticate(req);
    if (!tenant) return sendUnauthenticated(req, res);
    const header = req.headers[TOKEN_HEADER_KEY];
    const token = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get(TOKEN_QUERY_KEY) ?? undefined;
    const stream = accepts(req.headers.accept, 'text/event-stream');
    if (stream && (req.method === 'GET' || req.method === 'POST')) {
      if (token === undefined) return this.distinct(req, res, url, tenant, requestId);
      return this.connect(req, res, token, tenant, requestId);
    }
    switch (req.method) {
      case 'PUT':
        return this.reserve(req, res, tenant);
      case 'POST':
        if (token !== undefined) return this.start(req, res, url, token, tenant, requestId);
        break;
      case 'DELETE':
        if (token !== undefined) return this.stop(req, res, url, token, tenant);
        break;
    }
    req.resume();
    sendError(
      res,
      400,
      ErrorCode.BAD_REQUEST,
      'Not a GraphQL over SSE request: send "Accept: text/event-stream", or use a stream token (x-graphql-event-stream-token) from PUT /graphql',
    );
  }

  /** Ends every stream (shutdown): a client that did not get `complete` reconnects. */
  closeAll(): void {
    for (const r of [...this.reservations.values()]) this.drop(r);
  }

  // Distinct connections mode: one operation, one response.
  private async distinct(req: IncomingMessage, res: ServerResponse, url: URL, tenant: TenantRuntime, requestId: string): Promise<void> {
    const request = await readStreamRequest(req, res, url, this.opts.maxBodyBytes);
    if (!request) return;
    const gone = abortOnClose(res);
    const record = new OperationRecord(this.opts.logger, 'sse', tenant.id, requestId, req.headers);
    try {
      const prepared = await this.opts.preparer.prepare(tenant, request, gone.signal, record.origin);
      record.admitted(prepared, request.operationName);
      if (Array.isArray(prepared) && sendIfRateLimited(res, prepared)) return;
      if (gone.signal.aborted) return;
      const stream = this.open(res, record.requestId);
      const unregister = this.opts.streams.add(() => stream.end());
      try {
        const sink: FrameSink = { prefix: NEXT, suffix: EVENT_END, send: (frame) => stream.write(frame) };
        await this.run(prepared, sink, tenant, stream.signal, record);
        stream.end('event: complete\ndata:\n\n');
      } finally {
        unregister();
      }
    } finally {
      gone.abort();
      record.end();
    }
  }

  // Single connection mode.
  private reserve(req: IncomingMessage, res: ServerResponse, tenant: TenantRuntime): void {
    req.resume();
    const held = this.reservationsPerTenant.get(tenant.id) ?? 0;
    if (held >= this.maxReservations) {
      sendError(
        res,
        429,
        ErrorCode.RATE_LIMITED,
        `Too many event streams: this tenant holds ${held}, and one tenant may hold at most ${this.maxReservations}; close some first`,
        { 'retry-after': '10' },
      );
      return;
    }
    const reservation: Reservation = { token: randomUUID(), tenant, operations: new Map() };
    reservation.expiry = (this.opts.clock ?? systemClock).setTimer(() => this.drop(reservation), this.reservationTimeoutMs);
    this.reservations.set(reservation.token, reservation);
    this.reservationsPerTenant.set(tenant.id, held + 1);
    res.writeHead(201, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(reservation.token);
  }

  private connect(req: IncomingMessage, res: ServerResponse, token: string, tenant: TenantRuntime, requestId: string): void {
    req.resume();
    const reservation = this.find(res, token, tenant);
    if (!reservation) return;
    if (reservation.stream) {
      sendError(res, 409, ErrorCode.BAD_REQUEST, 'The event stream of this token is open already');
      return;
    }
    reservation.expiry?.cancel();
    const stream = this.open(res, requestId);
    reservation.stream = stream;
    const unregister = this.opts.streams.add(() => this.drop(reservation));
    stream.signal.addEventListener('abort', () => {
      unregister();
      this.drop(reservation);
    });
  }

  private async start(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    token: string,
    tenant: TenantRuntime,
    requestId: string,
  ): Promise<void> {
    const request = await readStreamRequest(req, res, url, this.opts.maxBodyBytes);
    if (!request) return;
    const reservation = this.find(res, token, tenant);
    if (!reservation) return;
    const stream = reservation.stream;
    if (!stream || stream.closed) {
      sendError(res, 409, ErrorCode.BAD_REQUEST, 'The event stream of this token is not connected: connect it first');
      return;
    }
    const id = request.extensions?.['operationId'];
    if (typeof id !== 'string' || id === '' || id.length > 256) {
      sendError(res, 400, ErrorCode.BAD_REQUEST, 'Expected "extensions.operationId" to be a non-empty string');
      return;
    }
    if (reservation.operations.has(id)) {
      sendError(res, 409, ErrorCode.BAD_REQUEST, `An operation with id "${id}" is running on this stream already`);
      return;
    }
    const idJson = JSON.stringify(id);
    const sink: FrameSink = {
      prefix: Buffer.from(`event: next\ndata: {"id":${idJson},"payload":`),
      suffix: Buffer.from('}\n\n'),
      send: (frame) => stream.write(frame),
    };
    const complete = `event: complete\ndata: {"id":${idJson}}\n\n`;
    if (reservation.operations.size >= this.maxOperations) {
      res.writeHead(202).end();
      await this.run([tooManyOperations(this.maxOperations)], sink, tenant, stream.signal);
      stream.write(complete);
      return;
    }
    const controller = new AbortController();
    // The stream's end aborts every operation of its reservation (`drop`).
    reservation.operations.set(id, controller);
    const record = new OperationRecord(this.opts.logger, 'sse', tenant.id, requestId, req.headers, undefined, {
      operationId: id.length <= 128 ? id : `${id.slice(0, 128)}…`,
    });
    try {
      const prepared = await this.opts.preparer.prepare(tenant, request, controller.signal, record.origin);
      record.admitted(prepared, request.operationName);
      if (Array.isArray(prepared) && sendIfRateLimited(res, prepared)) return;
      res.writeHead(202).end(); // with the request's x-request-id, as every answer on /graphql
      await this.run(prepared, sink, tenant, controller.signal, record);
      if (!stream.closed) stream.write(complete);
    } finally {
      if (reservation.operations.get(id) === controller) reservation.operations.delete(id);
      controller.abort(new CallerGone());
      record.end();
    }
  }

  private stop(req: IncomingMessage, res: ServerResponse, url: URL, token: string, tenant: TenantRuntime): void {
    req.resume();
    const reservation = this.find(res, token, tenant);
    if (!reservation) return;
    const id = url.searchParams.get('operationId');
    if (!id) {
      sendError(res, 400, ErrorCode.BAD_REQUEST, 'Expected the "operationId" query parameter');
      return;
    }
    reservation.operations.get(id)?.abort(new CallerGone());
    res.writeHead(200).end();
  }

  /** The tenant's reservation of `token`, or undefined having answered 404 (a token of another tenant is unknown). */
  private find(res: ServerResponse, token: string, tenant: TenantRuntime): Reservation | undefined {
    const reservation = this.reservations.get(token);
    if (reservation && reservation.tenant === tenant) return reservation;
    sendError(res, 404, ErrorCode.BAD_REQUEST, 'No event stream for this token: reserve one with PUT /graphql');
    return undefined;
  }

  /** Ends a reservation: its stream, its operations, its count. */
  private drop(reservation: Reservation): void {
    if (this.reservations.get(reservation.token) !== reservation) return;
    this.reservations.delete(reservation.token);
    const left = (this.reservationsPerTenant.get(reservation.tenant.id) ?? 1) - 1;
    if (left > 0) this.reservationsPerTenant.set(reservation.tenant.id, left);
    else this.reservationsPerTenant.delete(reservation.tenant.id);
    reservation.expiry?.cancel();
    for (const c of reservation.operations.values()) c.abort(new CallerGone());
    reservation.operations.clear();
    reservation.stream?.end();
  }

  /** Starts an event stream on `res`. */
  private open(res: ServerResponse, requestId: string): ResponseStream {
    return openStream(res, this.opts, {
      headers: SSE_HEADERS,
      requestId,
      heartbeat: KEEP_ALIVE,
      heartbeatMs: this.keepAliveMs,
      // Some browsers (Firefox, Safari) wait for a first chunk before they report the stream open.
      first: KEEP_ALIVE,
      what: 'event stream',
    });
  }

  /** Runs one operation into `sink` (or sends its refusal), logging what it could not deliver. */
  private async run(
    prepared: readonly GraphQLError[] | PreparedOperation,
    sink: FrameSink,
    tenant: TenantRuntime,
    signal: AbortSignal,
    record?: OperationRecord,
  ): Promise<void> {
    try {
      await runOperation(this.opts.shared, prepared, sink, tenant.id, signal, record);
    } catch (e) {
      this.opts.logger.error({ err: ensureError(e).message }, 'event stream operation failed');
    }
  }
}

/** An AbortController that aborts, with `CallerGone`, when `res` closes (the client went away, or it ended). */
function abortOnClose(res: ServerResponse): AbortController {
  const controller = new AbortController();
  res.once('close', () => controller.abort(new CallerGone()));
  return controller;
}

function tooManyOperations(max: number): GraphQLError {
  return requestError(`Too many operations on this event stream: at most ${max} at once; complete one first`, ErrorCode.RATE_LIMITED);
}

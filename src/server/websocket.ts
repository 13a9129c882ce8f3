import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';

import type { ExecutionArgs, GraphQLError, GraphQLSchema } from 'graphql';
import { CloseCode, type ExecutionResult, handleProtocols, makeServer, MessageType, type SubscribePayload } from 'graphql-ws';
import { type WebSocket, WebSocketServer } from 'ws';

import { ErrorCode } from '../errors/error-code';
import { ensureError } from '../errors/service-error';
import type { Logger } from '../logging/logger';
import type { TenantRuntime } from '../tenancy/tenant-runtime';
import { classifyClientMessage } from './client-message';
import { type ErrorFormatter, formatExecutionError } from './format-error';
import { DEFAULT_KEEP_ALIVE_MS, keepAlive } from './keep-alive';
import { type OperationPreparer, requestError } from './operation-preparer';
import { OperationRecord } from './operation-record';
import { requestIdFrom } from './request-id';
import { SharedQueryTexts } from './shared-query-texts';
import type { SharedSubscriptionEvents } from './shared-subscription-events';
import { SocketFlow } from './socket-flow';
import { DEFAULT_MAX_OPERATIONS, SocketOperations } from './socket-operations';
import { FRAME_HEADROOM } from './websocket-frame';

/** The end of a graphql-ws `next` message after its payload. */
const NEXT_SUFFIX = Buffer.from('}');

/** Options of the WebSocket endpoint. */
export interface WebSocketOptions {
  readonly httpServer: HttpServer;
  readonly schema: GraphQLSchema;
  /** The tenant for `connectionParams.authorization`, or undefined to refuse (close 4403). */
  readonly authenticate: (authorization: unknown) => TenantRuntime | undefined;
  /**
   * Admits each operation (rate limit, parse, validate, task-id bounds) and builds its context; the
   * operation's signal aborts, with `CallerGone`, when it ends, when the client completes (unsubscribes)
   * it, or when its socket closes for any reason.
   */
  readonly preparer: OperationPreparer;
  /** Executes and serializes each event once for all subscribers that share its payload, whatever their transport. */
  readonly shared: SharedSubscriptionEvents;
  readonly logger: Logger;
  /** Largest accepted message, bytes; a larger one closes the socket with 1009. Default 64 KiB. */
  readonly maxPayloadBytes?: number;
  /** Most open sockets; beyond it an upgrade is answered 503. Default 50,000. */
  readonly maxConnections?: number;
  /** The formatter of HTTP errors (masking, suggestions); default: as graphql-js formats them. */
  readonly formatError?: ErrorFormatter;
  /**
   * Server ping interval, ms. Each ping carries a random payload; a client that has not answered it with
   * a pong carrying that payload by the next ping is cut off (unsolicited pongs do not count). Default 12,000.
   */
  readonly keepAliveMs?: number;
  /**
   * Most bytes queued for one client, bytes: a socket over it for longer than `bufferGraceMs`, or over 4×
   * it at any time, is closed with 1013 (Try Again Later), and cut off if the close cannot be sent within a
   * second. (Beyond 64 KiB queued, nothing more is read from the socket until it drains.) Default 1 MiB.
   */
  readonly maxBufferedBytes?: number;
  /** How long a socket may stay over `maxBufferedBytes`, ms. Default 10,000. */
  readonly bufferGraceMs?: number;
  /**
   * Most operations in progress at once on one socket (subscriptions, and queries still executing); a
   * `subscribe` beyond it gets an `error` message with RATE_LIMITED, and the socket stays open. Default 100.
   */
  readonly maxOperations?: number;
  /** How long a socket may stay open without `connection_init`, ms (then 4408). Default 3000. */
  readonly connectionInitWaitMs?: number;
  /**
   * Whether a browser's upgrade (one with `Origin`) from `origin` to `host` (its `Host`) may proceed; if not
   * it is answered 403. Upgrades without `Origin` always may. Default: every origin.
   */
  readonly allowOrigin?: (origin: string, host: string | undefined) => boolean;
}

/** The graphql-ws endpoint and its `dispose`. */
export interface WebSocketEndpoint {
  /** Open sockets now. */
  readonly clients: () => number;
  /** Refuses new sockets, closes every client with `code` (1001 on shutdown), and waits for them to go. */
  close(code: number, reason: string): Promise<void>;
}

/**
 * Per-socket state: the request it came with, its outgoing flow, its operations in progress and, once
 * `connection_init` is accepted, its tenant.
 */
interface SocketExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  /** The upgrade request's `x-request-id` (when safe) or a fresh one: the connection's, sent back in the 101. */
  readonly requestId: string;
  readonly flow: SocketFlow;
  readonly operations: SocketOperations;
  /** The log line and span of each operation in progress, by its `subscribe` payload (as `operations`). */
  readonly records: Map<object, OperationRecord>;
  tenant?: TenantRuntime;
}

/**
 * graphql-ws (`graphql-transport-ws`) on `/graphql` of the HTTP server: graphql-ws's protocol core
 * (`makeServer`, which owns the close codes 4400/4401/4403/4409/4429 and 4408) behind this thin `ws`
 * adapter, which logs through pino instead of the console, caps sockets and messages, and drains on
 * shutdown. The tenant is fixed at `connection_init` from `connectionParams.authorization`; each
 * operation is rate limited, parsed and validated with the same limits as over HTTP, and runs with a
 * fresh context and its own AbortSignal.
 *
 * Bounded per socket whatever the client does: the bytes queued for it (`SocketFlow`: no reading while
 * over 64 KiB, closed beyond `maxBufferedBytes`), its operations in progress (`maxOperations`), and its
 * liveness (`keepAlive`: a ping must be answered with its own payload). A message only a server may send
 * (`next`, `error`, `connection_ack`) or of no known type closes the socket with 4400, as the protocol says.
 */
export function attachWebSocket(opts: WebSocketOptions): WebSocketEndpoint {
  const { logger, schema } = opts;
  const maxConnections = opts.maxConnections ?? 50_000;
  const keepAliveMs = opts.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
  const maxOperations = opts.maxOperations ?? DEFAULT_MAX_OPERATIONS;
  const format = (e: GraphQLError) => (opts.formatError ? formatExecutionError(opts.formatError, e) : e.toJSON());
  const queryTexts = new SharedQueryTexts();
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayloadBytes ?? 64 * 1024, handleProtocols });
  let closing = false;

  /** Admits the operation (as every transport does: OperationPreparer), and binds its events to the socket. */
  const prepare = async (
    extra: SocketExtra,
    id: string,
    payload: SubscribePayload,
    signal: AbortSignal,
  ): Promise<GraphQLError[] | ExecutionArgs> => {
    const tenant = extra.tenant!; // graphql-ws closes with 4401 before init is acknowledged
    // Each operation has a request id of its own; its log line names the connection's and the message's id too.
    const record = new OperationRecord(
      logger,
      'websocket',
      tenant.id,
      randomUUID(),
      payload.extensions ?? undefined,
      extra.request.headers,
      {
        connectionRequestId: extra.requestId,
        operationId: id.length <= 128 ? id : `${id.slice(0, 128)}…`,
      },
    );
    extra.records.set(payload, record);
    const prepared = await opts.preparer.prepare(tenant, payload, signal, record.origin);
    record.admitted(prepared, payload.operationName);
    if (Array.isArray(prepared)) return prepared;
    const prefix = Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
    const sink = { prefix, suffix: NEXT_SUFFIX, headroom: FRAME_HEADROOM, send: (frame: Buffer) => extra.flow.sendFramed(frame) };
    opts.shared.bind(prepared.args, sink, tenant.id);
    return prepared.args;
  };

  const protocol = makeServer<Record<string, unknown> | undefined, SocketExtra>({
    schema,
    connectionInitWaitTimeout: opts.connectionInitWaitMs ?? 3000,
    onConnect: (ctx) => {
      const params = ctx.connectionParams;
      const tenant = opts.authenticate(params?.['authorization'] ?? params?.['Authorization']);
      if (!tenant) return false; // graphql-ws closes with 4403 Forbidden
      ctx.extra.tenant = tenant;
      return true;
    },
    onSubscribe: async (ctx, id, payload) => {
      const { operations } = ctx.extra;
      const signal = operations.start(id, payload);
      if (!signal) {
        return [
          requestError(
            `Too many operations on this socket: at most ${operations.max} at once (subscriptions and queries in progress); complete one first`,
            ErrorCode.RATE_LIMITED,
          ),
        ];
      }
      // graphql-ws calls onComplete only for an operation that ran: one refused here ends here.
      let prepared: GraphQLError[] | ExecutionArgs;
      try {
        prepared = await prepare(ctx.extra, id, payload, signal);
      } catch (e) {
        operations.end(id, payload);
        endRecord(ctx.extra, payload);
        throw e;
      }
      if (Array.isArray(prepared)) {
        operations.end(id, payload);
        endRecord(ctx.extra, payload);
      }
      return prepared;
    },
    onComplete: (ctx, id, payload) => {
      ctx.extra.operations.end(id, payload);
      endRecord(ctx.extra, payload);
    },
    subscribe: opts.shared.subscribe,
    onError: (_ctx, _id, _payload, errors) => errors.map(format),
    onNext: (ctx, _id, payload, _args, result: ExecutionResult) => {
      if (!result.errors) return undefined;
      ctx.extra.records.get(payload)?.result(result.errors as GraphQLError[], result.data != null);
      return { ...result, errors: result.errors.map((e) => format(e as GraphQLError)) };
    },
  });

  const refuse = (socket: Duplex, status: string): void => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/graphql') return refuse(socket, '404 Not Found');
    const origin = request.headers.origin;
    if (origin !== undefined && opts.allowOrigin?.(origin, request.headers.host) === false) return refuse(socket, '403 Forbidden');
    if (closing) return refuse(socket, '503 Service Unavailable');
    if (wss.clients.size >= maxConnections) {
      logger.warn({ maxConnections }, 'websocket refused: too many open sockets');
      return refuse(socket, '503 Service Unavailable');
    }
    connectionIds.set(request, requestIdFrom(request.headers['x-request-id']));
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  // The connection's request id goes back in the 101 answer, as on every answer of /graphql.
  const connectionIds = new WeakMap<IncomingMessage, string>();
  wss.on('headers', (headers: string[], request: IncomingMessage) => {
    const id = connectionIds.get(request);
    if (id) headers.push(`x-request-id: ${id}`);
  });
  opts.httpServer.on('upgrade', onUpgrade);

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    // ws reports protocol violations (a frame over maxPayload: close 1009) as 'error' after closing.
    socket.on('error', (e) => logger.debug({ err: e.message }, 'websocket protocol error'));
    const flow = new SocketFlow(socket, {
      maxBufferedBytes: opts.maxBufferedBytes,
      graceMs: opts.bufferGraceMs,
      onOverflow: (bufferedBytes, maxBufferedBytes) =>
        logger.warn({ bufferedBytes, maxBufferedBytes }, 'websocket closed: the client does not read what it is sent'),
    });
    // ws answers a client's ping by itself: that pong is queued like any frame.
    socket.on('ping', () => flow.check());
    const stopKeepAlive = keepAlive(socket, keepAliveMs, {
      onPing: () => flow.check(),
      onDead: () => logger.info({ keepAliveMs }, 'websocket terminated: no answer to the keep-alive ping'),
    });
    const extra: SocketExtra = {
      socket,
      request,
      requestId: connectionIds.get(request) ?? randomUUID(),
      flow,
      operations: new SocketOperations(maxOperations),
      records: new Map(),
    };
    const closed = protocol.opened(
      {
        protocol: socket.protocol,
        send: (data) => flow.send(data) ?? Promise.resolve(),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (cb) =>
          socket.on('message', (data, isBinary) => {
            // Once closing, what the client still sends is not for anyone.
            if (socket.readyState !== socket.OPEN) return;
            const text = isBinary ? '' : data.toString();
            const message = classifyClientMessage(text);
            if (message && !message.allowed) return socket.close(CloseCode.BadRequest, 'Invalid message received');
            if (message?.type === MessageType.Complete && typeof message.id === 'string') extra.operations.cancel(message.id);
            // graphql-ws takes a message parsed as well as its text (its parseMessage parses only a string),
            // and keeps a subscribe message for as long as its subscription runs: hand it that one parsed,
            // with the query text every subscription of that query shares, not the frame's text and a copy
            // of the query each. Other messages go as they came.
            const forProtocol = message?.type === MessageType.Subscribe ? queryTexts.share(message.parsed) : text;
            cb(forProtocol as string).catch((e: unknown) => {
              logger.error({ err: ensureError(e).message }, 'websocket message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      extra,
    );
    socket.once('close', (code, reason) => {
      stopKeepAlive();
      flow.dispose();
      extra.operations.closeAll();
      for (const record of extra.records.values()) record.end();
      extra.records.clear();
      logger.debug({ code, connectionRequestId: extra.requestId }, 'websocket closed');
      void closed(code, reason.toString());
    });
  });

  return {
    clients: () => wss.clients.size,
    async close(code, reason) {
      closing = true;
      const gone = [...wss.clients].map(
        (c) => new Promise<void>((resolve) => (c.readyState === c.CLOSED ? resolve() : c.once('close', () => resolve()))),
      );
      for (const client of wss.clients) client.close(code, reason);
      // A client that does not answer the close handshake within a second is cut off.
      const timer = setTimeout(() => wss.clients.forEach((c) => c.terminate()), 1000);
      await Promise.all(gone);
      clearTimeout(timer);
      opts.httpServer.off('upgrade', onUpgrade);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** Ends the log line and span of the operation of `payload` (it completed, or was refused). */
function endRecord(extra: SocketExtra, payload: object): void {
  const record = extra.records.get(payload);
  if (!record) return;
  extra.records.delete(payload);
  record.end();
}

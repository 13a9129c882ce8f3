import type { IncomingMessage, ServerResponse } from 'node:http';

import type { GraphQLError } from 'graphql';

import { ErrorCode } from '../../errors/error-code';
import type { Logger } from '../../logging/logger';
import type { TenantRuntime } from '../../tenancy/tenant-runtime';
import type { Clock } from '../../time/clock';
import { sendError } from '../graphql-http-handler';
import type { OperationPreparer } from '../operation-preparer';
import type { SharedSubscriptionEvents } from '../shared-subscription-events';
import type { OpenStreams } from './open-streams';
import { ResponseStream } from './response-stream';

/** What the HTTP streaming transports (SSE, multipart) share with the rest of the server. */
export interface StreamDeps {
  /** The caller's tenant, or undefined to answer 401. */
  readonly authenticate: (req: IncomingMessage) => TenantRuntime | undefined;
  /** Admits each operation as every transport does. */
  readonly preparer: OperationPreparer;
  /** Executes and serializes each event once for every transport. */
  readonly shared: SharedSubscriptionEvents;
  /** The open streams, ended together on shutdown. */
  readonly streams: OpenStreams;
  readonly logger: Logger;
  /** Largest request body, bytes (as on the plain HTTP path). */
  readonly maxBodyBytes: number;
  /** Most bytes queued for one stream before it is cut off. Default 1 MiB. */
  readonly maxBufferedBytes?: number;
  /** Times heartbeats and reservations. Default the system clock. */
  readonly clock?: Clock;
}

/**
 * Answers 429, with `Retry-After`, when an operation was refused by the tenant's incoming rate limit:
 * HTTP clients (graphql-sse's, Apollo's) retry that status with back-off. Returns whether it answered.
 */
export function sendIfRateLimited(res: ServerResponse, errors: readonly GraphQLError[]): boolean {
  const limited = errors.find((e) => e.extensions['code'] === ErrorCode.RATE_LIMITED);
  const retry = limited?.extensions['retryAfterSeconds'];
  if (!limited || typeof retry !== 'number') return false;
  sendError(res, 429, ErrorCode.RATE_LIMITED, limited.message, { 'retry-after': String(retry) });
  return true;
}

/**
 * Answers 200 with `headers` (and the operation's `x-request-id`) and returns the response as a bounded
 * `ResponseStream` with the transport's `heartbeat` every `heartbeatMs`, its first bytes `first` written
 * at once; a client that does not read is cut off and logged as `what`.
 */
export function openStream(
  res: ServerResponse,
  deps: StreamDeps,
  options: {
    readonly headers: Record<string, string>;
    readonly requestId: string;
    readonly heartbeat: Buffer;
    readonly heartbeatMs: number;
    readonly first: Buffer | string;
    readonly what: string;
  },
): ResponseStream {
  res.writeHead(200, { ...options.headers, 'x-request-id': options.requestId });
  const stream = new ResponseStream(res, {
    heartbeat: options.heartbeat,
    heartbeatMs: options.heartbeatMs,
    maxBufferedBytes: deps.maxBufferedBytes,
    clock: deps.clock,
    onOverflow: (bufferedBytes, maxBufferedBytes) =>
      deps.logger.warn({ bufferedBytes, maxBufferedBytes }, `${options.what} closed: the client does not read what it is sent`),
  });
  stream.write(options.first);
  return stream;
}

import type { IncomingMessage, ServerResponse } from 'node:http';

import type { GraphQLError } from 'graphql';

import { ErrorCode } from '../../errors/error-code';
import { ensureError } from '../../errors/service-error';
import { CallerGone } from '../../tasks/task-service';
import { sendUnauthenticated } from '../graphql-http-handler';
import type { PreparedOperation } from '../operation-preparer';
import { OperationRecord } from '../operation-record';
import type { FrameSink } from '../shared-subscription-events';
import { runOperation } from './run-operation';
import { openStream, sendIfRateLimited, type StreamDeps } from './stream-deps';
import { readStreamRequest } from './stream-request';

/** Options of the multipart endpoint beyond what every streaming transport shares. */
export interface MultipartOptions extends StreamDeps {
  /** Interval of the heartbeat part (`{}`), ms. Default 5,000: Apollo's clients expect one at least that often. */
  readonly heartbeatMs?: number;
}

const PART_HEAD = '\r\ncontent-type: application/json\r\n\r\n';
/** Each part is followed by the delimiter, so that a client parses it as soon as it arrives. */
const DELIMITER = '\r\n--graphql';
const HEARTBEAT = Buffer.from(`${PART_HEAD}{}${DELIMITER}`);
const PREFIX = Buffer.from(`${PART_HEAD}{"payload":`);
const SUFFIX = Buffer.from(`}${DELIMITER}`);
/** What turns the last delimiter into the closing one. */
const CLOSE = '--\r\n';

/**
 * Apollo's multipart HTTP subscriptions (`Accept: multipart/mixed;subscriptionSpec=1.0`, what Apollo
 * Client's `HttpLink` sends for a subscription, and Apollo Router to subgraphs in that mode) on
 * `/graphql`, on the same engine, admission and bounds as the WebSocket: one `multipart/mixed;
 * boundary="graphql"` response per operation, each result a part `{"payload": <result>}`, a heartbeat
 * part `{}` every 5 s, then the closing delimiter when the stream completes. A failure of the stream
 * itself (the server shutting down, an internal error) is a part `{"payload": null, "errors": [...]}`
 * (a transport error, as the specification names it) before the end.
 *
 * An operation refused by the tenant's rate limit is answered 429; any other refusal is a payload with
 * the errors, then the end. A client that goes away releases its operation at once; one that does not
 * read what it is sent is cut off (`ResponseStream`). Hand-written: no library serves this protocol for
 * a plain `node:http` server.
 */
export class MultipartHandler {
  private readonly heartbeatMs: number;

  constructor(private readonly opts: MultipartOptions) {
    this.heartbeatMs = opts.heartbeatMs ?? 5000;
  }

  /** Whether a request asks for a multipart subscription response. */
  static wants(req: IncomingMessage): boolean {
    const accept = req.headers.accept?.toLowerCase();
    return accept !== undefined && accept.includes('multipart/mixed') && accept.includes('subscriptionspec');
  }

  /** Serves one request for which `wants` is true; its operation runs as `requestId`. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> {
    const { preparer, logger } = this.opts;
    const tenant = this.opts.authenticate(req);
    if (!tenant) return sendUnauthenticated(req, res);
    const request = await readStreamRequest(req, res, url, this.opts.maxBodyBytes);
    if (!request) return;
    const gone = new AbortController();
    res.once('close', () => gone.abort(new CallerGone()));
    const record = new OperationRecord(logger, 'multipart', tenant.id, requestId, req.headers);
    try {
      await this.serve(res, tenant.id, record, await preparer.prepare(tenant, request, gone.signal, record.origin), request.operationName);
    } finally {
      gone.abort(new CallerGone());
      record.end();
    }
  }

  private async serve(
    res: ServerResponse,
    tenantId: string,
    record: OperationRecord,
    prepared: PreparedOperation | GraphQLError[],
    operationName: unknown,
  ): Promise<void> {
    const { shared, logger } = this.opts;
    record.admitted(prepared, operationName);
    if (Array.isArray(prepared) && sendIfRateLimited(res, prepared)) return;
    if (res.closed) return;
    const stream = openStream(res, this.opts, {
      headers: {
        'content-type': 'multipart/mixed;boundary="graphql";subscriptionSpec="1.0"',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
      },
      requestId: record.requestId,
      heartbeat: HEARTBEAT,
      heartbeatMs: this.heartbeatMs,
      first: DELIMITER,
      what: 'multipart stream',
    });
    const fail = (message: string, code: ErrorCode) => {
      const error = JSON.stringify({ payload: null, errors: [{ message, extensions: { code } }] });
      stream.end(`${PART_HEAD}${error}${DELIMITER}${CLOSE}`);
    };
    const unregister = this.opts.streams.add(() => fail('The server is shutting down: subscribe again', ErrorCode.SHUTTING_DOWN));
    const sink: FrameSink = { prefix: PREFIX, suffix: SUFFIX, send: (frame) => stream.write(frame) };
    try {
      await runOperation(shared, prepared, sink, tenantId, stream.signal, record);
      stream.end(CLOSE);
    } catch (e) {
      logger.error({ err: ensureError(e).message }, 'multipart subscription failed');
      fail('Internal server error', ErrorCode.INTERNAL_SERVER_ERROR);
    } finally {
      unregister();
    }
  }
}

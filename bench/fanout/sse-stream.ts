import { type Agent, type ClientRequest, type IncomingMessage, request } from 'node:http';

import { followEventStream, NEXT_EVENT, parseEvent, splitEvents } from './sse-subscription';
import { type ConnectionSink, type NextPayload, readUpdate, type Subscriber, type SubscriptionSpec } from './subscriber-connection';

/** graphql-sse's `TOKEN_HEADER_KEY`: the header naming a single-connection stream's reservation. */
const TOKEN_HEADER = 'x-graphql-event-stream-token';
/** How a `next` event of this mode starts, up to its operation id (`src/server/streaming/sse-handler.ts`). */
const NEXT_WITH_ID = `${NEXT_EVENT}{"id":"`;

/**
 * Several subscriptions on one GraphQL over SSE stream, in the graphql-sse protocol's single connection
 * mode: `PUT /graphql` reserves a stream and answers its token (201); a `GET` with the token header and
 * `Accept: text/event-stream` connects it; then one `POST` per operation with the token header and
 * `extensions.operationId` (answered 202) starts it on that stream, whose events name their operation:
 * `event: next` with `{"id":…,"payload":…}`, `event: complete` with `{"id":…}`. So N subscriptions take
 * one descriptor per stream in the server and here, not one each as in the distinct connections mode
 * (`sse-subscription.ts`), which is what lets 20,000 subscriptions fit this machine's open-file limit.
 *
 * As lean as `SseSubscription`, for the same reason (the load generator's receive timestamps): raw
 * `node:http`, events split on blank lines, a `next` of the ExportTaskUpdates operation read by
 * `readUpdate` without `JSON.parse`. The stream goes through the load generator's shared agent with no
 * socket limit (a stream holds its socket as long as it runs); the short requests (`PUT`, `POST`) through
 * `requestAgent`, a keep-alive agent with a bounded pool, so that they reuse a few sockets rather than
 * take a descriptor each. Reads the framing this service writes (`\n` line ends); no reconnects.
 */
export class SseStream implements Subscriber {
  private req: ClientRequest | undefined;
  private closedByUs = false;
  /** The end of the last chunk when it stopped inside an event. */
  private pending = '';

  constructor(
    /** The service's GraphQL URL, e.g. `http://127.0.0.1:4000/graphql`. */
    private readonly url: string,
    private readonly apiKey: string,
    private readonly query: string,
    /** The stream's subscriptions; the operation id of `specs[i]` is `String(i)`. */
    private readonly specs: readonly SubscriptionSpec[],
    private readonly sink: ConnectionSink,
    /** For the event stream: shared by every stream of the load generator, with no socket limit. */
    private readonly streamAgent: Agent,
    /** For `PUT` and `POST`: keep-alive, a bounded pool. */
    private readonly requestAgent: Agent,
  ) {}

  /** Reserves and connects the stream, then starts every operation; resolves once each was accepted (202). */
  async open(): Promise<void> {
    const token = await this.call('PUT', {}, undefined, 201);
    await this.connect(token);
    await Promise.all(
      this.specs.map((spec, i) =>
        this.call(
          'POST',
          { [TOKEN_HEADER]: token, 'content-type': 'application/json' },
          JSON.stringify({
            query: this.query,
            operationName: 'ExportTaskUpdates',
            variables: { ids: [spec.taskId] },
            extensions: { operationId: String(i) },
          }),
          202,
        ),
      ),
    );
  }

  /** Ends the stream (the server drops the reservation and ends every operation on it). */
  close(): void {
    this.closedByUs = true;
    this.req?.destroy();
  }

  /** One short request on `requestAgent`; resolves with its body when answered `expected`. */
  private call(method: 'PUT' | 'POST', headers: Record<string, string>, body: string | undefined, expected: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = request(this.url, {
        method,
        agent: this.requestAgent,
        headers: {
          ...headers,
          authorization: `Bearer ${this.apiKey}`,
          'content-length': body === undefined ? 0 : Buffer.byteLength(body),
        },
      });
      req.on('response', (res: IncomingMessage) => {
        res.setEncoding('utf8');
        let text = '';
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          res.statusCode === expected
            ? resolve(text)
            : reject(new Error(`SSE ${method} answered ${res.statusCode}: ${text.slice(0, 300)}`)),
        );
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Connects the reserved stream; resolves once its `200` headers arrived. */
  private connect(token: string): Promise<void> {
    const req = request(this.url, {
      method: 'GET',
      agent: this.streamAgent,
      headers: { accept: 'text/event-stream', authorization: `Bearer ${this.apiKey}`, [TOKEN_HEADER]: token },
    });
    this.req = req;
    const following = followEventStream(
      req,
      `subscriptions ${this.specs[0]?.index}…`,
      this.sink,
      () => this.closedByUs,
      (chunk, at) => this.onData(chunk, at),
    );
    req.end();
    return following;
  }

  private onData(chunk: string, receivedAt: number): void {
    this.pending = splitEvents(this.pending, chunk, (block) => this.onEvent(block, receivedAt));
  }

  private onEvent(block: string, receivedAt: number): void {
    if (block.startsWith(':')) return; // a keep-alive comment
    if (block.startsWith(NEXT_WITH_ID)) {
      // The fast path: a one-line `next` of an operation whose id is a plain string.
      const idEnd = block.indexOf('"', NEXT_WITH_ID.length);
      if (idEnd > 0 && block.startsWith('","payload":', idEnd) && !block.includes('\n', idEnd)) {
        const data = block.slice(NEXT_EVENT.length);
        const fast = readUpdate(data);
        if (fast) {
          this.onNext(block.slice(NEXT_WITH_ID.length, idEnd), fast.payload, fast.errors, data, receivedAt);
          return;
        }
      }
    }
    const { event, data } = parseEvent(block);
    let message: { id?: unknown; payload?: NextPayload };
    try {
      message = JSON.parse(data) as typeof message;
    } catch {
      this.sink.onProblem('error', `unreadable "${event}" event: ${data.slice(0, 300)}`);
      return;
    }
    switch (event) {
      case 'next': {
        const payload = message.payload ?? {};
        this.onNext(String(message.id), payload, !!payload.errors, data, receivedAt);
        break;
      }
      case 'complete':
        this.sink.onProblem('complete', `operation ${String(message.id)} of a stream completed`);
        break;
      default:
        this.sink.onProblem('error', `unexpected event "${event}": ${data.slice(0, 300)}`);
    }
  }

  private onNext(id: string, payload: NextPayload, errors: boolean, data: string, receivedAt: number): void {
    const spec = this.specs[Number(id)];
    if (!spec) {
      this.sink.onProblem('error', `event for unknown operation "${id}": ${data.slice(0, 300)}`);
      return;
    }
    if (errors) this.sink.onProblem('graphql-error', data.slice(0, 300));
    this.sink.onNext(spec.index, payload, receivedAt);
  }
}

import { type Agent, type ClientRequest, type IncomingMessage, request } from 'node:http';

import { type ConnectionSink, type NextPayload, readUpdate, type Subscriber, type SubscriptionSpec } from './subscriber-connection';

/** `event: next` and its data line, as the service writes every event (`src/server/streaming/sse-handler.ts`). */
export const NEXT_EVENT = 'event: next\ndata: ';

/**
 * One subscription over GraphQL over SSE in the graphql-sse protocol's distinct connections mode (what
 * graphql-sse's `createClient`, Hive Gateway and Yoga send by default): one `POST /graphql` with the
 * operation as JSON and `Accept: text/event-stream`, whose response is the event stream of that one
 * operation. So one subscription is one HTTP connection: a descriptor in the server and one here (5,000
 * subscriptions are 5,000 of each, within the 20,000 of this machine's open-file limit).
 *
 * Raw `node:http` and a small parser of the SSE framing rather than graphql-sse's `createClient`: that
 * client runs each stream through `fetch` (undici), a `ReadableStream` reader, a `TextDecoder` and a
 * generic SSE parser, and keeps an async iterator per subscription; the load generator must spend
 * little CPU per event, or its receive timestamps lag the arrival time (the same reason the WebSocket
 * client is a lean `graphql-transport-ws` of its own). Here the HTTP framing (chunked encoding) is
 * llhttp's, the SSE framing is split on blank lines, and an event's fields are read as the WebSocket
 * client reads them (`readUpdate`). It reads the framing the service writes (`\n` line ends; an event
 * other than a one-line `next` takes a slower general path), not every server's: no `\r\n`, no
 * reconnects, no `Last-Event-ID`.
 */
export class SseSubscription implements Subscriber {
  private req: ClientRequest | undefined;
  private closedByUs = false;
  /** The end of the last chunk when it stopped inside an event. */
  private pending = '';

  constructor(
    /** The service's GraphQL URL, e.g. `http://127.0.0.1:4000/graphql`. */
    private readonly url: string,
    private readonly apiKey: string,
    private readonly query: string,
    private readonly spec: SubscriptionSpec,
    private readonly sink: ConnectionSink,
    /** Shared by every subscription of the load generator, with no socket limit (each stream keeps its own). */
    private readonly agent: Agent,
  ) {}

  /** Sends the request; resolves once the stream's `200` headers arrived (the operation was admitted). */
  open(): Promise<void> {
    const body = JSON.stringify({ query: this.query, operationName: 'ExportTaskUpdates', variables: { ids: [this.spec.taskId] } });
    const req = request(this.url, {
      method: 'POST',
      agent: this.agent,
      headers: {
        accept: 'text/event-stream',
        authorization: `Bearer ${this.apiKey}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    });
    this.req = req;
    const following = followEventStream(
      req,
      `subscription ${this.spec.index}`,
      this.sink,
      () => this.closedByUs,
      (chunk, at) => this.onData(chunk, at),
    );
    req.end(body);
    return following;
  }

  /** Ends the stream (the server sees the connection close and ends the subscription). */
  close(): void {
    this.closedByUs = true;
    this.req?.destroy();
  }

  private onData(chunk: string, receivedAt: number): void {
    this.pending = splitEvents(this.pending, chunk, (block) => this.onEvent(block, receivedAt));
  }

  private onEvent(block: string, receivedAt: number): void {
    if (block.startsWith(':')) return; // a keep-alive comment
    let event: string;
    let data: string;
    if (block.startsWith(NEXT_EVENT) && !block.includes('\n', NEXT_EVENT.length)) {
      event = 'next';
      data = block.slice(NEXT_EVENT.length);
    } else {
      ({ event, data } = parseEvent(block));
    }
    switch (event) {
      case 'next': {
        const fast = readUpdate(data);
        const payload = fast ? fast.payload : (JSON.parse(data) as NextPayload);
        if (fast ? fast.errors : payload.errors) this.sink.onProblem('graphql-error', data.slice(0, 300));
        this.sink.onNext(this.spec.index, payload, receivedAt);
        break;
      }
      case 'complete':
        this.sink.onProblem('complete', `subscription ${this.spec.index} completed`);
        break;
      default:
        this.sink.onProblem('error', `unexpected event "${event}": ${data.slice(0, 300)}`);
    }
  }
}

/** An event's type and data by the SSE rules (data lines joined, comments skipped), for `\n` line ends. */
export function parseEvent(block: string): { event: string; data: string } {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return { event, data: data.join('\n') };
}

/**
 * Follows the event stream that `req` asks for: resolves once its `200` headers arrived, from then on
 * hands each chunk (UTF-8 text) to `onChunk` with its receipt time, and reports the stream's end or
 * failure to `sink` unless `closedByUs()`; rejects with the answer of any other status, or a failure
 * before the headers. `what` names the stream in the reports.
 */
export function followEventStream(
  req: ClientRequest,
  what: string,
  sink: ConnectionSink,
  closedByUs: () => boolean,
  onChunk: (chunk: string, receivedAt: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let opened = false;
    req.on('response', (res: IncomingMessage) => {
      res.setEncoding('utf8');
      if (res.statusCode !== 200) {
        let text = '';
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => reject(new Error(`SSE stream of ${what} answered ${res.statusCode}: ${text.slice(0, 300)}`)));
        return;
      }
      opened = true;
      res.on('data', (chunk: string) => onChunk(chunk, Date.now()));
      res.on('end', () => {
        if (!closedByUs()) sink.onProblem('close', `stream of ${what} ended by the server`);
      });
      resolve();
    });
    req.on('error', (e) => {
      if (closedByUs()) return;
      if (opened) sink.onProblem('close', e.message);
      else reject(e);
    });
  });
}

/**
 * Splits what arrived on an event stream into events (each ends with a blank line), after `pending`,
 * the unfinished event of the chunk before; hands each to `onEvent` and returns the new unfinished end.
 */
export function splitEvents(pending: string, chunk: string, onEvent: (block: string) => void): string {
  const text = pending === '' ? chunk : pending + chunk;
  let start = 0;
  for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n', start)) {
    onEvent(text.slice(start, end));
    start = end + 2;
  }
  return start === text.length ? '' : text.slice(start);
}

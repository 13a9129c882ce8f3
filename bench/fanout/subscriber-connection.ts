import WebSocket from 'ws';

/** One subscription on a connection: the task it watches and where its events go. */
export interface SubscriptionSpec {
  /** Global index of the subscription in the benchmark. */
  readonly index: number;
  readonly taskId: string;
}

/** What a connection reports to the load generator. */
export interface ConnectionSink {
  /** A `next` payload for subscription `index`, with the wall time (`Date.now()`) it was received. */
  onNext(index: number, payload: NextPayload, receivedAt: number): void;
  /** An `error` message, a payload with `errors`, an unexpected `complete` or close. */
  onProblem(kind: 'error' | 'graphql-error' | 'provider-error' | 'complete' | 'close', detail: string): void;
}

/** A client of the load generator carrying one or more subscriptions (a WebSocket, an SSE stream). */
export interface Subscriber {
  /** Connects and starts its subscriptions; resolves once they are sent (their first events follow). */
  open(): Promise<void>;
  /** Disconnects; the server ends its subscriptions. */
  close(): void;
}

/** The `exportTaskUpdates` payload the benchmark reads. */
export interface NextPayload {
  readonly data?: {
    readonly exportTaskUpdates?: {
      readonly final: boolean;
      readonly error?: unknown;
      readonly task: { readonly progress: number | null; readonly observedAt: string } | null;
    };
  };
  readonly errors?: unknown[];
}

/**
 * A minimal `graphql-transport-ws` client (the protocol of graphql-ws) carrying several subscriptions:
 * `connection_init` with the API key, then one `subscribe` per spec on `connection_ack`. Kept
 * deliberately lean (no reconnects, no lazy mode) so that the load generator spends little CPU per
 * message and its receive timestamps stay close to the arrival time.
 */
export class SubscriberConnection implements Subscriber {
  private ws: WebSocket | undefined;
  private closedByUs = false;

  constructor(
    private readonly url: string,
    private readonly apiKey: string,
    private readonly query: string,
    private readonly specs: readonly SubscriptionSpec[],
    private readonly sink: ConnectionSink,
  ) {}

  /** Opens the socket; resolves once every `subscribe` is sent. */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url, 'graphql-transport-ws', { perMessageDeflate: false });
      this.ws = ws;
      let acked = false;
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${this.apiKey}` } })));
      ws.on('message', (data: Buffer) => {
        const receivedAt = Date.now();
        const text = data.toString('utf8');
        const fast = readNext(text);
        if (fast) {
          if (fast.errors) this.sink.onProblem('graphql-error', text.slice(0, 300));
          this.sink.onNext(this.specs[Number(fast.id)]!.index, fast.payload, receivedAt);
          return;
        }
        const message = JSON.parse(text) as { type: string; id?: string; payload?: unknown };
        switch (message.type) {
          case 'next': {
            const payload = message.payload as NextPayload;
            if (payload.errors) this.sink.onProblem('graphql-error', JSON.stringify(payload.errors).slice(0, 300));
            this.sink.onNext(this.specs[Number(message.id)]!.index, payload, receivedAt);
            break;
          }
          case 'connection_ack':
            acked = true;
            this.specs.forEach((s, i) =>
              ws.send(
                JSON.stringify({
                  id: String(i),
                  type: 'subscribe',
                  payload: { query: this.query, operationName: 'ExportTaskUpdates', variables: { ids: [s.taskId] } },
                }),
              ),
            );
            resolve();
            break;
          case 'ping':
            ws.send('{"type":"pong"}');
            break;
          case 'error':
            this.sink.onProblem('error', JSON.stringify(message.payload).slice(0, 300));
            break;
          case 'complete':
            this.sink.onProblem('complete', `subscription ${message.id} completed`);
            break;
        }
      });
      ws.on('error', (e) => (acked ? this.sink.onProblem('close', e.message) : reject(e)));
      ws.on('close', (code, reason) => {
        if (!acked) reject(new Error(`closed before connection_ack: ${code} ${reason.toString()}`));
        else if (!this.closedByUs) this.sink.onProblem('close', `closed by the server: ${code} ${reason.toString()}`);
      });
    });
  }

  /** Closes the socket (normal closure). */
  close(): void {
    this.closedByUs = true;
    this.ws?.close(1000, 'bench done');
  }
}

/**
 * Reads the few fields the benchmark needs from a `next` frame of the ExportTaskUpdates operation
 * without `JSON.parse` (a third of this process's CPU per event at 20,000 events per second), or
 * returns undefined for any other frame, which then takes the `JSON.parse` path.
 */
function readNext(text: string): { id: string; errors: boolean; payload: NextPayload } | undefined {
  if (!text.startsWith('{"id":"')) return undefined;
  const idEnd = text.indexOf('"', 7);
  if (!text.startsWith(',"type":"next","payload":', idEnd + 1)) return undefined;
  const update = readUpdate(text);
  return update && { id: text.slice(7, idEnd), ...update };
}

/**
 * Reads `exportTaskUpdates`' `final`, `error`, `task.progress` and `task.observedAt` from text holding
 * one ExecutionResult of the ExportTaskUpdates operation (a graphql-ws `next` frame, an SSE event's
 * data) without `JSON.parse`; undefined when the payload has no task (then the caller parses it).
 */
export function readUpdate(text: string): { errors: boolean; payload: NextPayload } | undefined {
  const progressAt = text.indexOf('"progress":');
  const observedAt = text.indexOf('"observedAt":"');
  if (progressAt < 0 || observedAt < 0) return undefined;
  const progressEnd = text.indexOf(',', progressAt);
  const progressText = text.slice(progressAt + 11, progressEnd);
  const update = {
    final: text.includes('"final":true'),
    error: text.includes('"error":null') ? null : text.slice(0, 300),
    task: { progress: progressText === 'null' ? null : Number(progressText), observedAt: text.slice(observedAt + 14, observedAt + 38) },
  };
  return { errors: text.includes('"errors":['), payload: { data: { exportTaskUpdates: update } } };
}

import {
  createSourceEventStream,
  type DocumentNode,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLFormattedError,
  subscribe,
} from 'graphql';

/**
 * Where the events of one subscription go, and how its transport frames them: each event's payload
 * (a GraphQL result's JSON, UTF-8) is sent as `prefix + payload + suffix` (a graphql-ws `next` message,
 * an SSE `next` event, a multipart part). `send` returns a promise when the caller should wait for the
 * write (back-pressure).
 */
export interface FrameSink {
  readonly prefix: Buffer;
  readonly suffix: Buffer;
  /** Bytes left free at the start of each frame for the transport's own header (`send` gets them); default 0. */
  readonly headroom?: number;
  send(frame: Buffer): Promise<void> | void;
}

/** The frame of one payload for `sink`: its headroom (uninitialized), prefix, payload and suffix, in one buffer. */
export function frameOf(sink: FrameSink, payload: Buffer): Buffer {
  const { prefix, suffix } = sink;
  const headroom = sink.headroom ?? 0;
  const frame = Buffer.allocUnsafe(headroom + prefix.length + payload.length + suffix.length);
  prefix.copy(frame, headroom);
  payload.copy(frame, headroom + prefix.length);
  suffix.copy(frame, headroom + prefix.length + payload.length);
  return frame;
}

/** A bound subscription: its sink and the key of the payloads it can share. */
interface Binding {
  readonly sink: FrameSink;
  readonly shareKey: string;
}

/**
 * The `subscribe` of every transport (graphql-ws, SSE, multipart HTTP) for subscriptions whose source events are shared objects (the live engine
 * hands every subscriber of a task the same event object per change): each event is executed and
 * serialized once per share key, not once per subscriber or transport, and each subscriber's frame is
 * that one JSON text in its transport's framing. With thousands of subscribers per task this is what keeps a change
 * cheap to fan out (BENCHMARKS.md, fan-out: per-subscriber execution and `JSON.stringify` were most of
 * the CPU per delivered event).
 *
 * Payloads are shared between subscriptions whose payload cannot differ for the same event (see
 * `bind`). A subscription that was not bound runs through graphql-js's own `subscribe` unchanged.
 *
 * A bound subscription's iterator yields nothing to its caller: it writes its frames itself, in order,
 * each after the previous one was written (the same back-pressure as graphql-ws's own loop), and
 * completes when the source completes, so the transport then sends its `complete` as usual. Errors in a
 * payload are formatted by `formatError`, as graphql-ws's `onNext` would have.
 */
export class SharedSubscriptionEvents {
  private readonly bindings = new WeakMap<ExecutionArgs, Binding>();
  /** Per event and share key: the payload's JSON (UTF-8) once rendered, its rendering until then. */
  private readonly payloads = new WeakMap<object, Map<string, Buffer | Promise<Buffer>>>();
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private nextDocumentId = 1;

  constructor(private readonly formatError: (error: GraphQLError) => GraphQLFormattedError) {}

  /**
   * Makes the subscription started with exactly `args` write its frames to `sink`. It shares payloads
   * with the subscriptions of the same `scope` (what the payload depends on beyond the event, the
   * document, the operation name and the variables: the tenant) that run the same document object
   * (documents are cached by query text) with the same operation name and variables.
   */
  bind(args: ExecutionArgs, sink: FrameSink, scope: string): void {
    let documentId = this.documentIds.get(args.document);
    if (documentId === undefined) this.documentIds.set(args.document, (documentId = this.nextDocumentId++));
    const shareKey = `${scope}\u0000${documentId}\u0000${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? null)}`;
    this.bindings.set(args, { sink, shareKey });
  }

  /** The `subscribe` option of graphql-ws's `makeServer`. */
  readonly subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const binding = this.bindings.get(args);
    if (!binding) return subscribe(args);
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const events = source[Symbol.asyncIterator]();
    const done: IteratorReturnResult<undefined> = { done: true, value: undefined };
    const iterator: AsyncIterableIterator<ExecutionResult> = {
      next: async () => {
        for (;;) {
          const event = await events.next();
          if (event.done) return done;
          let payload = this.payloadOf(event.value, binding.shareKey, args);
          if (!Buffer.isBuffer(payload)) payload = await payload;
          // Bytes, not a string: the socket writes them as they are instead of encoding each frame again.
          const sent = binding.sink.send(frameOf(binding.sink, payload));
          if (sent) await sent;
        }
      },
      return: async () => {
        await events.return?.();
        return done;
      },
      throw: async (error: unknown) => {
        await events.return?.();
        throw error;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  };

  /** The serialized payload of `event` for `shareKey`, rendered by the first subscriber that needs it. */
  private payloadOf(event: unknown, shareKey: string, args: ExecutionArgs): Buffer | Promise<Buffer> {
    if (typeof event !== 'object' || event === null) return this.render(event, args);
    let byKey = this.payloads.get(event);
    if (!byKey) this.payloads.set(event, (byKey = new Map()));
    let payload = byKey.get(shareKey);
    if (payload === undefined) {
      const rendering = this.render(event, args);
      byKey.set(shareKey, (payload = rendering));
      // Later subscribers take the text without waiting a turn; a failed rendering stays a rejection.
      rendering.then(
        (json) => byKey.get(shareKey) === rendering && byKey.set(shareKey, json),
        () => undefined,
      );
    }
    return payload;
  }

  private async render(event: unknown, args: ExecutionArgs): Promise<Buffer> {
    return this.serialize(await execute({ ...args, rootValue: event }));
  }

  /** A result's JSON (UTF-8), its errors formatted as every other error of this service. */
  serialize(result: ExecutionResult): Buffer {
    return Buffer.from(JSON.stringify(result.errors ? { ...result, errors: result.errors.map((e) => this.formatError(e)) } : result));
  }
}

import { CallerGone } from '../tasks/task-service';

/** Default of the most operations in progress at once on one socket: 100. */
export const DEFAULT_MAX_OPERATIONS = 100;

/**
 * The operations in progress on one WebSocket (subscriptions, and queries still executing), at most
 * `max` at once, each with the AbortSignal of its context. A signal aborts, with `CallerGone`, when its
 * operation ends, when the client completes (unsubscribes) it, or when the socket closes.
 *
 * An operation is keyed by its `subscribe` message's payload object, which graphql-ws hands to both
 * `onSubscribe` and `onComplete`: a client may reuse an id as soon as it has completed it, while the
 * first operation of that id may still be executing (and still counts).
 */
export class SocketOperations {
  private readonly byPayload = new Map<object, AbortController>();
  /** The latest operation of each id, for the client's `complete` message. */
  private readonly byId = new Map<string, AbortController>();

  constructor(readonly max: number = DEFAULT_MAX_OPERATIONS) {}

  /** Operations in progress. */
  get size(): number {
    return this.byPayload.size;
  }

  /** Starts the operation of `payload` and returns its signal; undefined when `max` are in progress. */
  start(id: string, payload: object): AbortSignal | undefined {
    if (this.byPayload.size >= this.max) return undefined;
    const controller = new AbortController();
    this.byPayload.set(payload, controller);
    this.byId.set(id, controller);
    return controller.signal;
  }

  /** The client completed `id`: its signal aborts; the operation counts until it has ended. */
  cancel(id: string): void {
    const controller = this.byId.get(id);
    if (!controller) return;
    this.byId.delete(id);
    controller.abort(new CallerGone());
  }

  /** The operation of `payload` ended (or was refused before it ran): its signal aborts, and it no longer counts. */
  end(id: string, payload: object): void {
    const controller = this.byPayload.get(payload);
    if (!controller) return;
    this.byPayload.delete(payload);
    if (this.byId.get(id) === controller) this.byId.delete(id);
    controller.abort(new CallerGone());
  }

  /** The socket closed: every signal aborts. */
  closeAll(): void {
    const controllers = [...this.byPayload.values()];
    this.byPayload.clear();
    this.byId.clear();
    for (const c of controllers) c.abort(new CallerGone());
  }
}

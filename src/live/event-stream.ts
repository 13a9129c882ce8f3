/**
 * A push-based async iterator: the producer `push`es and `end`s, the consumer (graphql-ws through
 * graphql-js) pulls. `return()` (the client unsubscribed or disconnected) runs `onClose` once.
 * When the consumer falls behind by more than `maxBuffered` events, older non-final events of the
 * same key are replaced by newer ones: a progress view needs the latest state, not every step.
 */
export class EventStream<T extends { readonly final: boolean }> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | undefined;
  private done = false;

  constructor(
    /** What an event is about (a task id): only an older event of the same key is replaced. */
    private readonly keyOf: (event: T) => string,
    private readonly onClose: () => void,
    private readonly maxBuffered = 256,
  ) {}

  /** Queues an event for the consumer. */
  push(event: T): void {
    if (this.done) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w({ value: event, done: false });
      return;
    }
    if (this.buffer.length >= this.maxBuffered && !event.final) {
      const key = this.keyOf(event);
      const i = this.buffer.findIndex((e) => !e.final && this.keyOf(e) === key);
      if (i >= 0) this.buffer.splice(i, 1);
    }
    this.buffer.push(event);
  }

  /** Ends the stream after the buffered events are consumed. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.onClose();
    if (this.waiting && this.buffer.length === 0) {
      const w = this.waiting;
      this.waiting = undefined;
      w({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T>> {
    const value = this.buffer.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.buffer.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}

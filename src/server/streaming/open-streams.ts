/**
 * The long-lived HTTP responses open now (SSE streams, multipart subscriptions), each with how it ends
 * on shutdown, so that the server can end them all at once: unlike a query, a stream never finishes by
 * itself, and a graceful drain would otherwise wait its whole grace for them.
 */
export class OpenStreams {
  private readonly streams = new Set<() => void>();
  private closing = false;

  /** Streams open now. */
  get size(): number {
    return this.streams.size;
  }

  /** Whether the server is ending its streams: a new one should not start. */
  get closed(): boolean {
    return this.closing;
  }

  /** Registers an open stream and how it ends on shutdown; returns what to call once it has ended. */
  add(shutdown: () => void): () => void {
    this.streams.add(shutdown);
    return () => this.streams.delete(shutdown);
  }

  /** Ends every open stream (each tells its client in its own way to subscribe again elsewhere). */
  closeAll(): void {
    this.closing = true;
    for (const shutdown of [...this.streams]) shutdown();
    this.streams.clear();
  }
}

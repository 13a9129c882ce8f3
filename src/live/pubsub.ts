/** Called with each message published on a topic. */
export type MessageHandler = (message: string) => void;

/**
 * Topic pub/sub carrying serialized task events. Messages are strings so that the in-memory and the
 * Redis implementations behave the same, and an event is serialized once per change, not once per
 * subscriber.
 */
export interface PubSub {
  /** Resolves once handed to the transport; rejects when it could not be (e.g. Redis unreachable). */
  publish(topic: string, message: string): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(topic: string, handler: MessageHandler): () => void;
  dispose(): Promise<void>;
}

/** Pub/sub within one process. */
export class InMemoryPubSub implements PubSub {
  private readonly topics = new Map<string, Set<MessageHandler>>();

  async publish(topic: string, message: string): Promise<void> {
    const handlers = this.topics.get(topic);
    if (!handlers) return;
    for (const h of [...handlers]) h(message);
  }

  subscribe(topic: string, handler: MessageHandler): () => void {
    let handlers = this.topics.get(topic);
    if (!handlers) this.topics.set(topic, (handlers = new Set()));
    handlers.add(handler);
    return () => {
      handlers.delete(handler);
      if (handlers.size === 0 && this.topics.get(topic) === handlers) this.topics.delete(topic);
    };
  }

  /** Topics with at least one subscriber (for tests and metrics). */
  get topicCount(): number {
    return this.topics.size;
  }

  async dispose(): Promise<void> {
    this.topics.clear();
  }
}

import type Redis from 'ioredis';

/** Called with each message published on a topic. */
export type MessageHandler = (message: string) => void;

/**
 * Pub/sub of text messages over Redis: one subscriber connection per process, one Redis SUBSCRIBE per
 * topic however many local handlers it has. The set of wanted topics is kept here and re-subscribed
 * whenever the connection becomes ready again, so a Redis restart loses no topic.
 */
export class RedisPubSub {
  private readonly topics = new Map<string, Set<MessageHandler>>();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    /** Prefix of every Redis channel name. */
    private readonly prefix: string,
  ) {
    subscriber.on('message', (channel: string, message: string) => {
      const handlers = this.topics.get(channel.slice(prefix.length));
      if (handlers) for (const h of [...handlers]) h(message);
    });
    subscriber.on('ready', () => {
      const wanted = [...this.topics.keys()].map((t) => prefix + t);
      if (wanted.length > 0) subscriber.subscribe(...wanted).catch(() => undefined);
    });
  }

  /** Resolves once handed to Redis; rejects when it could not be. */
  async publish(topic: string, message: string): Promise<void> {
    await this.publisher.publish(this.prefix + topic, message);
  }

  /** Returns the unsubscribe function. */
  subscribe(topic: string, handler: MessageHandler): () => void {
    let handlers = this.topics.get(topic);
    if (!handlers) {
      this.topics.set(topic, (handlers = new Set()));
      // While Redis is away this fails; the 'ready' handler subscribes again.
      this.subscriber.subscribe(this.prefix + topic).catch(() => undefined);
    }
    handlers.add(handler);
    return () => {
      handlers.delete(handler);
      if (handlers.size === 0 && this.topics.get(topic) === handlers) {
        this.topics.delete(topic);
        this.subscriber.unsubscribe(this.prefix + topic).catch(() => undefined);
      }
    };
  }

  /** Forgets every topic. */
  dispose(): void {
    this.topics.clear();
  }
}

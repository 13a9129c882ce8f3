import { LRUCache } from 'lru-cache';

/** Default bound of the texts kept, in UTF-16 code units: 4 Mi (about 8 MiB). */
const DEFAULT_MAX_CHARS = 4 * 1024 * 1024;

/**
 * One string per query text for the subscribe messages of every socket. A WebSocket subscription's
 * parsed message lives as long as the subscription (graphql-ws keeps it in the frame of its message
 * handler), and each message parsed from a frame has a query string of its own: with 50,000 clients
 * subscribed with the same query, that was 50,000 copies of it, a sixth of a subscription's memory.
 * The texts seen lately are kept (least recently used dropped first, at most `maxChars` in all), and a
 * message with one of them takes the kept string instead of its own copy.
 */
export class SharedQueryTexts {
  private readonly texts: LRUCache<string, string>;

  constructor(maxChars = DEFAULT_MAX_CHARS) {
    this.texts = new LRUCache<string, string>({ maxSize: maxChars, sizeCalculation: (text) => Math.max(1, text.length) });
  }

  /** Query texts kept now. */
  get size(): number {
    return this.texts.size;
  }

  /**
   * `message` itself, its `payload.query` (of a `subscribe` message) swapped for the kept string of the
   * same text, or kept as the one for later messages. Any other message is returned untouched.
   */
  share<T extends Record<string, unknown>>(message: T): T {
    const payload = message['payload'];
    if (message['type'] !== 'subscribe' || typeof payload !== 'object' || payload === null) return message;
    const query = (payload as { query?: unknown }).query;
    if (typeof query !== 'string') return message;
    const kept = this.texts.get(query);
    if (kept === undefined) this.texts.set(query, query);
    else (payload as { query: string }).query = kept;
    return message;
  }
}

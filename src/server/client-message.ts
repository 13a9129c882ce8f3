import { MessageType } from 'graphql-ws';

/** The message types a client may send in `graphql-transport-ws`; the others (`next`, `error`, `connection_ack`) are the server's. */
const CLIENT_TYPES: ReadonlySet<string> = new Set([
  MessageType.ConnectionInit,
  MessageType.Ping,
  MessageType.Pong,
  MessageType.Subscribe,
  MessageType.Complete,
]);

/** What the adapter needs to know of a client's message before graphql-ws reads it. */
export type ClientMessage =
  /** A type a client may send: graphql-ws validates the rest. `parsed` is the whole message, as parsed. */
  | { readonly allowed: true; readonly type: string; readonly id: unknown; readonly parsed: Record<string, unknown> }
  /** A type a client may not send, or none: the socket closes with 4400 (a protocol error, not a server fault). */
  | { readonly allowed: false };

/**
 * Classifies one text frame by its `type`. graphql-ws's own loop throws on a valid message of a type a
 * server does not take (`next`, `error`, `connection_ack`), which the adapter would report as its own
 * failure (4500 and an error log line); the protocol says 4400, and it is the client's mistake.
 * Text that is not a JSON object is left to graphql-ws, which closes with 4400 itself.
 */
export function classifyClientMessage(text: string): ClientMessage | undefined {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined;
  const { type, id } = message as { type?: unknown; id?: unknown };
  if (typeof type !== 'string' || !CLIENT_TYPES.has(type)) return { allowed: false };
  return { allowed: true, type, id, parsed: message as Record<string, unknown> };
}

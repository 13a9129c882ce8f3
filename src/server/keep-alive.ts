import { randomBytes } from 'node:crypto';

import type { WebSocket } from 'ws';

/** Default interval of the server's pings, ms: 12 s. */
export const DEFAULT_KEEP_ALIVE_MS = 12_000;

/** What `keepAlive` tells its caller. */
export interface KeepAliveHooks {
  /** After each ping was queued (so the caller can weigh the socket's queue). */
  readonly onPing?: () => void;
  /** When the socket is cut off for not answering. */
  readonly onDead?: () => void;
}

/**
 * Pings `socket` every `intervalMs` with a fresh random payload and cuts it off (`terminate`) when the
 * previous ping has not been answered by the next: only a pong carrying the payload of the ping in
 * question counts. Unsolicited pongs (RFC 6455 allows them as a heartbeat) prove nothing: a client that
 * sends them without reading its socket never saw the ping, and must not pass for alive. Returns `stop`,
 * to call when the socket closes.
 */
export function keepAlive(socket: WebSocket, intervalMs = DEFAULT_KEEP_ALIVE_MS, hooks: KeepAliveHooks = {}): () => void {
  let awaiting: Buffer | undefined;
  const onPong = (data: Buffer): void => {
    if (awaiting && data.equals(awaiting)) awaiting = undefined;
  };
  socket.on('pong', onPong);
  const timer = setInterval(() => {
    if (awaiting) {
      clearInterval(timer);
      hooks.onDead?.();
      socket.terminate();
      return;
    }
    awaiting = randomBytes(8);
    socket.ping(awaiting);
    hooks.onPing?.();
  }, intervalMs);
  return () => {
    clearInterval(timer);
    socket.off('pong', onPong);
  };
}

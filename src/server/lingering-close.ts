import type { IncomingMessage } from 'node:http';

/** How long a connection cut under an upload is still read (and discarded) after its answer, ms. */
const DEFAULT_LINGER_MS = 2000;

/** How much of the upload is still read (and discarded) after the answer, bytes: 8 MiB. */
const DEFAULT_LINGER_BYTES = 8 * 1024 * 1024;

/** Bounds of `closeAfterLinger`. */
export interface LingerLimits {
  readonly ms?: number;
  readonly maxBytes?: number;
}

/**
 * Closes the connection of `req`, whose body was not read to its end, once its answer (sent with
 * `connection: close`) is out, without losing that answer. Node's server closes such a socket as
 * soon as the answer is written (`destroySoon`); closing a socket whose client is still sending makes
 * the kernel reset the connection, and a client still writing its body then fails on the reset and
 * may never read the answer already on its way (under load, it often did not). Here the server sends
 * its FIN after the answer and reads on, discarding, until the client closes, for at most `ms` or
 * `maxBytes` more: the time for the client to read the answer and stop. Then the socket is destroyed.
 * (A lingering close, as web servers do it.)
 */
export function closeAfterLinger(req: IncomingMessage, limits: LingerLimits = {}): void {
  const socket = req.socket;
  if (socket.destroyed) return;
  const maxBytes = limits.maxBytes ?? DEFAULT_LINGER_BYTES;
  const cut = () => socket.destroy();
  const timer = setTimeout(cut, limits.ms ?? DEFAULT_LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  let bytes = 0;
  req.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > maxBytes) cut();
  });
  req.resume();
  // Node calls destroySoon once a `connection: close` answer is written: end the writing side only.
  socket.destroySoon = () => void socket.end();
}

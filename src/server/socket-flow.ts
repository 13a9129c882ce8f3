import type { Socket } from 'node:net';

import type { WebSocket } from 'ws';

import { textFrame } from './websocket-frame';

/** Bytes queued on a socket beyond which its reading pauses and a sender waits for its frame to be written. */
export const SEND_HIGH_WATER_BYTES = 64 * 1024;

/** Default cap of the bytes queued on one socket: 1 MiB. */
export const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;

/** Default time a socket may stay over its cap of queued bytes: 10 s. */
export const DEFAULT_BUFFER_GRACE_MS = 10_000;

/** How far over its cap a socket's queue may go before it is closed at once, without the grace: 4×. */
export const HARD_CAP_FACTOR = 4;

/** Close code of a socket whose client does not read what it is sent: 1013, "Try Again Later" (RFC 6455). */
export const CLOSE_NOT_READING = 1013;

/** How long a closing socket may take to get its close frame out before it is cut off, ms. */
const CLOSE_GRACE_MS = 1000;

/** Limits of `SocketFlow`. */
export interface SocketFlowLimits {
  /** Most bytes queued on the socket for longer than `graceMs`, bytes. Default 1 MiB. */
  readonly maxBufferedBytes?: number;
  /** How long the queue may stay over `maxBufferedBytes`, ms; beyond 4× the cap it is closed at once. Default 10,000. */
  readonly graceMs?: number;
  /** Told once when the socket is closed for its queue (for the log), with the bytes queued then. */
  readonly onOverflow?: (bufferedBytes: number, maxBufferedBytes: number) => void;
}

/**
 * The outgoing side of one WebSocket and what it may cost the server. Whatever a client makes the
 * server send is queued in the server's memory until the client reads it, so:
 *
 * - over `SEND_HIGH_WATER_BYTES` queued, nothing more is read from the socket (its `net.Socket` is
 *   paused) until the queue has drained: a client that sends requests (pings, subscribes) but reads no
 *   answer stops being served instead of filling the server's memory with answers;
 * - senders that can wait (`send` returns a promise) wait for their frame to be written, so a slow client
 *   holds up only its own subscriptions;
 * - a queue over `maxBufferedBytes` when `graceMs` have passed since it went over, or over 4× the cap at
 *   any time, closes the socket with 1013 (Try Again Later), and cuts it off if the close frame, queued
 *   behind everything the client did not read, is not out within a second.
 */
export class SocketFlow {
  private readonly raw: Socket;
  private readonly maxBufferedBytes: number;
  private readonly hardMaxBufferedBytes: number;
  private readonly graceMs: number;
  private paused = false;
  private overflowTimer: NodeJS.Timeout | undefined;
  private closeTimer: NodeJS.Timeout | undefined;
  private closedPromise: Promise<void> | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly limits: SocketFlowLimits = {},
  ) {
    // ws keeps the connection's net.Socket as `_socket`; its 'drain' says the queue is empty again.
    this.raw = (socket as unknown as { _socket: Socket })._socket;
    this.maxBufferedBytes = limits.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.hardMaxBufferedBytes = HARD_CAP_FACTOR * this.maxBufferedBytes;
    this.graceMs = limits.graceMs ?? DEFAULT_BUFFER_GRACE_MS;
    this.raw.on('drain', this.onDrain);
  }

  /**
   * Sends a text frame (a string, or its UTF-8 bytes). While little is queued it returns nothing and the
   * caller goes on at once (frames keep their order either way); beyond `SEND_HIGH_WATER_BYTES` it
   * returns a promise of this frame's write. A write callback per frame cost a fifth of the CPU of a
   * delivered event (BENCHMARKS.md, fan-out). Nothing is sent on a socket that is not open; the
   * promise then resolves once it has closed (by when graphql-ws has returned every subscription), so
   * that a source with events at hand does not spin on a closing socket.
   */
  send(data: string | Buffer): Promise<void> | undefined {
    const socket = this.socket;
    if (socket.readyState !== socket.OPEN) return this.closed();
    return this.queue((done) => socket.send(data, { binary: false }, done && (() => done())));
  }

  /**
   * Sends the text after `FRAME_HEADROOM` free bytes at the start of `frame` as one text frame, the
   * WebSocket header written into that room (`textFrame`), with one `write` of one buffer; otherwise
   * as `send`. ws's own sender would take a frame in two buffers (header, then the text) through a
   * cork and a `writev`; this one is for the frames of a live event, sent by the thousand. It writes
   * to ws's socket directly, which keeps whole frames in order with ws's own: the server's ws has no
   * compression, so its sender never holds frames back.
   */
  sendFramed(frame: Buffer): Promise<void> | undefined {
    const socket = this.socket;
    if (socket.readyState !== socket.OPEN) return this.closed();
    const bytes = textFrame(frame);
    return this.queue((done) => this.raw.write(bytes, done && (() => done())));
  }

  /**
   * Queues one frame with `write`: without a callback while less than `SEND_HIGH_WATER_BYTES` is
   * queued (nothing to wait for), else with `done` and a promise of it; then weighs the queue.
   */
  private queue(write: (done: (() => void) | undefined) => void): Promise<void> | undefined {
    if (this.socket.bufferedAmount < SEND_HIGH_WATER_BYTES) {
      write(undefined);
      this.check();
      return undefined;
    }
    const written = new Promise<void>((resolve) => write(resolve));
    this.check();
    return written;
  }

  /**
   * Weighs the queue after anything was queued: `send` does it; call it after frames queued elsewhere
   * (ws's automatic pong to a client's ping, a keep-alive ping).
   */
  check(): void {
    const socket = this.socket;
    if (socket.readyState !== socket.OPEN) return;
    const queued = socket.bufferedAmount;
    if (queued > this.hardMaxBufferedBytes) return this.overflow(queued);
    if (queued > this.maxBufferedBytes && !this.overflowTimer) {
      this.overflowTimer = setTimeout(() => {
        this.overflowTimer = undefined;
        if (this.socket.bufferedAmount > this.maxBufferedBytes) this.overflow(this.socket.bufferedAmount);
      }, this.graceMs);
    }
    // Over the high-water mark the net.Socket has asked for 'drain' (its own mark is 16 KiB), which
    // resumes reading; without that promise reading is not paused, lest it never resume. ws's pause()
    // is `_socket.pause()`, and its resume() also waits for ws's own parser to have room.
    if (queued >= SEND_HIGH_WATER_BYTES && !this.paused && this.raw.writableNeedDrain) {
      this.paused = true;
      socket.pause();
    }
  }

  /** Resolves once the socket has closed. */
  private closed(): Promise<void> {
    const socket = this.socket;
    if (socket.readyState === socket.CLOSED) return Promise.resolve();
    return (this.closedPromise ??= new Promise((resolve) => socket.once('close', () => resolve())));
  }

  /** Stops the timers; call when the socket has closed. */
  dispose(): void {
    clearTimeout(this.overflowTimer);
    clearTimeout(this.closeTimer);
    this.raw.off('drain', this.onDrain);
  }

  private readonly onDrain = (): void => {
    clearTimeout(this.overflowTimer);
    this.overflowTimer = undefined;
    if (!this.paused) return;
    this.paused = false;
    this.socket.resume();
  };

  private overflow(queued: number): void {
    const socket = this.socket;
    if (socket.readyState !== socket.OPEN) return;
    this.limits.onOverflow?.(queued, this.maxBufferedBytes);
    socket.close(CLOSE_NOT_READING, 'Try again later: the client does not read its socket');
    this.closeTimer = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
  }
}

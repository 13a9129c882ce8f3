import type { ServerResponse } from 'node:http';

import { CallerGone } from '../../tasks/task-service';
import { type Clock, systemClock, type Timer } from '../../time/clock';

/** Default most bytes queued for one HTTP stream: 1 MiB (as for one WebSocket). */
export const DEFAULT_STREAM_MAX_BUFFERED_BYTES = 1024 * 1024;

/** Options of a `ResponseStream`. */
export interface ResponseStreamOptions {
  /** What keeps the stream alive through proxies that cut idle connections (an SSE comment, a multipart `{}` part). */
  readonly heartbeat: Buffer;
  /** How often the heartbeat is written, ms. */
  readonly heartbeatMs: number;
  /**
   * Most bytes queued for the client: beyond it the client does not read what it is sent, and the
   * response is destroyed (its operations end). Default 1 MiB.
   */
  readonly maxBufferedBytes?: number;
  /** Called once when the response is destroyed for not being read. */
  readonly onOverflow?: (bufferedBytes: number, maxBufferedBytes: number) => void;
  /** Times the heartbeat. Default the system clock. */
  readonly clock?: Clock;
}

/**
 * The body of one long-lived HTTP response (an SSE stream, a multipart subscription response): bounded
 * writes with back-pressure, a heartbeat, and a signal that aborts, with `CallerGone`, as soon as the
 * response is over for any reason (the client went away, the server ended it, it overflowed).
 *
 * `write` returns a promise while the response is over its high-water mark: a writer that awaits it
 * (every subscription does, through `SharedSubscriptionEvents`) reads no further event until the client
 * has taken the last one, and the live engine's stream then keeps only each task's latest state
 * (`EventStream`). What is still queued beyond `maxBufferedBytes` (heartbeats, the frames of many
 * operations on one stream) means the client is not reading: the response is destroyed.
 */
export class ResponseStream {
  private readonly controller = new AbortController();
  private readonly maxBufferedBytes: number;
  private readonly clock: Clock;
  private timer: Timer;
  private drained: Promise<void> | undefined;
  /** Whether the response is over: a field, not the signal's `aborted`, which costs a getter call per frame. */
  private isOver = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly opts: ResponseStreamOptions,
  ) {
    this.maxBufferedBytes = opts.maxBufferedBytes ?? DEFAULT_STREAM_MAX_BUFFERED_BYTES;
    this.clock = opts.clock ?? systemClock;
    this.timer = this.clock.setTimer(() => this.beat(), opts.heartbeatMs);
    res.once('close', () => this.over());
  }

  /** Aborts, with `CallerGone`, when the response is over. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Whether the response is over (nothing more can be written). */
  get closed(): boolean {
    return this.isOver;
  }

  /** Writes `chunk`; a promise to await before the next write when the client has not taken what it was sent. */
  write(chunk: Buffer | string): Promise<void> | undefined {
    if (this.closed) return undefined;
    const below = this.res.write(chunk);
    const queued = this.res.writableLength;
    if (queued > this.maxBufferedBytes) {
      this.opts.onOverflow?.(queued, this.maxBufferedBytes);
      this.res.destroy();
      this.over();
      return undefined;
    }
    if (below) return undefined;
    return (this.drained ??= new Promise<void>((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.controller.signal.removeEventListener('abort', done);
        this.drained = undefined;
        resolve();
      };
      this.res.on('drain', done);
      this.controller.signal.addEventListener('abort', done);
    }));
  }

  /** Ends the response with `last` (a closing boundary, nothing), after what was queued. */
  end(last?: Buffer | string): void {
    if (this.closed) return;
    this.over();
    this.res.end(last);
  }

  private beat(): void {
    if (this.closed) return;
    void this.write(this.opts.heartbeat);
    if (!this.closed) this.timer = this.clock.setTimer(() => this.beat(), this.opts.heartbeatMs);
  }

  private over(): void {
    this.isOver = true;
    this.timer.cancel();
    if (!this.controller.signal.aborted) this.controller.abort(new CallerGone());
  }
}

import type { IncomingMessage } from 'node:http';

/** Default cap of a request body: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Default size up to which an oversized body is still read to its end (and discarded) before the 413: 64 MiB. */
export const DEFAULT_MAX_DISCARD_BYTES = 64 * 1024 * 1024;

/** Default time spent reading an oversized body to discard it before answering anyway, ms: 10 s. */
export const DEFAULT_MAX_DISCARD_MS = 10_000;

/** A request body that could not be read; `status` is the HTTP status to answer. */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /**
     * Whether the body was read to its end: when not, the client may still be sending it, and the
     * connection has to be cut after the answer.
     */
    readonly drained = true,
  ) {
    super(message);
  }
}

/** Bounds of the reading of an oversized body. */
export interface DiscardLimits {
  /** Largest body read to its end (and discarded) to answer 413 cleanly, bytes. Default 64 MiB. */
  readonly maxDiscardBytes?: number;
  /** Longest time spent discarding, ms. Default 10,000. */
  readonly maxDiscardMs?: number;
}

/**
 * Reads the whole body as UTF-8, refusing a body larger than `maxBytes` with 413.
 *
 * An oversized body is read to its end and discarded (nothing of it is kept) before the promise rejects:
 * a client that uploads its whole body before reading the answer (Node's `fetch`, most HTTP clients)
 * gets its 413 only if the server reads what it sends; answering early and closing the connection
 * destroyed the socket under the upload (EPIPE, not 413). Beyond `maxDiscardBytes` (declared or
 * counted) or `maxDiscardMs` it rejects at once, with `drained` false.
 */
export function readBody(req: IncomingMessage, maxBytes: number, limits: DiscardLimits = {}): Promise<string> {
  const maxDiscardBytes = limits.maxDiscardBytes ?? DEFAULT_MAX_DISCARD_BYTES;
  const maxDiscardMs = limits.maxDiscardMs ?? DEFAULT_MAX_DISCARD_MS;
  const tooLarge = (drained: boolean) => new BodyError(413, `Request body too large: at most ${maxBytes} bytes`, drained);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > Math.max(maxBytes, maxDiscardBytes)) return Promise.reject(tooLarge(false));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let discarding = false;
    let discardTimer: NodeJS.Timeout | undefined;
    let settled = false;
    // Once settled, later events ('close' after 'end', data after a refusal) change nothing.
    const settle = (then: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(discardTimer);
      then();
    };
    const discard = () => {
      discarding = true;
      chunks.length = 0;
      discardTimer = setTimeout(() => settle(() => reject(tooLarge(false))), maxDiscardMs);
    };
    const onData = (c: Buffer) => {
      if (settled) return;
      size += c.length;
      if (!discarding && size > maxBytes) discard();
      if (!discarding) chunks.push(c);
      else if (size > maxDiscardBytes) settle(() => reject(tooLarge(false)));
    };
    const onEnd = () => settle(() => (discarding ? reject(tooLarge(true)) : resolve(Buffer.concat(chunks).toString('utf8'))));
    // 'close' before 'end': the client went away mid-body.
    const onFailure = () => settle(() => reject(new BodyError(400, 'Request body could not be read', false)));
    if (Number.isFinite(declared) && declared > maxBytes) discard();
    req.on('data', onData).on('end', onEnd).on('error', onFailure).on('close', onFailure);
  });
}

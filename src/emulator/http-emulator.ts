import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

import type { Clock } from '../time/clock';
import type { FaultSchedule } from './faults';
import type { RequestRecorder } from './request-stats';
import type { ReceivedRequest, WireHandler, WireResponse } from './wire';

/** Largest request body read; anything longer is refused with 413. */
const MAX_BODY_BYTES = 1024 * 1024;

/** What the shared HTTP server needs from one emulator. */
export interface HttpEmulatorOptions {
  readonly handler: WireHandler;
  readonly faults: FaultSchedule;
  readonly stats: RequestRecorder;
  /** Stamps `RecordedRequest.at`. */
  readonly wallClock: Clock;
  readonly host: string;
  readonly port: number;
  /** The API is served under `<pathPrefix>/`; `''` serves it at `/`. Validated by the caller. */
  readonly pathPrefix: string;
}

/** A listening emulator server. */
export interface HttpEmulator {
  /** `http://host:port` and the path prefix, no trailing slash. */
  readonly url: string;
  /** Closes the listener and destroys every socket, hung or idle. Idempotent. */
  dispose(): Promise<void>;
}

/**
 * Serves a provider's wire handler over real HTTP: reads each request whole, records it, refuses one
 * outside the path prefix (a bare 404, as a proxy with no route), applies the injected faults (latency,
 * then at most one answering fault), and writes the handler's answer.
 */
export async function startHttpEmulator(options: HttpEmulatorOptions): Promise<HttpEmulator> {
  const sockets = new Set<Socket>();
  const disposed = new AbortController();
  // Every request in flight listens for disposal; hundreds at once is normal, not a leak.
  setMaxListeners(0, disposed.signal);
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        const request = decode(req, body);
        const path = routedPath(request.fullPath, options.pathPrefix);
        if (path === undefined) return refuse(options, request, res);
        return serve(options, { ...request, path }, res, disposed.signal);
      })
      .catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('emulator server has no TCP address');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}${options.pathPrefix}`,
    dispose() {
      closing ??= new Promise<void>((resolve) => {
        disposed.abort();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

/** The API path of `fullPath` under `prefix`: what follows the prefix, from its `/`; undefined outside `<prefix>/`. */
function routedPath(fullPath: string, prefix: string): string | undefined {
  if (prefix === '') return fullPath;
  return fullPath.startsWith(`${prefix}/`) ? fullPath.slice(prefix.length) : undefined;
}

/** Answers a request outside the path prefix as a proxy with no route would: 404, no provider envelope. */
function refuse(options: HttpEmulatorOptions, request: ReceivedRequest, res: ServerResponse): void {
  const { accessKeyId, taskIds } = identify(options.handler, request);
  options.stats.begin(options.wallClock.now(), accessKeyId, request.fullPath, taskIds).settle('not-routed');
  const body = Buffer.from(`Not Found: ${request.fullPath} is not under ${options.pathPrefix}/\n`, 'utf8');
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(body.length) });
  res.end(body);
}

async function serve(options: HttpEmulatorOptions, request: ReceivedRequest, res: ServerResponse, disposed: AbortSignal): Promise<void> {
  const { handler, faults, stats, wallClock } = options;
  const { accessKeyId, taskIds } = identify(handler, request);
  const record = stats.begin(wallClock.now(), accessKeyId, request.fullPath, taskIds);
  const draw = faults.draw();
  if (draw.latencyMs > 0 && !(await wait(draw.latencyMs, disposed))) return;
  const fault = draw.answer;
  if (fault?.kind === 'reset') {
    record.settle('reset');
    res.socket?.destroy();
    return;
  }
  if (fault?.kind === 'hang') {
    record.settle('hang');
    if (!(await holdUntilCleared(faults, res, disposed))) return;
  }
  let answer: WireResponse;
  if (fault !== undefined && fault.kind !== 'hang') {
    answer = handler.renderFault(fault.kind, request);
  } else {
    try {
      answer = handler.handle(request);
    } catch {
      // A handler bug: answer as the provider's internal error so the caller sees a 5xx, not a hang.
      answer = { ...handler.renderFault('server-error', request), outcome: 'emulator-error' };
    }
  }
  record.settle(answer.outcome);
  const body = Buffer.from(answer.body, 'utf8');
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) });
  res.end(body);
}

function identify(handler: WireHandler, request: ReceivedRequest): ReturnType<WireHandler['identify']> {
  try {
    return handler.identify(request);
  } catch {
    return { accessKeyId: undefined, taskIds: [] };
  }
}

/** Resolves true when `clear()` releases the request, false on dispose or when the client went away. */
function holdUntilCleared(faults: FaultSchedule, res: ServerResponse, disposed: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (disposed.aborted) return resolve(false);
    const finish = (released: boolean) => {
      forget();
      disposed.removeEventListener('abort', onAbort);
      res.off('close', onAbort);
      resolve(released);
    };
    const onAbort = () => finish(false);
    const forget = faults.hold(() => finish(true));
    disposed.addEventListener('abort', onAbort);
    res.on('close', onAbort);
  });
}

/** Waits `ms` of real time; resolves false if the emulator is disposed meanwhile. */
function wait(ms: number, disposed: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (disposed.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      disposed.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    disposed.addEventListener('abort', onAbort, { once: true });
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function decode(req: IncomingMessage, body: Buffer): ReceivedRequest {
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const rawPath = q === -1 ? target : target.slice(0, q);
  const rawQuery = q === -1 ? '' : target.slice(q + 1);
  const query: Array<readonly [string, string]> = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? '' : part.slice(eq + 1);
    query.push([percentDecode(name), percentDecode(value)]);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const path = percentDecode(rawPath);
  return { method: (req.method ?? 'GET').toUpperCase(), path, fullPath: path, query, headers, body };
}

function percentDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

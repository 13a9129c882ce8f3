import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { SignableRequest } from '../../../../src/signing/signable-request';

/** One request as it arrived on the socket. */
export interface RecordedRequest {
  readonly method: string;
  /** The raw request target, e.g. `/v2/p/export-tasks?task_id=a`. */
  readonly target: string;
  /** Decoded path. */
  readonly path: string;
  /** Decoded query pairs in the order sent. */
  readonly query: Array<[string, string]>;
  /** Lower-case names. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** What the server answers. */
export interface Reply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** A real HTTP server on 127.0.0.1:0 that records every request and answers with `reply`. */
export interface RecordingServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

function decode(s: string): string {
  return decodeURIComponent(s);
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const rawQuery = q < 0 ? '' : target.slice(q + 1);
  const query: Array<[string, string]> =
    rawQuery === ''
      ? []
      : rawQuery.split('&').map((pair) => {
          const eq = pair.indexOf('=');
          return eq < 0 ? [decode(pair), ''] : [decode(pair.slice(0, eq)), decode(pair.slice(eq + 1))];
        });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: req.method ?? '',
    target,
    path: rawPath.split('/').map(decode).join('/'),
    query,
    headers,
    body: Buffer.concat(chunks).toString('utf8'),
  };
}

/** `hang` never answers; `reset` destroys the connection. */
export type ReplyAction = Reply | 'hang' | 'reset';

export async function startRecordingServer(reply: (req: RecordedRequest) => ReplyAction | Promise<ReplyAction>): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const recorded = await record(req);
      requests.push(recorded);
      const r = await reply(recorded);
      if (r === 'hang') return;
      if (r === 'reset') {
        req.socket.destroy();
        return;
      }
      res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers });
      res.end(r.body ?? '');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The recorded request as the signers see it (headers without `authorization`). */
export function signableOf(req: RecordedRequest): SignableRequest {
  const { authorization: _auth, ...headers } = req.headers;
  return { method: req.method, path: req.path, query: req.query, headers, body: req.body };
}

/** A port nothing listens on (a server bound then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

import WebSocket, { type ClientOptions } from 'ws';

/** A graphql-transport-ws message as a raw client sees it. */
export type Message = Record<string, unknown>;

/** A raw `ws` client speaking graphql-transport-ws by hand: for clients that break the protocol on purpose. */
export interface RawSocket {
  readonly ws: WebSocket;
  /** Resolves with the close code and reason once the socket has closed. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Every message received, in order. */
  readonly received: readonly Message[];
  send(message: Message | string): void;
  /** Sends `connection_init` with `authorization: Bearer <key>` and resolves on `connection_ack`. */
  init(key: string): Promise<void>;
  /**
   * The next message of `type` (received already or still to come), optionally for operation `id`;
   * rejects after `ms` (default 5 s) or when the socket closes, naming what it waited for and what came.
   */
  next(type: string, id?: string, ms?: number): Promise<Message>;
}

/** Opens a raw socket on `url` (`ws://…/graphql`); resolves once open. */
export async function openRawSocket(url: string, options: ClientOptions = {}): Promise<RawSocket> {
  const ws = new WebSocket(url, 'graphql-transport-ws', options);
  const received: Message[] = [];
  const waiters: Array<() => void> = [];
  let closeState: { code: number; reason: string } | undefined;
  ws.on('message', (d, isBinary) => {
    if (isBinary) return;
    received.push(JSON.parse(String(d)) as Message);
    waiters.splice(0).forEach((w) => w());
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => {
      closeState = { code, reason: String(reason) };
      waiters.splice(0).forEach((w) => w());
      resolve(closeState);
    }),
  );
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const used = new Set<Message>();
  const next = (type: string, id?: string, ms = 5000): Promise<Message> =>
    new Promise((resolve, reject) => {
      const seen = () =>
        `${received.length} message(s), the last: ${JSON.stringify(received.slice(-3)).slice(0, 600)}` +
        (closeState ? `; closed with ${closeState.code} ${closeState.reason}` : '');
      const timer = setTimeout(() => reject(new Error(`no ${type}${id ? ` for ${id}` : ''} message within ${ms} ms; got ${seen()}`)), ms);
      const look = () => {
        const hit = received.find((m) => !used.has(m) && m['type'] === type && (id === undefined || m['id'] === id));
        if (hit) {
          used.add(hit);
          clearTimeout(timer);
          return resolve(hit);
        }
        if (closeState) {
          clearTimeout(timer);
          return reject(new Error(`the socket closed while waiting for ${type}; got ${seen()}`));
        }
        waiters.push(look);
      };
      look();
    });
  return {
    ws,
    closed,
    received,
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    async init(key) {
      ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } }));
      await next('connection_ack');
    },
    next,
  };
}

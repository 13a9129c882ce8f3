/**
 * The tiny request/response protocol between the bench runner and its child processes over Node's IPC
 * channel: a child announces `{ type: 'ready', ... }` once, the parent sends `{ id, type, ... }`
 * requests and the child answers `{ id, result }` or `{ id, error }`. Children may also send
 * unsolicited notices (`{ type, ... }` without `id`).
 */

/** A message on the channel. */
export interface IpcMessage {
  readonly type?: string;
  readonly id?: number;
  readonly [key: string]: unknown;
}

/** A request handler in a child: returns the result (any JSON value), or throws. */
export type IpcHandler = (message: IpcMessage) => unknown;

/** Serves `handlers` (by message `type`) on the IPC channel of this child process. */
export function serveIpc(handlers: Readonly<Record<string, IpcHandler>>): void {
  process.on('message', (message: IpcMessage) => {
    const handler = message.type ? handlers[message.type] : undefined;
    if (message.id === undefined) return;
    const id = message.id;
    if (!handler) return send({ id, error: `no handler for "${String(message.type)}"` });
    Promise.resolve()
      .then(() => handler(message))
      .then(
        (result) => send({ id, result: result ?? null }),
        (e: unknown) => send({ id, error: e instanceof Error ? e.message : String(e) }),
      );
  });
}

/** Sends a message to the parent (no-op when there is no IPC channel). */
export function send(message: IpcMessage): void {
  if (process.send && process.connected) process.send(message);
}

/** Runs `stop` once on SIGTERM, SIGINT or when the parent goes away, then exits 0 (1 if `stop` fails). */
export function exitOnStop(stop: () => Promise<void>): void {
  let stopping = false;
  const go = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`stop failed: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', go);
  process.on('SIGINT', go);
  process.on('disconnect', go);
}

/**
 * The non-reading ping flooder of the abuse benchmark, in a process of its own so that its sending does
 * not slow the runner (which times the victim and hosts the emulators): it authenticates, never reads
 * its socket, and floods pings as fast as the server takes them. Usage: `node flooder-process.js URL KEY MS`.
 */
import { send } from '../support/ipc';
import { openGraphQLSocket } from './graphql-ws-socket';

async function main(): Promise<void> {
  const [url, key, ms] = process.argv.slice(2);
  if (!url || !key || !ms) throw new Error('usage: flooder-process.js URL KEY MS');
  const ws = await openGraphQLSocket(url, key);
  (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  send({ type: 'ready' });
  const ping = JSON.stringify({ type: 'ping' });
  const until = Date.now() + Number(ms);
  let closed = false;
  ws.on('close', () => (closed = true));
  ws.on('error', () => undefined);
  // Up to 4 MiB queued on this side: beyond it the server is not reading, and only this process's memory would grow.
  const room = () => ws.readyState === ws.OPEN && ws.bufferedAmount < 4 * 1024 * 1024;
  while (Date.now() < until && !closed) {
    for (let i = 0; i < 200 && room(); i++) ws.send(ping);
    await new Promise((r) => setTimeout(r, room() ? 0 : 10));
  }
  send({ type: 'done', closed });
  ws.terminate();
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`flooder failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

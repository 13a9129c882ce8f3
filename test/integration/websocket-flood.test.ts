import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import WebSocket from 'ws';

import { type EmulatorHandle, startEmulator } from '../../src/emulator';
import { ExportTaskUpdatesDocument } from '../../src/generated/graphql';
import { BUILD_TIMEOUT_MS, ensureBuilt } from '../support/build';
import { type Replica, startReplica } from '../support/replica';
import { ACCOUNT, API_KEY, providerSettings } from '../support/stack';
import { record, wsClient } from '../support/ws-client';

/** The service's resident memory, MB, from /proc (the server runs in its own process: jest's memory is not its). */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb) / 1024;
}

/** The bound the service must hold under the flood, MB (it idles at about 100). */
const RSS_LIMIT_MB = 300;
/**
 * How long the flood may go on before the test gives up waiting for the server to close the socket: the
 * keep-alive (12 s by default) drops a socket that has not answered one ping by the next, so by 24 s.
 */
const FLOOD_DEADLINE_MS = 40_000;
/** The most the hostile client queues on its own side (the flood is bounded in jest's process too). */
const CLIENT_QUEUE_BYTES = 1024 * 1024;

const PING = '{"type":"ping"}';
const PONG = '{"type":"pong"}';

describe('one authenticated WebSocket client that never reads and floods pings (a real service process)', () => {
  let tencent: EmulatorHandle;
  let replica: Replica | undefined;

  beforeAll(() => ensureBuilt(), BUILD_TIMEOUT_MS);
  beforeAll(async () => {
    tencent = await startEmulator('tencent-tcss', {
      accounts: [ACCOUNT],
      quotaPerSecond: 1000,
      // 1% of progress every 600 ms: a change (an event) every few polls for the whole test.
      tasks: [{ id: 'live-1', accountId: ACCOUNT.accountId, durationMs: 60_000 }],
    });
    replica = await startReplica({
      server: { host: '127.0.0.1', port: 0, playground: false },
      polling: { intervalMs: 200, maxIntervalMs: 1000 },
      tenants: [{ id: 'team-a', apiKeys: [API_KEY], providers: providerSettings('tencent-tcss', tencent.url, ACCOUNT) }],
    });
  });
  afterAll(async () => {
    if (replica && replica.process.exitCode === null) {
      replica.kill('SIGTERM');
      await replica.exited;
    }
    await tencent.dispose();
  });

  it('keeps the server under 300 MB, closes that socket, and goes on serving another client', async () => {
    const r = replica!;
    const pid = r.process.pid!;
    const wsUrl = r.url.replace(/^http/, 'ws');

    // A normal client on its own socket, receiving live events throughout.
    const normal = wsClient(r.url);
    const updates = record(normal, ExportTaskUpdatesDocument, { ids: ['tencent-tcss:live-1'] });
    await updates.waitFor(2);
    const rssBefore = rssMb(pid);

    // The hostile client: authenticates, then reads nothing more.
    const hostile = new WebSocket(wsUrl, 'graphql-transport-ws');
    hostile.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => (hostile.once('open', () => resolve()), hostile.once('error', reject)));
    const acknowledged = new Promise<void>((resolve) => hostile.once('message', () => resolve()));
    hostile.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${API_KEY}` } }));
    await acknowledged;
    let closed = false;
    hostile.once('close', () => (closed = true));
    hostile.pause(); // ws's public form of `hostile._socket.pause()`: nothing more is read from the socket

    const started = Date.now();
    const eventsAtStart = updates.events.length;
    let pings = 0;
    let pongs = 0;
    let rssMax = rssBefore;
    // The flood: pings as fast as this side can queue them, and unsolicited pongs (control frames and
    // graphql-ws messages), as the hostile run answered the server's keep-alive. It stops by itself.
    await new Promise<void>((resolve) => {
      const sampler = setInterval(() => {
        rssMax = Math.max(rssMax, rssMb(pid));
        // Past the bound, stop at once: the assertion below reports it, and the machine is spared.
        if (closed || rssMax > RSS_LIMIT_MB || Date.now() - started > FLOOD_DEADLINE_MS) {
          clearInterval(sampler);
          resolve();
        }
      }, 200);
      const flood = () => {
        if (closed || rssMax > RSS_LIMIT_MB || Date.now() - started > FLOOD_DEADLINE_MS) return;
        const room = hostile.readyState === hostile.OPEN && hostile.bufferedAmount < CLIENT_QUEUE_BYTES;
        if (room) {
          for (let i = 0; i < 2000; i++, pings++) hostile.send(PING);
          hostile.pong(randomBytes(8));
          hostile.send(PONG);
          pongs += 2;
        }
        // While this side's queue is full, look again in a millisecond rather than spinning.
        if (room) setImmediate(flood);
        else setTimeout(flood, 1);
      };
      flood();
    });
    const floodMs = Date.now() - started;
    const seen = `after ${floodMs} ms: ${pings} pings and ${pongs} pongs queued, RSS ${rssBefore.toFixed(0)} MB before, ${rssMax.toFixed(0)} MB at most; hostile socket ${closed ? 'closed' : 'still open'}; ${updates.events.length - eventsAtStart} event(s) on the normal socket`;

    expect([rssMax < RSS_LIMIT_MB, closed, seen]).toEqual([true, true, seen]);
    // The normal client got events during the flood, and still gets them.
    expect([updates.events.length - eventsAtStart >= 3, seen]).toEqual([true, seen]);
    await updates.waitFor(updates.events.length + 1);
    // The server says why it dropped the socket.
    expect(r.output()).toMatch(/"msg":"websocket terminated: no answer to the keep-alive ping"/);
    // And stays bounded once the socket is gone.
    const rssAfter = rssMb(pid);
    expect([rssAfter < RSS_LIMIT_MB, `${seen}; RSS ${rssAfter.toFixed(0)} MB after`]).toEqual([true, expect.any(String)]);
    updates.stop();
    await normal.dispose();
  }, 90_000);
});

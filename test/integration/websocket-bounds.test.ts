import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';

import type { GraphQLContext } from '../../src/graphql/context';
import { type App, createApp } from '../../src/server/app';
import { OperationPreparer } from '../../src/server/operation-preparer';
import { SharedSubscriptionEvents } from '../../src/server/shared-subscription-events';
import { attachWebSocket, type WebSocketEndpoint, type WebSocketOptions } from '../../src/server/websocket';
import { CallerGone } from '../../src/tasks/task-service';
import type { TenantRuntime } from '../../src/tenancy/tenant-runtime';
import { openRawSocket, type RawSocket } from '../support/raw-socket';
import { memoryLogger } from '../support/silent-logger';
import { API_KEY, testConfig } from '../support/stack';
import { waitUntil } from '../support/wait';

/** The context of the tiny schema's resolvers: the operation's signal. */
interface TinyContext {
  readonly signal: AbortSignal;
}

/** The signals of the operations whose `ticks` source has ended (returned by graphql-ws). */
const sourcesEnded = new Set<AbortSignal>();

/** Yields 0, 1, 2… every 20 ms until returned. */
async function* ticks(signal: AbortSignal): AsyncGenerator<number> {
  try {
    for (let n = 0; ; n++) {
      yield n;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    sourcesEnded.add(signal);
  }
}

/** Yields `text` as fast as it is taken, until returned. */
async function* repeat(text: string): AsyncGenerator<string> {
  for (;;) yield text;
}

/** A schema small enough to see what the endpoint does around it. */
const tinySchema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      hello: { type: GraphQLString, resolve: () => 'hello' },
      // In flight until its operation's signal aborts; then answers with the abort reason's name.
      held: {
        type: GraphQLString,
        resolve: (_source, _args, ctx: TinyContext) =>
          new Promise<string>((resolve) =>
            ctx.signal.addEventListener('abort', () => resolve((ctx.signal.reason as Error).name), { once: true }),
          ),
      },
    },
  }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      ticks: { type: GraphQLInt, subscribe: (_source, _args, ctx: TinyContext) => ticks(ctx.signal), resolve: (n: unknown) => n },
      blob: {
        type: GraphQLString,
        args: { size: { type: new GraphQLNonNull(GraphQLInt) } },
        subscribe: (_source, args: { size: number }) => repeat('x'.repeat(args.size)),
        resolve: (text: unknown) => text,
      },
    },
  }),
});

const TENANT = { id: 'tiny' } as TenantRuntime;

/** attachWebSocket alone on a loopback server with the tiny schema, recording each operation's signal. */
interface Tiny {
  readonly url: string;
  readonly endpoint: WebSocketEndpoint;
  readonly logs: string[];
  /** The signal of each operation's context, in the order the operations started. */
  readonly signals: AbortSignal[];
  /** Resolves with the signal of the `n`th operation (from 0) once it has started; bounded. */
  signal(n: number): Promise<AbortSignal>;
  dispose(): Promise<void>;
}

async function startTiny(options: Partial<WebSocketOptions> = {}): Promise<Tiny> {
  const server: Server = createServer((_req, res) => res.end());
  const { logger, lines } = memoryLogger();
  const signals: AbortSignal[] = [];
  const endpoint = attachWebSocket({
    httpServer: server,
    schema: tinySchema,
    authenticate: (authorization) => (authorization === `Bearer ${API_KEY}` ? TENANT : undefined),
    preparer: new OperationPreparer({
      schema: tinySchema,
      createContext: (_tenant, onEnd) => {
        // What the task service makes of the operation's end: a signal aborted when the caller went away.
        const ended = new AbortController();
        onEnd((callerGone) => callerGone && ended.abort(new CallerGone()));
        signals.push(ended.signal);
        return { signal: ended.signal } as unknown as GraphQLContext;
      },
    }),
    shared: new SharedSubscriptionEvents((e) => e.toJSON()),
    logger,
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    endpoint,
    logs: lines,
    signals,
    async signal(n) {
      await waitUntil(() => signals.length > n, `operation ${n} to start (${signals.length} started)`, 5000);
      return signals[n]!;
    },
    async dispose() {
      await endpoint.close(1001, 'Going away');
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Resolves with the abort reason once `signal` aborts; rejects after `ms` saying which operation it was. */
function aborted(signal: AbortSignal, what: string, ms = 5000): Promise<unknown> {
  if (signal.aborted) return Promise.resolve(signal.reason);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the signal of ${what} did not abort within ${ms} ms`)), ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve(signal.reason)), { once: true });
  });
}

/** Resolves once graphql-ws has returned the `ticks` source of the operation of `signal` and finished with it. */
async function sourceEnded(signal: AbortSignal, what: string): Promise<void> {
  await waitUntil(() => sourcesEnded.has(signal), `the source of ${what} to end`, 5000);
  // Its operation ends (onComplete) in the promise callbacks of that return: let them run.
  await new Promise((resolve) => setImmediate(resolve));
}

const subscribe = (id: string, query: string) => ({ id, type: 'subscribe', payload: { query } });
const sockets: RawSocket[] = [];
async function open(tiny: Tiny, options = {}): Promise<RawSocket> {
  const s = await openRawSocket(tiny.url, options);
  sockets.push(s);
  return s;
}
afterEach(() => {
  for (const s of sockets.splice(0)) s.ws.terminate();
});

describe("each WebSocket operation's AbortSignal", () => {
  let tiny: Tiny;
  beforeEach(async () => {
    tiny = await startTiny();
  });
  afterEach(() => tiny.dispose());

  it('aborts with CallerGone when the operation completes', async () => {
    const s = await open(tiny);
    await s.init(API_KEY);
    s.send(subscribe('q', '{ hello }'));
    expect(await s.next('next', 'q')).toEqual({ id: 'q', type: 'next', payload: { data: { hello: 'hello' } } });
    await s.next('complete', 'q');
    const signal = await tiny.signal(0);
    // onComplete runs before graphql-ws sends `complete`: the signal has aborted by now.
    expect([signal.aborted, signal.reason]).toEqual([true, new CallerGone()]);
    expect(signal.reason).toBeInstanceOf(CallerGone);
  });

  it('aborts with CallerGone when the client completes (unsubscribes) a subscription', async () => {
    const s = await open(tiny);
    await s.init(API_KEY);
    s.send(subscribe('t', 'subscription { ticks }'));
    await s.next('next', 't');
    const signal = await tiny.signal(0);
    expect(signal.aborted).toBe(false);
    s.send({ id: 't', type: 'complete' });
    expect(await aborted(signal, 'the unsubscribed subscription')).toBeInstanceOf(CallerGone);
  });

  it('aborts with CallerGone when the client completes a query still in flight', async () => {
    const s = await open(tiny);
    await s.init(API_KEY);
    s.send(subscribe('h', '{ held }'));
    const signal = await tiny.signal(0);
    expect(signal.aborted).toBe(false);
    s.send({ id: 'h', type: 'complete' });
    expect(await aborted(signal, 'the completed query')).toBeInstanceOf(CallerGone);
  });

  it('aborts every operation of a socket with CallerGone when the socket closes, cleanly or not', async () => {
    const clean = await open(tiny);
    await clean.init(API_KEY);
    clean.send(subscribe('t', 'subscription { ticks }'));
    clean.send(subscribe('h', '{ held }'));
    await clean.next('next', 't');
    const [first, second] = [await tiny.signal(0), await tiny.signal(1)];
    clean.ws.close(1000);
    expect(await aborted(first, 'the subscription of a closed socket')).toBeInstanceOf(CallerGone);
    expect(await aborted(second, 'the query of a closed socket')).toBeInstanceOf(CallerGone);

    const cut = await open(tiny);
    await cut.init(API_KEY);
    cut.send(subscribe('t', 'subscription { ticks }'));
    await cut.next('next', 't');
    const third = await tiny.signal(2);
    cut.ws.terminate();
    expect(await aborted(third, 'the subscription of a terminated socket')).toBeInstanceOf(CallerGone);
  });
});

describe('operations per socket', () => {
  let tiny: Tiny;
  beforeEach(async () => {
    tiny = await startTiny({ maxOperations: 3 });
  });
  afterEach(() => tiny.dispose());

  const refusal = (id: string) => ({
    id,
    type: 'error',
    payload: [
      {
        message: 'Too many operations on this socket: at most 3 at once (subscriptions and queries in progress); complete one first',
        extensions: { code: 'RATE_LIMITED' },
      },
    ],
  });

  it('refuses a subscribe beyond maxOperations with RATE_LIMITED, keeps the socket, and takes one again once an operation ends', async () => {
    const s = await open(tiny);
    await s.init(API_KEY);
    for (const id of ['a', 'b']) {
      s.send(subscribe(id, 'subscription { ticks }'));
      await s.next('next', id);
    }
    s.send(subscribe('h', '{ held }')); // a query in flight counts as much as a subscription
    await tiny.signal(2);
    s.send(subscribe('c', 'subscription { ticks }'));
    expect(await s.next('error', 'c')).toEqual(refusal('c'));
    s.send(subscribe('q', '{ hello }'));
    expect(await s.next('error', 'q')).toEqual(refusal('q'));

    s.send({ id: 'a', type: 'complete' });
    await sourceEnded(tiny.signals[0]!, 'the unsubscribed subscription');
    s.send(subscribe('d', 'subscription { ticks }'));
    await s.next('next', 'd');
    s.send(subscribe('e', 'subscription { ticks }'));
    expect(await s.next('error', 'e')).toEqual(refusal('e'));

    // The query in flight ends when the client completes it; then there is room again.
    s.send({ id: 'h', type: 'complete' });
    await aborted(tiny.signals[2]!, 'the completed query');
    await new Promise((resolve) => setImmediate(resolve));
    s.send(subscribe('q2', '{ hello }'));
    expect(await s.next('next', 'q2')).toEqual({ id: 'q2', type: 'next', payload: { data: { hello: 'hello' } } });
    expect(s.ws.readyState).toBe(s.ws.OPEN);
  });

  it('counts per socket: another socket of the same tenant has its own operations', async () => {
    const full = await open(tiny);
    await full.init(API_KEY);
    for (const id of ['a', 'b', 'c']) full.send(subscribe(id, 'subscription { ticks }'));
    await Promise.all(['a', 'b', 'c'].map((id) => full.next('next', id)));
    const other = await open(tiny);
    await other.init(API_KEY);
    other.send(subscribe('a', 'subscription { ticks }'));
    await other.next('next', 'a');
  });
});

describe('keep-alive', () => {
  let tiny: Tiny;
  beforeEach(async () => {
    tiny = await startTiny({ keepAliveMs: 100 });
  });
  afterEach(() => tiny.dispose());

  it('keeps a client that answers each ping with its payload', async () => {
    const s = await open(tiny); // ws answers pings by itself, echoing the payload
    let pings = 0;
    const payloads = new Set<string>();
    s.ws.on('ping', (data: Buffer) => (pings++, payloads.add(data.toString('hex'))));
    await waitUntil(() => pings >= 5, `5 pings (${pings} came)`, 5000);
    expect(s.ws.readyState).toBe(s.ws.OPEN);
    expect(payloads.size).toBe(pings); // a fresh random payload each time
    expect(tiny.logs.join('')).not.toMatch(/keep-alive/);
  });

  it('cuts off a client whose pongs do not carry the ping payload, however many it sends', async () => {
    const s = await open(tiny, { autoPong: false });
    let pings = 0;
    s.ws.on('ping', () => {
      pings++;
      s.ws.pong(Buffer.from('not-the-payload'));
    });
    // Unsolicited pongs, as a heartbeat, every 10 ms until the socket goes.
    const heartbeat = setInterval(() => s.ws.readyState === s.ws.OPEN && s.ws.pong(), 10);
    const started = Date.now();
    try {
      expect(await s.closed).toEqual({ code: 1006, reason: '' });
    } finally {
      clearInterval(heartbeat);
    }
    // Cut off at the ping after the first unanswered one: 2 intervals.
    expect(pings).toBe(1);
    expect(Date.now() - started).toBeLessThan(2000);
    await waitUntil(() => /"msg":"websocket terminated: no answer to the keep-alive ping"/.test(tiny.logs.join('')), 'the log line');
  });
});

describe('bytes queued for one client', () => {
  const KIB = 1024;
  const overflowLog = /"bufferedBytes":(\d+),"maxBufferedBytes":(\d+),"msg":"websocket closed: the client does not read what it is sent"/;
  let tiny: Tiny | undefined;
  afterEach(() => tiny?.dispose());

  /** A client that subscribes `n` times to 64 KiB frames and reads none; resolves with its socket once the server gave up on it. */
  async function overflow(n: number): Promise<{ socket: RawSocket; bufferedBytes: number; afterMs: number }> {
    const s = await open(tiny!);
    await s.init(API_KEY);
    s.ws.pause();
    const started = Date.now();
    for (let i = 0; i < n; i++) s.send(subscribe(`b${i}`, `subscription { blob(size: ${64 * KIB}) }`));
    await waitUntil(() => overflowLog.test(tiny!.logs.join('')), 'the server to close the socket for its queue', 10_000);
    const bufferedBytes = Number(overflowLog.exec(tiny!.logs.join(''))![1]);
    return { socket: s, bufferedBytes, afterMs: Date.now() - started };
  }

  it('closes with 1013 a socket over maxBufferedBytes for longer than bufferGraceMs', async () => {
    tiny = await startTiny({ maxBufferedBytes: 256 * KIB, bufferGraceMs: 300 });
    const { socket, bufferedBytes, afterMs } = await overflow(6);
    expect([bufferedBytes > 256 * KIB, bufferedBytes <= 1024 * KIB, afterMs >= 300]).toEqual([true, true, true]);
    socket.ws.resume(); // reads what was queued, then the close frame behind it
    expect(await socket.closed).toEqual({ code: 1013, reason: 'Try again later: the client does not read its socket' });
    await waitUntil(() => tiny!.endpoint.clients() === 0, 'the server to forget the socket');
  });

  it('closes at once a socket over 4× maxBufferedBytes', async () => {
    tiny = await startTiny({ maxBufferedBytes: 128 * KIB, bufferGraceMs: 60_000 });
    const { socket, bufferedBytes, afterMs } = await overflow(12);
    expect([bufferedBytes > 4 * 128 * KIB, afterMs < 10_000]).toEqual([true, true]);
    socket.ws.resume();
    expect(await socket.closed).toEqual({ code: 1013, reason: 'Try again later: the client does not read its socket' });
  });

  it('cuts off a socket whose close frame cannot get out within a second', async () => {
    tiny = await startTiny({ maxBufferedBytes: 128 * KIB, bufferGraceMs: 60_000 });
    const { socket } = await overflow(12);
    // Never reads: the close frame stays queued behind the rest, and the server cuts the connection.
    await waitUntil(() => tiny!.endpoint.clients() === 0, 'the server to cut the socket off', 5000);
    socket.ws.resume();
    expect((await socket.closed).code).toBe(1006);
  });
});

describe('messages only a server may send (the whole app)', () => {
  let app: App;
  let logs: string[];
  beforeAll(async () => {
    const { logger, lines } = memoryLogger();
    logs = lines;
    app = await createApp(testConfig([{ id: 'team-a', apiKeys: [API_KEY], providers: {} }]), { logger });
  });
  afterAll(() => app.stop());

  it.each([
    ['next', { id: '1', type: 'next', payload: { data: { providers: [] } } }],
    ['error', { id: '1', type: 'error', payload: [{ message: 'boom' }] }],
    ['connection_ack', { type: 'connection_ack' }],
    ['an unknown type', { type: 'take_over' }],
  ])('closes on a client sending %s with 4400, and logs no error', async (_what, message) => {
    const s = await openRawSocket(app.url.replace(/^http/, 'ws'));
    sockets.push(s);
    await s.init(API_KEY);
    s.send(message);
    expect(await s.closed).toEqual({ code: 4400, reason: 'Invalid message received' });
    expect(logs.filter((l) => l.includes('"level":50'))).toEqual([]);
    // The server goes on serving.
    const ok = await openRawSocket(app.url.replace(/^http/, 'ws'));
    sockets.push(ok);
    await ok.init(API_KEY);
    ok.send(subscribe('p', '{ providers { id } }'));
    expect(await ok.next('next', 'p')).toMatchObject({ payload: { data: { providers: expect.any(Array) } } });
  });
});

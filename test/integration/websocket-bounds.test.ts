import { createApp, type App } from '../../src/server/app';
import { API_KEY, testConfig } from '../support/stack';
import { memoryLogger } from '../support/silent-logger';
import { openRawSocket, type RawSocket } from '../support/raw-socket';

const subscribe = (id: string, query: string) => ({ id, type: 'subscribe', payload: { query } });
const sockets: RawSocket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.ws.terminate();
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

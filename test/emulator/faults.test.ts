import { type EmulatorHandle, startEmulator } from '../../src/emulator';
import { ManualClock } from '../../src/time/clock';
import { ACCOUNTS, type Driver, DRIVERS, OWNER } from './support/drivers';

/** Every emulator applies every fault kind in its own provider's envelope. */
describe.each(DRIVERS)('$provider emulator faults', (driver: Driver) => {
  let wall: ManualClock;
  let emulator: EmulatorHandle;
  const taskId = driver.taskId(1);
  const read = (signal?: AbortSignal) => driver.read(emulator, OWNER, taskId, { signedAt: wall.now(), ...(signal ? { signal } : {}) });
  const expectOk = async () => {
    const a = await read();
    expect([a.status, driver.errorCode(a)]).toEqual([200, undefined]);
    expect(driver.view(a)).toBeDefined();
  };

  beforeEach(async () => {
    wall = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
    emulator = await startEmulator(driver.provider, {
      accounts: ACCOUNTS,
      clock: new ManualClock(),
      wallClock: wall,
      tasks: [{ id: taskId, accountId: OWNER.accountId }],
    });
  });
  afterEach(() => emulator.dispose());

  it('server-error answers the provider internal error', async () => {
    emulator.faults.inject({ kind: 'server-error' });
    const a = await read();
    expect([a.status, driver.errorCode(a)]).toEqual([...driver.errors.serverError]);
    expect(driver.requestId(a)).toMatch(/\S/);
  });

  it('throttle answers the provider throttling code and status', async () => {
    emulator.faults.inject({ kind: 'throttle' });
    const a = await read();
    expect([a.status, driver.errorCode(a)]).toEqual([...driver.errors.throttle]);
    expect(emulator.stats.requests.map((r) => r.outcome)).toEqual([driver.errors.throttle[1]]);
  });

  it('malformed answers 200 with a body that is not JSON', async () => {
    emulator.faults.inject({ kind: 'malformed' });
    const a = await read();
    expect(a.status).toBe(200);
    expect(() => JSON.parse(a.text)).toThrow(SyntaxError);
    expect(emulator.stats.requests[0]?.outcome).toBe('malformed');
  });

  it('missing-fields answers 200 with JSON lacking the task fields', async () => {
    emulator.faults.inject({ kind: 'missing-fields' });
    const a = await read();
    expect(a.status).toBe(200);
    expect(a.json).toBeInstanceOf(Object);
    expect(driver.errorCode(a)).toBeUndefined();
    expect(driver.view(a)).toBeUndefined();
  });

  it('reset destroys the socket: fetch rejects', async () => {
    emulator.faults.inject({ kind: 'reset' });
    await expect(read()).rejects.toThrow('fetch failed');
    expect(emulator.stats.requests.map((r) => r.outcome)).toContain('reset');
  });

  it('reset with times: 1 fails exactly one request (nothing retries it behind our back)', async () => {
    emulator.faults.inject({ kind: 'reset' }, { times: 1 });
    await expect(read()).rejects.toThrow('fetch failed');
    await expectOk();
    expect(emulator.stats.requests.map((r) => r.outcome)).toEqual(['reset', 'ok']);
  });

  it('hang never answers; the caller aborts; clear() lets later requests through', async () => {
    emulator.faults.inject({ kind: 'hang' });
    await expect(read(AbortSignal.timeout(100))).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(emulator.stats.requests[0]?.outcome).toBe('hang');
    emulator.faults.clear();
    await expectOk();
  });

  it('a hung request is answered normally once the faults are cleared', async () => {
    emulator.faults.inject({ kind: 'hang' });
    const pending = read();
    await until(() => emulator.stats.total() === 1);
    emulator.faults.clear();
    const a = await pending;
    expect([a.status, driver.errorCode(a)]).toEqual([200, undefined]);
    expect(emulator.stats.requests[0]?.outcome).toBe('ok');
  });

  it('latency delays the answer and combines with another fault', async () => {
    emulator.faults.inject({ kind: 'latency', ms: 120 }, { times: 1 });
    emulator.faults.inject({ kind: 'throttle' }, { times: 1 });
    const started = performance.now();
    const a = await read();
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(driver.errorCode(a)).toBe(driver.errors.throttle[1]);
    await expectOk();
  });

  it('times: N applies to the next N requests only, and faults queue in injection order', async () => {
    emulator.faults.inject({ kind: 'throttle' }, { times: 2 });
    emulator.faults.inject({ kind: 'server-error' }, { times: 1 });
    const codes = [];
    for (let i = 0; i < 4; i += 1) codes.push(driver.errorCode(await read()));
    expect(codes).toEqual([driver.errors.throttle[1], driver.errors.throttle[1], driver.errors.serverError[1], undefined]);
  });

  it('clear() switches every fault off', async () => {
    emulator.faults.inject({ kind: 'server-error' });
    emulator.faults.clear();
    await expectOk();
  });

  it('dispose() closes hung sockets and resolves', async () => {
    emulator.faults.inject({ kind: 'hang' });
    const pending = read();
    await until(() => emulator.stats.total() === 1);
    await emulator.dispose();
    await expect(pending).rejects.toThrow('fetch failed');
    await emulator.dispose(); // idempotent
  });
});

/** Polls `condition` on the event loop (no timers), for server-side effects the client cannot see. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !condition(); i += 1) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('condition not reached');
}

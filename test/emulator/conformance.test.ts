import { type EmulatorHandle, startEmulator } from '../../src/emulator';
import { ManualClock } from '../../src/time/clock';
import { ACCOUNTS, type Driver, DRIVERS, FORBIDDEN, OTHER, OWNER, STRANGER } from './support/drivers';
import type { Answer } from './support/signed-fetch';

/** The suite every provider's emulator runs: lifecycle, auth, request ids, recording. */
describe.each(DRIVERS)('$provider emulator conformance', (driver: Driver) => {
  let clock: ManualClock;
  let wall: ManualClock;
  let emulator: EmulatorHandle;
  const signed = () => ({ signedAt: wall.now() });

  beforeEach(async () => {
    clock = new ManualClock();
    wall = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
    emulator = await startEmulator(driver.provider, { accounts: ACCOUNTS, clock, wallClock: wall });
  });
  afterEach(() => emulator.dispose());

  describe('task lifecycle on the simulated clock', () => {
    beforeEach(() => {
      const base = { accountId: OWNER.accountId, startDelayMs: 10_000, durationMs: 100_000 };
      emulator.tasks.add({ ...base, id: driver.taskId(1) });
      emulator.tasks.add({ ...base, id: driver.taskId(2), outcome: 'failure', failureReason: 'disk full' });
      emulator.tasks.add({ ...base, id: driver.taskId(3), expireAfterMs: 50_000 });
      emulator.tasks.add({ ...base, id: driver.taskId(4), rawStatus: 'PAUSED_BY_OPS' });
    });

    const read = async (n: number) => driver.view(await driver.read(emulator, OWNER, driver.taskId(n), signed()));

    it('reads pending, then running with progress that follows the clock', async () => {
      expect(await read(1)).toEqual({ status: driver.statuses.pending, progress: driver.provider === 'huawei-workspace' ? undefined : 0 });
      clock.advance(10_000 + 25_000);
      const quarter = await read(1);
      expect(quarter?.status).toBe(driver.statuses.running);
      if (driver.provider !== 'huawei-workspace') expect(quarter?.progress).toBe(25);
      clock.advance(50_000);
      const threeQuarters = await read(1);
      if (driver.provider !== 'huawei-workspace') expect(threeQuarters?.progress).toBe(75);
    });

    it('ends succeeded, failed and expired as the provider says them', async () => {
      clock.advance(110_000);
      expect((await read(1))?.status).toBe(driver.statuses.succeeded);
      expect((await read(2))?.status).toBe(driver.statuses.failed);
      expect((await read(3))?.status).toBe(driver.statuses.succeeded);
      clock.advance(50_000);
      expect((await read(3))?.status).toBe(driver.statuses.expired);
    });

    it('writes a forced raw status verbatim', async () => {
      expect((await read(4))?.status).toBe('PAUSED_BY_OPS');
    });
  });

  describe('authentication and ownership', () => {
    const taskId = driver.taskId(7);
    beforeEach(() => emulator.tasks.add({ id: taskId, accountId: OWNER.accountId }));

    const expectError = async (answer: Promise<Answer>, [status, code]: readonly [number, string]) => {
      const a = await answer;
      expect([a.status, driver.errorCode(a)]).toEqual([status, code]);
      expect(driver.requestId(a)).toMatch(/\S/);
      expect(driver.view(a)).toBeUndefined();
    };

    it('answers the owner', async () => {
      const a = await driver.read(emulator, OWNER, taskId, signed());
      expect([a.status, driver.errorCode(a)]).toEqual([200, undefined]);
      expect(driver.view(a)?.status).toBe(driver.statuses.running);
    });

    it('rejects a bad signature', () =>
      expectError(driver.read(emulator, OWNER, taskId, { ...signed(), tamper: true }), driver.errors.badSignature));

    it('rejects an unknown key', () => expectError(driver.read(emulator, STRANGER, taskId, signed()), driver.errors.unknownKey));

    it('rejects a timestamp too far from the wall clock, either way', async () => {
      await expectError(driver.read(emulator, OWNER, taskId, { signedAt: wall.now() - 16 * 60_000 }), driver.errors.stale);
      await expectError(driver.read(emulator, OWNER, taskId, { signedAt: wall.now() + 16 * 60_000 }), driver.errors.stale);
    });

    it('accepts a timestamp a little off the wall clock', async () => {
      const a = await driver.read(emulator, OWNER, taskId, { signedAt: wall.now() - 4 * 60_000 });
      expect(a.status).toBe(200);
      expect(driver.errorCode(a)).toBeUndefined();
    });

    it('refuses a forbidden account', () => expectError(driver.read(emulator, FORBIDDEN, taskId, signed()), driver.errors.forbidden));

    it("does not show another account's task, nor an unknown one", async () => {
      for (const [account, id] of [
        [OTHER, taskId],
        [OWNER, driver.taskId(8)],
      ] as const) {
        const a = await driver.read(emulator, account, id, signed());
        if (driver.errors.notFound === undefined) {
          expect(a.status).toBe(200);
          expect(a.json).toEqual({ export_tasks: [], count: 0 });
        } else {
          await expectError(Promise.resolve(a), driver.errors.notFound);
        }
      }
    });
  });

  describe('request ids and recording', () => {
    it('gives every answer its own request id', async () => {
      emulator.tasks.add({ id: driver.taskId(1), accountId: OWNER.accountId });
      const ids = new Set<string | undefined>();
      for (const account of [OWNER, OWNER, STRANGER, FORBIDDEN]) {
        ids.add(driver.requestId(await driver.read(emulator, account, driver.taskId(1), signed())));
      }
      expect(ids.size).toBe(4);
      expect(ids.has(undefined)).toBe(false);
    });

    it('records the key, task and outcome of each request, at wall time', async () => {
      emulator.tasks.add({ id: driver.taskId(1), accountId: OWNER.accountId });
      await driver.read(emulator, OWNER, driver.taskId(1), signed());
      wall.advance(5);
      await driver.read(emulator, STRANGER, driver.taskId(2), signed());
      const path = driver.provider === 'huawei-workspace' ? `/v2/${OWNER.projectId}/export-tasks` : '/';
      expect(emulator.stats.requests).toEqual([
        { at: wall.now() - 5, accessKeyId: OWNER.accessKeyId, path, taskIds: [driver.taskId(1)], outcome: 'ok' },
        { at: wall.now(), accessKeyId: STRANGER.accessKeyId, path, taskIds: [driver.taskId(2)], outcome: driver.errors.unknownKey[1] },
      ]);
      expect([emulator.stats.total(), emulator.stats.forTask(driver.taskId(1)), emulator.stats.forTask('nope')]).toEqual([2, 1, 0]);
      emulator.stats.reset();
      expect(emulator.stats.total()).toBe(0);
    });
  });

  it('has a loopback url without a trailing slash', () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.provider).toBe(driver.provider);
  });
});

import { type EmulatorHandle, startEmulator } from '../../src/emulator';
import { ManualClock } from '../../src/time/clock';
import { ACCOUNTS, type Driver, DRIVERS, OWNER } from './support/drivers';
import { send } from './support/signed-fetch';

const PREFIX = '/cloud-proxy/v1';

/** Every emulator served under a path prefix, as behind a proxy. */
describe.each(DRIVERS)('$provider emulator under a path prefix', (driver: Driver) => {
  const wall = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
  const signed = () => ({ signedAt: wall.now() });
  const taskId = driver.taskId(1);
  const apiPath = driver.provider === 'huawei-workspace' ? `/v2/${OWNER.projectId}/export-tasks` : '/';
  let emulator: EmulatorHandle;
  let origin: string;

  beforeEach(async () => {
    emulator = await startEmulator(driver.provider, { accounts: ACCOUNTS, wallClock: wall, pathPrefix: PREFIX });
    emulator.tasks.add({ id: taskId, accountId: OWNER.accountId });
    origin = new URL(emulator.url).origin;
  });
  afterEach(() => emulator.dispose());

  it('names the prefix in its url, the endpoint to configure', () => {
    expect(emulator.url).toBe(`${origin}${PREFIX}`);
  });

  it('answers a request under the prefix signed over the full path', async () => {
    const answer = await driver.read(emulator, OWNER, taskId, signed());
    expect(driver.errorCode(answer)).toBeUndefined();
    expect(driver.view(answer)?.status).toBe(driver.statuses.running);
    expect(emulator.stats.requests).toEqual([expect.objectContaining({ path: `${PREFIX}${apiPath}`, outcome: 'ok' })]);
  });

  it('refuses a request under the prefix signed over the API path alone: verification covers the full path', async () => {
    const answer = await driver.read(emulator, OWNER, taskId, { ...signed(), signedPrefix: '' });
    expect([answer.status, driver.errorCode(answer)]).toEqual(driver.errors.badSignature);
  });

  it('refuses a request without the prefix, correctly signed for where it went, with a bare 404 before any check', async () => {
    const answer = await driver.read({ ...emulator, url: origin }, OWNER, taskId, signed());
    expect(answer.status).toBe(404);
    expect(answer.text).toBe(`Not Found: ${apiPath} is not under ${PREFIX}/\n`);
    expect(emulator.stats.requests).toEqual([
      expect.objectContaining({ path: apiPath, accessKeyId: OWNER.accessKeyId, outcome: 'not-routed' }),
    ]);
  });

  it.each([PREFIX, `${PREFIX}x/`, `/cloud-proxy${apiPath}`])('refuses %s, not under the prefix and its slash', async (path) => {
    const answer = await send(`${origin}${path}`, { method: 'POST' });
    expect(answer.status).toBe(404);
  });
});

describe('startEmulator pathPrefix', () => {
  it.each(['cloud-proxy', '/cloud-proxy/', '/a b', '/a//b', '/'])('refuses %j', async (pathPrefix) => {
    await expect(startEmulator('tencent-tcss', { accounts: ACCOUNTS, pathPrefix })).rejects.toThrow(
      `pathPrefix must be "/"-separated segments of letters, digits, "-", ".", "_" or "~", without a trailing slash, such as "/cloud-proxy/v1", but got: ${JSON.stringify(pathPrefix)}`,
    );
  });

  it('without one, serves the API at its own paths and its url is the origin', async () => {
    const emulator = await startEmulator('tencent-tcss', { accounts: ACCOUNTS });
    try {
      expect(emulator.url).toBe(new URL(emulator.url).origin);
    } finally {
      await emulator.dispose();
    }
  });
});

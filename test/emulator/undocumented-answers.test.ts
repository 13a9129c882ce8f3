import { type EmulatorHandle, startEmulator, UNKNOWN_TASK_ANSWERS, type UnknownTaskAnswer } from '../../src/emulator';
import { ManualClock } from '../../src/time/clock';
import { ACCOUNTS, type Driver, DRIVERS, OTHER, OWNER } from './support/drivers';
import { type Answer, callAlibaba, callTcss, callWorkspace } from './support/signed-fetch';

/** The provider's code and status of an error answer, and its message (Huawei's gateway: `error_msg`). */
function errorOf(driver: Driver, a: Answer): { status: number; code: string | undefined; message: string | undefined } {
  const message: unknown = a.json?.Response?.Error?.Message ?? a.json?.Message ?? a.json?.error_msg;
  return { status: a.status, code: driver.errorCode(a), message: typeof message === 'string' ? message : undefined };
}

/** A well-formed request for the action the emulator serves (only an injected fault can make it fail). */
function askServedAction(driver: Driver, emulator: EmulatorHandle, signedAt: number): Promise<Answer> {
  switch (driver.provider) {
    case 'tencent-tcss':
      return callTcss(emulator.url, { secretId: OWNER.accessKeyId, secretKey: OWNER.secret }, '{"JobId":"x"}', {
        signedAt,
        action: 'DescribeExportJobResult',
      });
    case 'huawei-workspace':
      return callWorkspace(emulator.url, { ak: OWNER.accessKeyId, sk: OWNER.secret }, OWNER.projectId ?? 'p', {}, { signedAt });
    default:
      return callAlibaba(
        emulator.url,
        { accessKeyId: OWNER.accessKeyId, accessKeySecret: OWNER.secret },
        driver.provider === 'alibaba-sas'
          ? { action: 'DescribeExportInfo', version: '2018-12-03' }
          : { action: 'GetExportTask', version: '2024-12-12' },
        { ExportId: '1' },
        { signedAt },
      );
  }
}

/** What each emulator answers when an action it does not serve is asked for (the real request, below). */
const WRONG_ACTION: Readonly<Record<Driver['provider'], { status: number; code: string }>> = {
  'alibaba-sas': { status: 404, code: 'InvalidAction.NotFound' },
  'alibaba-siem': { status: 404, code: 'InvalidAction.NotFound' },
  'tencent-tcss': { status: 200, code: 'InvalidAction' },
  'huawei-workspace': { status: 404, code: 'APIGW.0101' },
};

/** The answers the providers leave undocumented, in every shape the emulators can give them. */
describe.each(DRIVERS)('$provider emulator: undocumented answers', (driver: Driver) => {
  let wall: ManualClock;
  let emulator: EmulatorHandle;
  const answers: readonly UnknownTaskAnswer[] = UNKNOWN_TASK_ANSWERS[driver.provider];

  beforeEach(async () => {
    wall = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
    emulator = await startEmulator(driver.provider, { accounts: ACCOUNTS, clock: new ManualClock(), wallClock: wall });
    emulator.tasks.add({ id: driver.taskId(1), accountId: OWNER.accountId });
  });
  afterEach(() => emulator.dispose());

  it.each(answers.map((a) => [a]))('answers an unknown id, and another account’s, as %s', async (answer) => {
    emulator.setUnknownTask(answer);
    for (const [account, id] of [
      [OWNER, driver.taskId(2)],
      [OTHER, driver.taskId(1)],
    ] as const) {
      const a = await driver.read(emulator, account, id, { signedAt: wall.now() });
      if (answer === 'empty-list') {
        expect([a.status, a.json]).toEqual([200, { export_tasks: [], count: 0 }]);
      } else {
        expect({ status: a.status, code: driver.errorCode(a) }).toEqual({
          status: driver.provider === 'tencent-tcss' ? 200 : 404,
          code: answer,
        });
        expect(errorOf(driver, a).message).toContain(id);
      }
    }
    // The known task is still answered.
    expect(driver.view(await driver.read(emulator, OWNER, driver.taskId(1), { signedAt: wall.now() }))).toBeDefined();
  });

  it('starts with the answer of its options, the first of its list by default', async () => {
    const shapeOf = (a: Answer) => driver.errorCode(a) ?? (a.json?.count === 0 ? 'empty-list' : undefined);
    expect(shapeOf(await driver.read(emulator, OWNER, driver.taskId(2), { signedAt: wall.now() }))).toBe(answers[0]);
    const last = answers[answers.length - 1]!;
    const other = await startEmulator(driver.provider, { accounts: ACCOUNTS, wallClock: wall, unknownTask: last });
    try {
      expect(shapeOf(await driver.read(other, OWNER, driver.taskId(2), { signedAt: wall.now() }))).toBe(last);
    } finally {
      await other.dispose();
    }
  });

  it('answers the no-such-action fault exactly as it answers a request for an action it does not serve', async () => {
    const real = await (async () => {
      switch (driver.provider) {
        case 'tencent-tcss':
          return callTcss(emulator.url, { secretId: OWNER.accessKeyId, secretKey: OWNER.secret }, '{"JobId":"x"}', {
            signedAt: wall.now(),
            action: 'DescribeExportJobResult2',
          });
        case 'huawei-workspace':
          return callWorkspace(
            emulator.url,
            { ak: OWNER.accessKeyId, sk: OWNER.secret },
            'p',
            {},
            { signedAt: wall.now(), path: '/v2/p/desktops' },
          );
        default:
          return callAlibaba(
            emulator.url,
            { accessKeyId: OWNER.accessKeyId, accessKeySecret: OWNER.secret },
            { action: 'DescribeSomethingElse', version: driver.provider === 'alibaba-sas' ? '2018-12-03' : '2024-12-12' },
            { ExportId: '1' },
            { signedAt: wall.now() },
          );
      }
    })();
    emulator.faults.inject({ kind: 'no-such-action' }, { times: 1 });
    const faulted = await askServedAction(driver, emulator, wall.now());
    const expected = WRONG_ACTION[driver.provider];
    expect({ status: real.status, code: driver.errorCode(real) }).toEqual(expected);
    expect({ status: faulted.status, code: driver.errorCode(faulted) }).toEqual(expected);
    expect(driver.requestId(faulted)).toMatch(/\S/);
    // The fault was used once: the next request is served.
    expect(driver.view(await driver.read(emulator, OWNER, driver.taskId(1), { signedAt: wall.now() }))).toBeDefined();
    expect(emulator.stats.requests.map((r) => r.outcome).slice(-2)).toEqual([expected.code, 'ok']);
  });
});

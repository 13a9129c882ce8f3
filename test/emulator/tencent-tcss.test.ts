import { type EmulatorHandle, startEmulator } from '../../src/emulator';
import { ManualClock } from '../../src/time/clock';
import { ACCOUNTS, OTHER, OWNER } from './support/drivers';
import { type CallOptions, callTcss, send } from './support/signed-fetch';

const JOB = 'e4409223-8e92-45db-a857-11b1ff547c79';

describe('tencent-tcss emulator: DescribeExportJobResult', () => {
  let clock: ManualClock;
  let wall: ManualClock;
  let emulator: EmulatorHandle;
  const ask = (
    body: unknown,
    options: Partial<CallOptions> & { action?: string; version?: string; service?: string } = {},
    account = OWNER,
  ) =>
    callTcss(
      emulator.url,
      { secretId: account.accessKeyId, secretKey: account.secret },
      typeof body === 'string' ? body : JSON.stringify(body),
      { signedAt: wall.now(), ...options },
    );

  beforeEach(async () => {
    clock = new ManualClock();
    wall = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
    emulator = await startEmulator('tencent-tcss', { accounts: ACCOUNTS, clock, wallClock: wall });
  });
  afterEach(() => emulator.dispose());

  it('answers RUNNING with a float progress, then SUCCESS with a DownloadURL', async () => {
    emulator.tasks.add({ id: JOB, accountId: OWNER.accountId, durationMs: 80_000, fileName: 'vuls 2026.xlsx' });
    clock.advance(10_000);
    const running = await ask({ JobId: JOB });
    expect(running.status).toBe(200);
    expect(running.json).toEqual({
      // Strings, never null, as the SDK's model declares them.
      Response: { ExportStatus: 'RUNNING', DownloadURL: '', ExportProgress: 12.5, FailureMsg: '', RequestId: expect.any(String) },
    });
    clock.advance(70_000);
    expect((await ask({ JobId: JOB })).json.Response).toEqual({
      ExportStatus: 'SUCCESS',
      DownloadURL: 'https://tcss-export-1250000000.cos.ap-guangzhou.myqcloud.com/vuls%202026.xlsx',
      ExportProgress: 100,
      FailureMsg: '',
      RequestId: expect.any(String),
    });
  });

  it('answers FAILURE with FailureMsg and the progress reached at the end of the duration', async () => {
    emulator.tasks.add({
      id: JOB,
      accountId: OWNER.accountId,
      durationMs: 1_000,
      outcome: 'failure',
      failureReason: 'cos quota exceeded',
      failedAtProgress: 37.5,
    });
    clock.advance(500);
    expect((await ask({ JobId: JOB })).json.Response).toMatchObject({ ExportStatus: 'RUNNING', ExportProgress: 18.75 });
    clock.advance(500);
    expect((await ask({ JobId: JOB })).json.Response).toEqual({
      ExportStatus: 'FAILURE',
      FailureMsg: 'cos quota exceeded',
      DownloadURL: '',
      ExportProgress: 37.5,
      RequestId: expect.any(String),
    });
  });

  it('fails short of 100% by default', async () => {
    emulator.tasks.add({ id: JOB, accountId: OWNER.accountId, durationMs: 1_000, outcome: 'failure' });
    clock.advance(1_000);
    expect((await ask({ JobId: JOB })).json.Response).toMatchObject({ ExportStatus: 'FAILURE', ExportProgress: 99 });
  });

  it.each([
    ['no JobId', {}, 'MissingParameter'],
    ['an empty JobId', { JobId: '' }, 'MissingParameter'],
    ['a numeric JobId', { JobId: 42 }, 'InvalidParameter'],
    ['a body that is not JSON', 'JobId=1', 'InvalidParameter'],
  ])('rejects %s', async (_, body, code) => {
    const a = await ask(body);
    expect([a.status, a.json.Response.Error.Code]).toEqual([200, code]);
  });

  it('rejects another action and another version', async () => {
    expect((await ask({ JobId: JOB }, { action: 'DescribeAssetSummary' })).json.Response.Error).toEqual({
      Code: 'InvalidAction',
      Message: 'The requested action `DescribeAssetSummary` does not exist.',
    });
    expect((await ask({ JobId: JOB }, { version: '2017-03-12' })).json.Response.Error.Code).toBe('NoSuchVersion');
  });

  it('rejects a signature scoped to another service (e.g. derived from a 127.0.0.1 endpoint)', async () => {
    emulator.tasks.add({ id: JOB, accountId: OWNER.accountId });
    for (const service of ['cvm', '127']) {
      expect((await ask({ JobId: JOB }, { service })).json.Response.Error.Code).toBe('AuthFailure.SignatureFailure');
    }
  });

  it('rejects a missing or malformed Authorization header', async () => {
    const unsigned = (authorization?: string) =>
      send(`${emulator.url}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-tc-action': 'DescribeExportJobResult',
          'x-tc-version': '2020-11-01',
          'x-tc-timestamp': String(wall.now() / 1000),
          ...(authorization === undefined ? {} : { authorization }),
        },
        body: JSON.stringify({ JobId: JOB }),
      });
    for (const auth of [undefined, 'TC3-HMAC-SHA256 garbage']) {
      expect((await unsigned(auth)).json.Response.Error.Code).toBe('AuthFailure.InvalidAuthorization');
    }
  });

  it('keeps the 20 requests per second quota per SecretId on a sliding window', async () => {
    emulator.tasks.add({ id: JOB, accountId: OWNER.accountId });
    const code = async (account = OWNER) => (await ask({ JobId: JOB }, {}, account)).json.Response.Error?.Code;
    for (let i = 0; i < 10; i += 1) expect(await code()).toBeUndefined();
    wall.advance(500);
    for (let i = 0; i < 10; i += 1) expect(await code()).toBeUndefined();
    expect(await code()).toBe('RequestLimitExceeded'); // 21st within one second
    expect(await code(OTHER)).toBe('ResourceNotFound'); // another SecretId has its own quota
    wall.advance(501); // the first ten left the window
    for (let i = 0; i < 10; i += 1) expect(await code()).toBeUndefined();
    expect(await code()).toBe('RequestLimitExceeded');
    const outcomes = emulator.stats.requests.filter((r) => r.accessKeyId === OWNER.accessKeyId).map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'RequestLimitExceeded')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(30);
  });

  it('answers every error with HTTP 200 and the Error envelope', async () => {
    const a = await ask({ JobId: 'nope' });
    expect(a.status).toBe(200);
    expect(a.json).toEqual({
      Response: { Error: { Code: 'ResourceNotFound', Message: 'The export job `nope` does not exist.' }, RequestId: expect.any(String) },
    });
  });
});

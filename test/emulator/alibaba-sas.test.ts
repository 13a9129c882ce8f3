import { type EmulatorAccount, type EmulatorHandle, startEmulator } from '../../src/emulator';
import { ManualClock } from '../../src/time/clock';
import { ACCOUNTS, OWNER } from './support/drivers';
import { type AlibabaCallOptions, callAlibaba, send } from './support/signed-fetch';

const SAS = { action: 'DescribeExportInfo', version: '2018-12-03' };
const MAX_INT64 = '9223372036854775807';

describe('alibaba-sas emulator: DescribeExportInfo', () => {
  let clock: ManualClock;
  let wall: ManualClock;
  let emulator: EmulatorHandle;
  const ask = (params: Record<string, string>, options: Partial<AlibabaCallOptions> = {}, account: EmulatorAccount = OWNER, api = SAS) =>
    callAlibaba(emulator.url, { accessKeyId: account.accessKeyId, accessKeySecret: account.secret }, api, params, {
      signedAt: wall.now(),
      ...options,
    });

  beforeEach(async () => {
    clock = new ManualClock();
    wall = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
    emulator = await startEmulator('alibaba-sas', { accounts: ACCOUNTS, clock, wallClock: wall });
  });
  afterEach(() => emulator.dispose());

  it('writes Id beyond 2^53 as a bare JSON number with every digit', async () => {
    emulator.tasks.add({
      id: MAX_INT64,
      accountId: OWNER.accountId,
      fileName: 'health_check_export',
      totalCount: 200,
      durationMs: 100_000,
    });
    clock.advance(37_500);
    const a = await ask({ ExportId: MAX_INT64 });
    expect(a.status).toBe(200);
    expect(a.text).toMatch(/"Id":9223372036854775807}$/);
    expect(a.json).toEqual({
      Link: '',
      Progress: 37,
      RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      CurrentCount: 74,
      Message: 'success',
      FileName: 'health_check_export',
      TotalCount: 200,
      ExportStatus: 'exporting',
      Id: expect.any(Number),
    });
  });

  it('goes init → exporting → success with a Link', async () => {
    emulator.tasks.add({ id: '131231', accountId: OWNER.accountId, startDelayMs: 5_000, durationMs: 10_000 });
    expect((await ask({ ExportId: '131231' })).json).toMatchObject({ ExportStatus: 'init', Progress: 0, CurrentCount: 0, Link: '' });
    clock.advance(15_000);
    expect((await ask({ ExportId: '131231' })).json).toMatchObject({
      ExportStatus: 'success',
      Progress: 100,
      CurrentCount: 100,
      TotalCount: 100,
      FileName: 'export_131231.xlsx',
      Link: 'https://sas-export-cn-shanghai.oss-cn-shanghai.aliyuncs.com/export_131231.xlsx',
    });
  });

  it('keeps a failure task exporting, below 100%', async () => {
    emulator.tasks.add({ id: '5', accountId: OWNER.accountId, durationMs: 1_000, outcome: 'failure' });
    clock.advance(60_000);
    expect((await ask({ ExportId: '5' })).json).toMatchObject({ ExportStatus: 'exporting', Progress: 99 });
  });

  it('accepts the parameters as a form body, with GET, and with leading zeros', async () => {
    emulator.tasks.add({ id: '7', accountId: OWNER.accountId });
    expect((await ask({ ExportId: '7' }, { in: 'form' })).status).toBe(200);
    expect((await ask({ ExportId: '7' }, { method: 'GET' })).status).toBe(200);
    expect((await ask({ ExportId: '007' })).text).toMatch(/"Id":7}$/);
  });

  it.each([
    [{}, 400, 'MissingExportId', 'ExportId is mandatory for this action.'],
    [{ ExportId: 'abc' }, 400, 'InvalidParameter', 'ExportId must be a decimal int64 but got: abc'],
    [{ ExportId: '9223372036854775808' }, 400, 'InvalidParameter', 'ExportId must be a decimal int64 but got: 9223372036854775808'],
    [
      { ExportId: '1', ResourceDirectoryAccountId: 'x' },
      400,
      'InvalidParameter',
      'ResourceDirectoryAccountId must be a decimal int64 but got: x',
    ],
    [{ ExportId: '404' }, 404, 'ExportTaskNotExist', 'The export task 404 does not exist.'],
  ])('rejects %j with %i %s', async (params, status, code, message) => {
    const a = await ask(params);
    expect(a.status).toBe(status);
    expect(a.json).toEqual({
      RequestId: expect.any(String),
      HostId: new URL(emulator.url).host,
      Code: code,
      Message: message,
      Recommend: expect.stringContaining(`q=${code}`),
    });
  });

  it('lets an account act for its member accounts only', async () => {
    await emulator.dispose();
    const admin: EmulatorAccount = { accountId: '1', accessKeyId: 'AKIDadmin', secret: 's', memberAccountIds: ['1667000000000000001'] };
    emulator = await startEmulator('alibaba-sas', {
      accounts: [...ACCOUNTS, admin],
      clock,
      wallClock: wall,
      tasks: [{ id: '8', accountId: '1667000000000000001' }],
    });
    expect((await ask({ ExportId: '8', ResourceDirectoryAccountId: '1667000000000000001' }, {}, admin)).status).toBe(200);
    expect((await ask({ ExportId: '8' }, {}, admin)).json.Code).toBe('ExportTaskNotExist');
    const refused = await ask({ ExportId: '8', ResourceDirectoryAccountId: '1667000000000000001' });
    expect([refused.status, refused.json.Code]).toEqual([400, 'RdCheckNoPermission']);
  });

  it('rejects a reused nonce within 15 minutes, and accepts it after', async () => {
    emulator.tasks.add({ id: '9', accountId: OWNER.accountId });
    expect((await ask({ ExportId: '9' }, { nonce: 'n-1' })).status).toBe(200);
    const reused = await ask({ ExportId: '9' }, { nonce: 'n-1' });
    expect([reused.status, reused.json.Code]).toEqual([400, 'SignatureNonceUsed']);
    wall.advance(15 * 60_000);
    expect((await ask({ ExportId: '9' }, { nonce: 'n-1' })).status).toBe(200);
  });

  it('rejects an x-acs-content-sha256 that does not match the body', async () => {
    const a = await ask({ ExportId: '9' }, { in: 'form', contentSha256: '0'.repeat(64) });
    expect([a.status, a.json.Code, a.json.Message]).toEqual([
      400,
      'SignatureDoesNotMatch',
      'Specified signature does not match our calculation. x-acs-content-sha256 does not match the request body.',
    ]);
  });

  it('echoes its string to sign on a signature mismatch, as the real gateway does', async () => {
    const a = await ask({ ExportId: '9' }, { tamper: true });
    expect(a.json.Message).toMatch(
      /^Specified signature does not match our calculation\. server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}$/,
    );
  });

  it('rejects another action (404) and another version (400)', async () => {
    const action = await ask({ ExportId: '9' }, {}, OWNER, { ...SAS, action: 'DescribeRisks' });
    expect([action.status, action.json.Code]).toEqual([404, 'InvalidAction.NotFound']);
    const version = await ask({ ExportId: '9' }, {}, OWNER, { ...SAS, version: '2017-01-01' });
    expect([version.status, version.json.Code]).toEqual([400, 'InvalidVersion']);
  });

  it('rejects an unsigned request and a malformed x-acs-date', async () => {
    const unsigned = await send(`${emulator.url}/?ExportId=9`, { method: 'POST', headers: { 'x-acs-action': 'DescribeExportInfo' } });
    expect([unsigned.status, unsigned.json.Code]).toEqual([400, 'IncompleteSignature']);
    const badDate = await ask({ ExportId: '9' }, { acsDate: '2026-11-22 12:00:00' });
    expect([badDate.status, badDate.json.Code]).toEqual([400, 'InvalidTimeStamp.Format']);
  });
});

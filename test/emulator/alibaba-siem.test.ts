import { type EmulatorAccount, type EmulatorHandle, startEmulator } from '../../src/emulator';
import { ManualClock } from '../../src/time/clock';
import { ACCOUNTS, OWNER } from './support/drivers';
import { type AlibabaCallOptions, callAlibaba } from './support/signed-fetch';

const SIEM = { action: 'GetExportTask', version: '2024-12-12' };
const BIG_ID = '400185000000000001'; // > 2^53

describe('alibaba-siem emulator: GetExportTask', () => {
  let clock: ManualClock;
  let wall: ManualClock;
  let emulator: EmulatorHandle;
  const ask = (params: Record<string, string>, options: Partial<AlibabaCallOptions> = {}, account: EmulatorAccount = OWNER) =>
    callAlibaba(emulator.url, { accessKeyId: account.accessKeyId, accessKeySecret: account.secret }, SIEM, params, {
      signedAt: wall.now(),
      in: 'form',
      ...options,
    });

  beforeEach(async () => {
    clock = new ManualClock(1_605_076_118_000);
    wall = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
    emulator = await startEmulator('alibaba-siem', { accounts: ACCOUNTS, clock, wallClock: wall });
  });
  afterEach(() => emulator.dispose());

  it('answers the documented fields: GmtCreate as a string, Id as a bare number with every digit', async () => {
    emulator.tasks.add({ id: BIG_ID, accountId: OWNER.accountId, durationMs: 40_000, fileName: 'incidents.xlsx' });
    clock.advance(10_000);
    const a = await ask({ RegionId: 'cn-hangzhou', Lang: 'en', ExportId: BIG_ID });
    expect(a.status).toBe(200);
    expect(a.text).toContain(`"Id":${BIG_ID},`);
    expect(a.json).toEqual({
      RequestId: expect.any(String),
      FileName: 'incidents.xlsx',
      Id: expect.any(Number),
      ExportType: 'incident_list',
      ExportStatus: 'exporting',
      Progress: 25,
      GmtCreate: '1605076118000',
      Link: '',
    });
  });

  it('ends in success with a Link, and keeps a custom ExportType', async () => {
    emulator.tasks.add({ id: '3', accountId: OWNER.accountId, durationMs: 1, exportType: 'alert_list' });
    clock.advance(1);
    expect((await ask({ ExportId: '3' })).json).toMatchObject({
      ExportStatus: 'success',
      Progress: 100,
      ExportType: 'alert_list',
      Link: 'https://cloud-siem-export.oss-cn-shanghai.aliyuncs.com/export_3.xlsx',
    });
  });

  it.each([
    [{ ExportId: '3', RegionId: 'cn-shanghai' }, 'RegionId must be one of cn-hangzhou, ap-southeast-1 but got: cn-shanghai'],
    [{ ExportId: '3', Lang: 'fr' }, 'Lang must be one of zh, en but got: fr'],
    [{ ExportId: '3', RoleFor: '12a' }, 'RoleFor must be a decimal int64 but got: 12a'],
  ])('rejects %j with 400 InvalidParameter', async (params, message) => {
    const a = await ask(params);
    expect([a.status, a.json.Code, a.json.Message]).toEqual([400, 'InvalidParameter', message]);
  });

  it('refuses RoleFor an account the caller does not administer', async () => {
    emulator.tasks.add({ id: '3', accountId: '1130' });
    const a = await ask({ ExportId: '3', RoleFor: '1130' });
    expect([a.status, a.json.Code]).toEqual([403, 'NoPermission']);
  });

  it('answers 400 MissingExportId without an ExportId', async () => {
    const a = await ask({ Lang: 'zh' });
    expect([a.status, a.json.Code]).toEqual([400, 'MissingExportId']);
  });
});

import { type EmulatorHandle, startEmulator } from '../../src/emulator';
import { ManualClock } from '../../src/time/clock';
import { OWNER } from './support/drivers';
import { callAlibaba, callTcss, callWorkspace } from './support/signed-fetch';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A repeating task (`repeatEveryMs`) as each provider's wire answer shows it: every run is a new export
 * under the same id, so what the provider says about the run (its creation time, its end, its file, whether
 * it was downloaded) is about the current run, never a mix of the last run and this one.
 */
describe('repeating tasks on the wire', () => {
  let clock: ManualClock;
  let wall: ManualClock;
  const emulators: EmulatorHandle[] = [];
  const start = async (provider: Parameters<typeof startEmulator>[0], spec: Record<string, unknown>) => {
    const e = await startEmulator(provider, {
      accounts: [OWNER],
      clock,
      wallClock: wall,
      tasks: [{ id: '1001', accountId: OWNER.accountId, createdAt: T0, durationMs: 4 * MIN, repeatEveryMs: 10 * MIN, ...spec }],
    });
    emulators.push(e);
    return e;
  };

  beforeEach(() => {
    clock = new ManualClock(T0);
    wall = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
  });
  afterEach(async () => {
    await Promise.all(emulators.splice(0).map((e) => e.dispose()));
  });

  it('Huawei: create_time and end_time are the run’s, is_download only on its success, and it may expire before the next run', async () => {
    const e = await start('huawei-workspace', { downloaded: true, expireAfterMs: 3 * MIN, fileName: 'd.csv' });
    const row = async () =>
      (await callWorkspace(e.url, { ak: OWNER.accessKeyId, sk: OWNER.secret }, 'proj-owner', {}, { signedAt: wall.now() })).json
        .export_tasks[0];
    const at = async (offset: number) => {
      clock.set(T0 + offset);
      return row();
    };
    expect(await at(2 * MIN)).toEqual({
      task_id: '1001',
      file_name: 'd.csv',
      status: 'CREATING',
      create_time: iso(T0),
      is_download: false,
    });
    expect(await at(5 * MIN)).toMatchObject({ status: 'SUCCESS', create_time: iso(T0), end_time: iso(T0 + 4 * MIN), is_download: true });
    expect(await at(8 * MIN)).toMatchObject({ status: 'EXPIRED', end_time: iso(T0 + 4 * MIN), is_download: true });
    const second = await at(11 * MIN);
    expect(second).toEqual({
      task_id: '1001',
      file_name: 'd.csv',
      status: 'CREATING',
      create_time: iso(T0 + 10 * MIN),
      is_download: false,
    });
    expect(await at(14 * MIN)).toMatchObject({ status: 'SUCCESS', create_time: iso(T0 + 10 * MIN), end_time: iso(T0 + 14 * MIN) });
  });

  it('Huawei: a failing run fails with its reason each time, and never shows the previous run’s end', async () => {
    const e = await start('huawei-workspace', { outcome: 'failure', failureReason: 'too many desktops' });
    const row = async (offset: number) => {
      clock.set(T0 + offset);
      return (await callWorkspace(e.url, { ak: OWNER.accessKeyId, sk: OWNER.secret }, 'proj-owner', {}, { signedAt: wall.now() })).json
        .export_tasks[0];
    };
    expect(await row(5 * MIN)).toMatchObject({ status: 'FAIL', fail_reason: 'too many desktops', end_time: iso(T0 + 4 * MIN) });
    const running = await row(21 * MIN);
    expect(running).toMatchObject({ status: 'CREATING', create_time: iso(T0 + 20 * MIN) });
    expect(running).not.toHaveProperty('end_time');
    expect(running).not.toHaveProperty('fail_reason');
    expect(await row(25 * MIN)).toMatchObject({ status: 'FAIL', end_time: iso(T0 + 24 * MIN) });
  });

  it('Tencent: a DownloadURL only while the run has succeeded; progress from 0 again', async () => {
    const e = await start('tencent-tcss', {});
    const read = async (offset: number) => {
      clock.set(T0 + offset);
      return (await callTcss(e.url, { secretId: OWNER.accessKeyId, secretKey: OWNER.secret }, '{"JobId":"1001"}', { signedAt: wall.now() }))
        .json.Response;
    };
    expect(await read(5 * MIN)).toMatchObject({
      ExportStatus: 'SUCCESS',
      ExportProgress: 100,
      DownloadURL: expect.stringMatching(/^https:/),
    });
    expect(await read(11 * MIN)).toMatchObject({ ExportStatus: 'RUNNING', ExportProgress: 25, DownloadURL: '' });
  });

  it('SIEM and SAS: GmtCreate is the run’s, the Link only once it succeeded, CurrentCount from 0 again', async () => {
    const siem = await start('alibaba-siem', {});
    const sas = await start('alibaba-sas', { totalCount: 400 });
    const credentials = { accessKeyId: OWNER.accessKeyId, accessKeySecret: OWNER.secret };
    const ask = async (offset: number) => {
      clock.set(T0 + offset);
      const options = { signedAt: wall.now() };
      return {
        siem: (await callAlibaba(siem.url, credentials, { action: 'GetExportTask', version: '2024-12-12' }, { ExportId: '1001' }, options))
          .json,
        sas: (
          await callAlibaba(sas.url, credentials, { action: 'DescribeExportInfo', version: '2018-12-03' }, { ExportId: '1001' }, options)
        ).json,
      };
    };
    const done = await ask(9 * MIN);
    expect(done.siem).toMatchObject({
      ExportStatus: 'success',
      Progress: 100,
      GmtCreate: String(T0),
      Link: expect.stringMatching(/^https:/),
    });
    expect(done.sas).toMatchObject({ ExportStatus: 'success', Progress: 100, CurrentCount: 400, Link: expect.stringMatching(/^https:/) });
    const again = await ask(11 * MIN);
    expect(again.siem).toMatchObject({ ExportStatus: 'exporting', Progress: 25, GmtCreate: String(T0 + 10 * MIN), Link: '' });
    expect(again.sas).toMatchObject({ ExportStatus: 'exporting', Progress: 25, CurrentCount: 100, Link: '' });
  });

  it('Huawei lists newest first by the current run’s creation: a task that started again comes first', async () => {
    const e = await startEmulator('huawei-workspace', {
      accounts: [OWNER],
      clock,
      wallClock: wall,
      tasks: [
        { id: 'once', accountId: OWNER.accountId, createdAt: T0 + 5 * MIN },
        { id: 'again', accountId: OWNER.accountId, createdAt: T0, durationMs: MIN, repeatEveryMs: 10 * MIN },
      ],
    });
    emulators.push(e);
    const order = async (offset: number) => {
      clock.set(T0 + offset);
      const a = await callWorkspace(
        e.url,
        { ak: OWNER.accessKeyId, sk: OWNER.secret },
        'proj-owner',
        { sort_field: 'create_time', sort_type: 'DESC' },
        { signedAt: wall.now() },
      );
      return (a.json.export_tasks as Array<{ task_id: string }>).map((t) => t.task_id);
    };
    expect(await order(6 * MIN)).toEqual(['once', 'again']);
    expect(await order(11 * MIN)).toEqual(['again', 'once']);
  });
});

import { type EmulatedTaskSpec, type EmulatorHandle, startEmulator } from '../../src/emulator';
import { ManualClock } from '../../src/time/clock';
import { ACCOUNTS, OTHER, OWNER } from './support/drivers';
import { type CallOptions, callWorkspace, send } from './support/signed-fetch';

const HOUR = 3_600_000;
const STATUSES = ['CREATING', 'SUCCESS', 'FAIL', 'EXPIRED'] as const;

describe('huawei-workspace emulator: ListExportTasks', () => {
  let clock: ManualClock;
  let wall: ManualClock;
  let emulator: EmulatorHandle;
  const list = (
    query: Record<string, string>,
    options: Partial<CallOptions> & { path?: string; projectHeader?: string; project?: string } = {},
  ) =>
    callWorkspace(emulator.url, { ak: OWNER.accessKeyId, sk: OWNER.secret }, options.project ?? 'proj-owner', query, {
      signedAt: wall.now(),
      ...options,
    });

  beforeEach(async () => {
    clock = new ManualClock();
    wall = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
    emulator = await startEmulator('huawei-workspace', { accounts: ACCOUNTS, clock, wallClock: wall });
  });
  afterEach(() => emulator.dispose());

  describe('over 250 tasks', () => {
    const base = Date.UTC(2026, 10, 22, 8, 0, 0);
    // Created in a shuffled order (37 is prime to 250), one second apart; the status cycles every 4.
    const specs: EmulatedTaskSpec[] = Array.from({ length: 250 }, (_, i) => ({
      id: `task-${String(i).padStart(3, '0')}`,
      accountId: OWNER.accountId,
      fileName: `report-${i % 10}-${i}.csv`,
      createdAt: base + ((i * 37) % 250) * 1000,
      durationMs: i % 4 === 0 ? 10 * HOUR : 1_000,
      outcome: i % 4 === 2 ? 'failure' : 'success',
      ...(i % 4 === 3 ? { expireAfterMs: 1_000 } : {}),
      downloaded: i % 3 === 0,
    }));
    const statusOf = (i: number) => STATUSES[i % 4];
    const model = (keep: (i: number) => boolean, descending = false) =>
      specs
        .map((s, i) => ({ s, i }))
        .filter(({ i }) => keep(i))
        .sort((a, b) => (descending ? -1 : 1) * ((a.s.createdAt as number) - (b.s.createdAt as number)))
        .map(({ s }) => s.id);
    const ids = (answer: { json: { export_tasks: Array<{ task_id: string }> } }) => answer.json.export_tasks.map((t) => t.task_id);

    beforeEach(() => {
      for (const spec of specs) emulator.tasks.add(spec);
      for (let i = 0; i < 20; i += 1) emulator.tasks.add({ id: `foreign-${i}`, accountId: OTHER.accountId, createdAt: base });
    });

    it('lists 20 by create_time ascending by default, counting every match', async () => {
      const a = await list({});
      expect(a.status).toBe(200);
      expect(a.json.count).toBe(250);
      expect(ids(a)).toEqual(model(() => true).slice(0, 20));
    });

    it('filters by status and is_download together', async () => {
      for (const status of STATUSES) {
        const a = await list({ status, is_download: 'true', limit: '100' });
        const expected = model((i) => statusOf(i) === status && i % 3 === 0);
        expect([a.json.count, ids(a)]).toEqual([expected.length, expected]);
        expect(a.json.export_tasks.every((t: { status: string }) => t.status === status)).toBe(true);
      }
    });

    it('filters by a file name substring and by task_id', async () => {
      const byName = await list({ file_name: 'report-3-', limit: '100' });
      expect([byName.json.count, ids(byName)]).toEqual([25, model((i) => i % 10 === 3)]);
      const byId = await list({ task_id: 'task-042' });
      expect([byId.json.count, ids(byId)]).toEqual([1, ['task-042']]);
    });

    it('sorts DESC and pages with offset and limit', async () => {
      const descending = model(() => true, true);
      const tail = await list({ sort_field: 'create_time', sort_type: 'DESC', offset: '240', limit: '100' });
      expect([tail.json.count, ids(tail)]).toEqual([250, descending.slice(240)]);
      const pages = [];
      for (const offset of [0, 100, 200, 300]) {
        pages.push(...ids(await list({ sort_field: 'create_time', sort_type: 'ASC', offset: String(offset), limit: '100' })));
      }
      expect(pages).toEqual(model(() => true));
    });

    it('writes each status with its own fields', async () => {
      const rows = (await list({ task_id: 'task-000' })).json.export_tasks
        .concat((await list({ task_id: 'task-001' })).json.export_tasks)
        .concat((await list({ task_id: 'task-002' })).json.export_tasks)
        .concat((await list({ task_id: 'task-003' })).json.export_tasks);
      const created = (i: number) => new Date(base + ((i * 37) % 250) * 1000).toISOString();
      const ended = (i: number) => new Date(base + ((i * 37) % 250) * 1000 + 1000).toISOString();
      expect(rows).toEqual([
        { task_id: 'task-000', file_name: 'report-0-0.csv', status: 'CREATING', create_time: created(0), is_download: true },
        {
          task_id: 'task-001',
          file_name: 'report-1-1.csv',
          status: 'SUCCESS',
          create_time: created(1),
          end_time: ended(1),
          is_download: false,
        },
        {
          task_id: 'task-002',
          file_name: 'report-2-2.csv',
          status: 'FAIL',
          fail_reason: 'export failed',
          error_code: 'WKS.00000003',
          create_time: created(2),
          end_time: ended(2),
          is_download: false,
        },
        {
          task_id: 'task-003',
          file_name: 'report-3-3.csv',
          status: 'EXPIRED',
          create_time: created(3),
          end_time: ended(3),
          is_download: true,
        },
      ]);
    });
  });

  it("writes the documentation's quoted time form when a task asks for it", async () => {
    emulator.tasks.add({ id: 'q', accountId: OWNER.accountId, createdAt: Date.UTC(2022, 2, 28), durationMs: 0, quotedTimes: true });
    const [row] = (await list({})).json.export_tasks;
    expect([row.create_time, row.end_time]).toEqual(["2022-03-28'T'00:00:00.000Z", "2022-03-28'T'00:00:00.000Z"]);
  });

  it.each([
    ['status', 'DONE'],
    ['is_download', 'yes'],
    ['sort_field', 'file_name'],
    ['sort_type', 'asc'],
    ['offset', '-1'],
    ['limit', '0'],
    ['limit', '101'],
    ['limit', 'ten'],
  ])('rejects %s=%s with 400', async (name, value) => {
    const a = await list({ [name]: value });
    expect(a.status).toBe(400);
    expect(a.json).toEqual({
      error_code: 'WKS.00000002',
      error_msg: expect.stringContaining(`${name} must be`),
      request_id: a.headers.get('x-request-id'),
    });
  });

  it('answers 404 APIGW.0101 for an unknown path or method', async () => {
    const a = await list({}, { path: '/v2/proj-owner/export-task' });
    expect([a.status, a.json.error_code]).toEqual([404, 'APIGW.0101']);
    const post = await send(`${emulator.url}/v2/proj-owner/export-tasks`, { method: 'POST' });
    expect([post.status, post.json.error_code]).toEqual([404, 'APIGW.0101']);
  });

  it("answers 403 APIGW.0302 for a project that is not the account's", async () => {
    const wrongPath = await list({}, { project: 'proj-other' });
    expect([wrongPath.status, wrongPath.json.error_code]).toEqual([403, 'APIGW.0302']);
    const wrongHeader = await list({}, { projectHeader: 'proj-other' });
    expect([wrongHeader.status, wrongHeader.json.error_code]).toEqual([403, 'APIGW.0302']);
    expect((await list({}, { projectHeader: 'proj-owner' })).status).toBe(200);
  });

  it('echoes its canonical request in a 401, as the real gateway does', async () => {
    const a = await list({ limit: '5' }, { tamper: true });
    expect(a.status).toBe(401);
    expect(a.json.error_msg).toContain(
      'verify aksk signature fail, canonicalRequest: GET\n/v2/proj-owner/export-tasks/\nlimit=5\ncontent-type:application/json\n',
    );
    expect(a.json.request_id).toBe(a.headers.get('x-request-id'));
  });

  it('puts a request id in X-Request-Id on success and on faults', async () => {
    const ok = await list({});
    expect(ok.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    emulator.faults.inject({ kind: 'malformed' }, { times: 1 });
    expect((await list({})).headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
  });
});

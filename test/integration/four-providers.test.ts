import type { ProviderId } from '../../src/domain/provider-id';
import { ManualClock } from '../../src/time/clock';
import { TASK_QUERY, type TaskResult, TASKS_QUERY } from '../conformance/support/documents';
import { gql, type Stack, startStack } from '../support/stack';

const SECOND = 1000;
const INT64_MAX = '9223372036854775807';

/** The two tasks of each provider, in the order the operation asks for them. */
const IDS: ReadonlyArray<readonly [ProviderId, string]> = [
  ['alibaba-sas', INT64_MAX],
  ['alibaba-sas', '131231'],
  ['alibaba-siem', INT64_MAX],
  ['alibaba-siem', '400185'],
  ['tencent-tcss', 'e4409223-8e92-45db-a857-11b1ff547c79'],
  ['tencent-tcss', 'tcss-failed-0001'],
  ['huawei-workspace', '7d8f6a2e-4c1b-4f3a-9e51-0c2d8b7a6f10'],
  ['huawei-workspace', 'wks-failed-0001'],
];
const globalId = ([p, t]: readonly [ProviderId, string]) => `${p}:${t}`;
const iso = (ms: number) => new Date(ms).toISOString();

describe('one operation over eight tasks, two per provider, over real HTTP to the four emulators', () => {
  const clock = new ManualClock();
  const now = clock.now();
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      providers: ['alibaba-sas', 'alibaba-siem', 'tencent-tcss', 'huawei-workspace'],
      clock,
      quotaPerSecond: 1000,
      tasks: {
        'alibaba-sas': [
          {
            id: INT64_MAX,
            accountId: 'acct-a',
            createdAt: now - 300 * SECOND,
            durationMs: 100 * SECOND,
            totalCount: 500,
            fileName: 'baseline',
          },
          {
            id: '131231',
            accountId: 'acct-a',
            createdAt: now - 40 * SECOND,
            durationMs: 100 * SECOND,
            totalCount: 1200,
            fileName: 'health_check',
          },
        ],
        'alibaba-siem': [
          { id: INT64_MAX, accountId: 'acct-a', createdAt: now - 300 * SECOND, durationMs: 100 * SECOND, fileName: 'incidents.xlsx' },
          {
            id: '400185',
            accountId: 'acct-a',
            createdAt: now - 60 * SECOND,
            durationMs: 100 * SECOND,
            fileName: 'alerts.xlsx',
            exportType: 'alert_list',
          },
        ],
        'tencent-tcss': [
          { id: 'e4409223-8e92-45db-a857-11b1ff547c79', accountId: 'acct-a', createdAt: now - 30 * SECOND, durationMs: 100 * SECOND },
          {
            id: 'tcss-failed-0001',
            accountId: 'acct-a',
            createdAt: now - 300 * SECOND,
            durationMs: 100 * SECOND,
            outcome: 'failure',
            failureReason: 'disk full',
          },
        ],
        'huawei-workspace': [
          {
            id: '7d8f6a2e-4c1b-4f3a-9e51-0c2d8b7a6f10',
            accountId: 'acct-a',
            createdAt: now - 300 * SECOND,
            durationMs: 100 * SECOND,
            fileName: 'desktops.csv',
            downloaded: true,
          },
          {
            id: 'wks-failed-0001',
            accountId: 'acct-a',
            createdAt: now - 300 * SECOND,
            durationMs: 100 * SECOND,
            fileName: 'desktops_failed.csv',
            outcome: 'failure',
            failureReason: 'too many desktops',
            errorCode: 'WKS.00010012',
            quotedTimes: true,
          },
        ],
      },
    });
  });
  afterAll(() => stack?.dispose());
  beforeEach(() => {
    for (const e of Object.values(stack.emulators)) e.stats.reset();
  });

  it('returns all eight normalized, in order, with exactly one upstream request per id (Huawei: one listing page)', async () => {
    const res = await gql<{ exportTasks: Array<TaskResult | null> }, { ids: string[] }>(stack.app, TASKS_QUERY, { ids: IDS.map(globalId) });
    expect(res.errors).toBeUndefined();
    const tasks = res.data!.exportTasks;
    // What every task carries besides its own fields.
    const common = (p: ProviderId, t: string) => ({
      id: `${p}:${t}`,
      providerTaskId: t,
      provider: { id: p },
      observedAt: expect.any(String),
      requestId: expect.stringMatching(/\S/),
    });
    const none = {
      exportType: null,
      exportedCount: null,
      totalCount: null,
      message: null,
      failureReason: null,
      errorCode: null,
      downloaded: null,
      createdAt: null,
      finishedAt: null,
    };
    expect(tasks).toEqual([
      {
        ...common('alibaba-sas', INT64_MAX),
        ...none,
        status: 'SUCCEEDED',
        providerStatus: 'success',
        terminal: true,
        progress: 100,
        fileName: 'baseline',
        downloadUrl: expect.stringMatching(/^https:\/\/.+\/baseline$/),
        exportedCount: 500,
        totalCount: 500,
        message: 'success',
      },
      {
        ...common('alibaba-sas', '131231'),
        ...none,
        status: 'RUNNING',
        providerStatus: 'exporting',
        terminal: false,
        progress: 40,
        fileName: 'health_check',
        downloadUrl: null,
        exportedCount: 480,
        totalCount: 1200,
        message: 'success',
      },
      {
        ...common('alibaba-siem', INT64_MAX),
        ...none,
        status: 'SUCCEEDED',
        providerStatus: 'success',
        terminal: true,
        progress: 100,
        fileName: 'incidents.xlsx',
        downloadUrl: expect.stringMatching(/^https:\/\/.+\/incidents\.xlsx$/),
        exportType: 'incident_list',
        createdAt: iso(now - 300 * SECOND),
      },
      {
        ...common('alibaba-siem', '400185'),
        ...none,
        status: 'RUNNING',
        providerStatus: 'exporting',
        terminal: false,
        progress: 60,
        fileName: 'alerts.xlsx',
        downloadUrl: null,
        exportType: 'alert_list',
        createdAt: iso(now - 60 * SECOND),
      },
      {
        ...common('tencent-tcss', 'e4409223-8e92-45db-a857-11b1ff547c79'),
        ...none,
        status: 'RUNNING',
        providerStatus: 'RUNNING',
        terminal: false,
        progress: 30,
        fileName: null,
        downloadUrl: null,
      },
      {
        ...common('tencent-tcss', 'tcss-failed-0001'),
        ...none,
        status: 'FAILED',
        providerStatus: 'FAILURE',
        terminal: true,
        progress: null,
        fileName: null,
        downloadUrl: null,
        failureReason: 'disk full',
      },
      {
        ...common('huawei-workspace', '7d8f6a2e-4c1b-4f3a-9e51-0c2d8b7a6f10'),
        ...none,
        status: 'SUCCEEDED',
        providerStatus: 'SUCCESS',
        terminal: true,
        progress: 100,
        fileName: 'desktops.csv',
        downloadUrl: null,
        downloaded: true,
        createdAt: iso(now - 300 * SECOND),
        finishedAt: iso(now - 200 * SECOND),
      },
      {
        ...common('huawei-workspace', 'wks-failed-0001'),
        ...none,
        status: 'FAILED',
        providerStatus: 'FAIL',
        terminal: true,
        progress: null,
        fileName: 'desktops_failed.csv',
        downloadUrl: null,
        failureReason: 'too many desktops',
        errorCode: 'WKS.00010012',
        downloaded: false,
        createdAt: iso(now - 300 * SECOND),
        finishedAt: iso(now - 200 * SECOND),
      },
    ]);
    // One upstream request per id at each emulator, except Huawei, which has no batch read: its two ids are
    // more than its account's one listing page, so that page answers both (src/tenancy/listing-batch.ts).
    for (const [provider, taskId] of IDS.filter(([p]) => p !== 'huawei-workspace'))
      expect([provider, taskId, stack.emulator(provider).stats.forTask(taskId)]).toEqual([provider, taskId, 1]);
    for (const provider of ['alibaba-sas', 'alibaba-siem', 'tencent-tcss'] as const) {
      expect([provider, stack.emulator(provider).stats.total()]).toEqual([provider, 2]);
      expect(stack.emulator(provider).stats.requests.map((r) => r.outcome)).toEqual(['ok', 'ok']);
    }
    const huawei = stack.emulator('huawei-workspace').stats.requests;
    expect(huawei.map((r) => [r.taskIds, r.outcome])).toEqual([[[], 'ok']]);
  });
});

describe('int64 task ids beyond 2^53', () => {
  let stack: Stack;

  beforeAll(async () => {
    const task = { id: INT64_MAX, accountId: 'acct-a', durationMs: 100 * SECOND };
    stack = await startStack({ providers: ['alibaba-sas', 'alibaba-siem'], tasks: { 'alibaba-sas': [task], 'alibaba-siem': [task] } });
  });
  afterAll(() => stack?.dispose());

  it.each(['alibaba-sas', 'alibaba-siem'] as const)(
    'round-trips %s:9223372036854775807 exactly in id and providerTaskId',
    async (provider) => {
      const res = await gql<{ exportTask: TaskResult | null }, { id: string }>(stack.app, TASK_QUERY, { id: `${provider}:${INT64_MAX}` });
      expect(res.errors).toBeUndefined();
      expect(res.data!.exportTask).toMatchObject({ id: `${provider}:${INT64_MAX}`, providerTaskId: INT64_MAX, status: 'RUNNING' });
      // The emulator was asked for every digit (through a JS number it would have been 9223372036854775808), and
      // the answer's bare-number `Id` was read losslessly: the client rejects an `Id` other than the one asked for.
      expect(stack.emulator(provider).stats.requests).toEqual([expect.objectContaining({ taskIds: [INT64_MAX], outcome: 'ok' })]);
    },
  );
});

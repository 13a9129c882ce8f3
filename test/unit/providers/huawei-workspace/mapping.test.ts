import { ExportStatus } from '../../../../src/domain/export-task';
import { ErrorCode } from '../../../../src/errors/error-code';
import {
  mapWorkspaceStatus,
  parseWorkspaceTime,
  toWorkspaceStatus,
  workspaceListParams,
} from '../../../../src/providers/huawei-workspace/mapping';
import { taskRef } from '../../../support/task-ref';
import { mapWorkspaceListBody } from '../support/bodies';
import { serviceErrorOfSync } from '../support/errors';

const ctx = { observedAt: 1_700_000_000_000, requestId: 'hw-req-1', offset: 0 };
const task = (overrides: Record<string, unknown> = {}) => ({
  task_id: '7d8f0c2e-1b2a-4c3d-9e8f-0a1b2c3d4e5f',
  file_name: 'desktops.xlsx',
  status: 'SUCCESS',
  fail_reason: null,
  error_code: null,
  create_time: "2022-03-28'T'00:00:00.000Z",
  end_time: '2022-03-28T00:05:30.250Z',
  is_download: false,
  ...overrides,
});
const list = (tasks: unknown[], count: unknown = tasks.length): string => JSON.stringify({ export_tasks: tasks, count });

describe('Workspace status mapping', () => {
  it.each([
    ['CREATING', ExportStatus.RUNNING],
    ['SUCCESS', ExportStatus.SUCCEEDED],
    ['FAIL', ExportStatus.FAILED],
    ['EXPIRED', ExportStatus.EXPIRED],
    ['DELETED', ExportStatus.UNKNOWN],
    ['success', ExportStatus.UNKNOWN],
  ])('%j → %s', (raw, status) => {
    expect(mapWorkspaceStatus(raw)).toBe(status);
  });

  it.each([
    [ExportStatus.RUNNING, 'CREATING'],
    [ExportStatus.SUCCEEDED, 'SUCCESS'],
    [ExportStatus.FAILED, 'FAIL'],
    [ExportStatus.EXPIRED, 'EXPIRED'],
    [ExportStatus.PENDING, undefined],
    [ExportStatus.UNKNOWN, undefined],
  ])('filter %s → %j', (status, wire) => {
    expect(toWorkspaceStatus(status)).toBe(wire);
  });
});

describe('parseWorkspaceTime', () => {
  it.each([
    ["2022-03-28'T'00:00:00.000Z", Date.UTC(2022, 2, 28)],
    ['2022-03-28T00:00:00.000Z', Date.UTC(2022, 2, 28)],
    ['2022-03-28T13:14:15Z', Date.UTC(2022, 2, 28, 13, 14, 15)],
    ['2022-03-28T13:14:15.5Z', Date.UTC(2022, 2, 28, 13, 14, 15, 500)],
    ['2022-03-28 13:14:15', Date.UTC(2022, 2, 28, 13, 14, 15)], // no zone: UTC as documented
    ['2022-03-28T21:14:15.000+08:00', Date.UTC(2022, 2, 28, 13, 14, 15)],
    ['2022-03-28T13:14:15.123456Z', Date.UTC(2022, 2, 28, 13, 14, 15, 123)],
    ['2022-02-30T00:00:00Z', undefined],
    ['2022-03-28T24:00:00Z', undefined],
    ["2022-03-28'T00:00:00Z", undefined],
    ['28/03/2022', undefined],
    ['1648425600000', undefined],
    ['', undefined],
  ])('%j → %j', (value, expected) => {
    expect(parseWorkspaceTime(value)).toBe(expected);
  });
});

describe('mapWorkspaceListBody', () => {
  it('maps a succeeded task, with quoted and unquoted times', () => {
    const page = mapWorkspaceListBody(list([task()], 41), ctx);
    expect(page.totalCount).toBe(41);
    expect(page.tasks).toEqual([
      {
        provider: 'huawei-workspace',
        providerTaskId: '7d8f0c2e-1b2a-4c3d-9e8f-0a1b2c3d4e5f',
        status: ExportStatus.SUCCEEDED,
        providerStatus: 'SUCCESS',
        progress: 100,
        fileName: 'desktops.xlsx',
        downloadUrl: null,
        exportType: null,
        exportedCount: null,
        totalCount: null,
        message: null,
        failureReason: null,
        errorCode: null,
        downloaded: false,
        createdAt: Date.UTC(2022, 2, 28),
        finishedAt: Date.UTC(2022, 2, 28, 0, 5, 30, 250),
        observedAt: 1_700_000_000_000,
        requestId: 'hw-req-1',
      },
    ]);
  });

  it.each([
    ['CREATING', ExportStatus.RUNNING, null],
    ['SUCCESS', ExportStatus.SUCCEEDED, 100],
    ['FAIL', ExportStatus.FAILED, null],
    ['EXPIRED', ExportStatus.EXPIRED, 100],
    ['QUEUED', ExportStatus.UNKNOWN, null],
  ])('%s → %s, progress %j (no percentage on the wire)', (raw, status, progress) => {
    const [state] = mapWorkspaceListBody(list([task({ status: raw, end_time: null })]), ctx).tasks;
    expect(state).toMatchObject({ status, providerStatus: raw, progress, finishedAt: null });
  });

  it('maps failure details and download tracking', () => {
    const [state] = mapWorkspaceListBody(
      list([task({ status: 'FAIL', fail_reason: 'disk full', error_code: 'WKS.0001', is_download: true })]),
      ctx,
    ).tasks;
    expect(state).toMatchObject({ status: ExportStatus.FAILED, failureReason: 'disk full', errorCode: 'WKS.0001', downloaded: true });
  });

  it('falls back to offset + page length when count is absent', () => {
    const page = mapWorkspaceListBody(JSON.stringify({ export_tasks: [task(), task({ task_id: 'b' })] }), { ...ctx, offset: 40 });
    expect(page.totalCount).toBe(42);
  });

  it.each([
    ['nope', 'the body is not JSON'],
    ['{}', 'expected export_tasks to be an array, but it is missing'],
    ['{"export_tasks":{}}', 'expected export_tasks to be an array, but got an object'],
    [list([7]), 'expected export_tasks[0] to be an object, but got a number'],
    [list([task({ task_id: undefined })]), 'expected export_tasks[0].task_id to be a non-empty string, but it is missing'],
    [list([task(), task({ status: '' })]), 'expected export_tasks[1].status to be a non-empty string, but got an empty string'],
    [
      list([task({ create_time: '28/03/2022' })]),
      `expected export_tasks[0].create_time to be a UTC time yyyy-MM-dd'T'HH:mm:ss.SSSZ, but got "28/03/2022"`,
    ],
    [list([task({ is_download: 'yes' })]), 'expected export_tasks[0].is_download to be a boolean, but got a string'],
    [list([task()], -1), 'expected count to be a non-negative integer, but got a number'],
  ])('%s → PROVIDER_BAD_RESPONSE', (text, detail) => {
    const e = serviceErrorOfSync(() => mapWorkspaceListBody(text, ctx));
    expect(e.code).toBe(ErrorCode.PROVIDER_BAD_RESPONSE);
    expect(e.message).toBe(`Huawei Cloud Workspace sent an unexpected response: ${detail}`);
    expect(e.provider).toMatchObject({ provider: 'huawei-workspace', requestId: 'hw-req-1' });
  });
});

describe('workspaceListParams', () => {
  const base = { offset: 0, limit: 20 };
  it.each([
    [
      {},
      [
        ['offset', '0'],
        ['limit', '20'],
      ],
    ],
    [
      {
        status: [ExportStatus.RUNNING],
        fileName: 'desk tops*.xlsx',
        task: taskRef('huawei-workspace', 'abc'),
        downloaded: false,
        orderBy: { field: 'CREATED_AT', direction: 'DESC' },
        offset: 40,
        limit: 100,
      },
      [
        ['status', 'CREATING'],
        ['file_name', 'desk tops*.xlsx'],
        ['task_id', 'abc'],
        ['is_download', 'false'],
        ['sort_field', 'create_time'],
        ['sort_type', 'DESC'],
        ['offset', '40'],
        ['limit', '100'],
      ],
    ],
    [
      { status: [ExportStatus.SUCCEEDED, ExportStatus.PENDING, ExportStatus.UNKNOWN] },
      [
        ['status', 'SUCCESS'],
        ['offset', '0'],
        ['limit', '20'],
      ],
    ],
    [
      { status: [ExportStatus.EXPIRED, ExportStatus.EXPIRED] },
      [
        ['status', 'EXPIRED'],
        ['offset', '0'],
        ['limit', '20'],
      ],
    ],
    [
      { status: [] },
      [
        ['offset', '0'],
        ['limit', '20'],
      ],
    ],
    [
      { status: [ExportStatus.RUNNING, ExportStatus.SUCCEEDED, ExportStatus.FAILED, ExportStatus.EXPIRED, ExportStatus.PENDING] },
      [
        ['offset', '0'],
        ['limit', '20'],
      ],
    ],
    [
      { downloaded: true, orderBy: { field: 'CREATED_AT', direction: 'ASC' } },
      [
        ['is_download', 'true'],
        ['sort_field', 'create_time'],
        ['sort_type', 'ASC'],
        ['offset', '0'],
        ['limit', '20'],
      ],
    ],
  ] as const)('%j', (query, params) => {
    expect(workspaceListParams({ ...base, ...query })).toEqual(params);
  });

  it.each([[[ExportStatus.PENDING]], [[ExportStatus.UNKNOWN]], [[ExportStatus.PENDING, ExportStatus.UNKNOWN]]])(
    'a filter on only %j cannot match anything: undefined (no call)',
    (status) => {
      expect(workspaceListParams({ ...base, status })).toBeUndefined();
    },
  );

  it.each([
    [
      { status: [ExportStatus.FAILED, ExportStatus.EXPIRED] },
      'Invalid status filter for huawei-workspace: expected one of RUNNING, SUCCEEDED, FAILED, EXPIRED (or all of them), but got FAILED, EXPIRED',
    ],
    [{ offset: -1 }, 'Invalid offset: expected an integer of at least 0, but got -1'],
    [{ limit: 0 }, 'Invalid limit: expected an integer from 1 to 100, but got 0'],
    [{ limit: 101 }, 'Invalid limit: expected an integer from 1 to 100, but got 101'],
  ] as const)('%j → BAD_USER_INPUT', (query, message) => {
    const e = serviceErrorOfSync(() => workspaceListParams({ ...base, ...query }));
    expect(e.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(e.message).toBe(message);
  });
});

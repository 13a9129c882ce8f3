import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder';
import type { HcClient, HttpRequestOptions } from '@huaweicloud/huaweicloud-sdk-core/HcClient';

import { type EmulatedTaskSpec, type EmulatorHandle, startEmulator } from '../../../src/emulator';
import { ManualClock } from '../../../src/time/clock';
import { capturingOutput } from '../../support/captured-output';
import { ACCOUNTS, OWNER } from '../support/drivers';
import { fieldTypes, only, WORKSPACE_EXPORT_TASK_ITEM, WORKSPACE_LIST_EXPORT_TASKS_RESPONSE } from '../support/sdk-models';

/**
 * Huawei's official core (`@huaweicloud/huaweicloud-sdk-core`: `ClientBuilder`, `BasicCredentials`,
 * `HcClient.sendRequest`, which signs SDK-HMAC-SHA256) against the Workspace emulator, sending what the
 * generated `WorkspaceClient.listExportTasks` sends. The core joins the endpoint and the API path, so an
 * endpoint with a path prefix is sent and signed over the full path.
 */
const NOW = Date.UTC(2026, 10, 22, 9, 30, 0);
const clock = new ManualClock(NOW);
const PROJECT_ID = OWNER.projectId as string;
const task = (id: string, createdAt: number, spec: Partial<EmulatedTaskSpec> = {}): EmulatedTaskSpec => ({
  id,
  accountId: OWNER.accountId,
  createdAt,
  durationMs: 60_000,
  ...spec,
});
const TASKS = [
  task('task-success', NOW - 120_000, { fileName: 'desktops.csv', downloaded: true }),
  task('task-fail', NOW - 110_000, { outcome: 'failure', failureReason: 'too many rows', errorCode: 'WKS.00010001' }),
  task('task-expired', NOW - 100_000, { expireAfterMs: 30_000 }),
  task('task-creating', NOW - 15_000),
];

/** The query of ListExportTasks, as the generated request model names it on the wire. */
interface ListExportTasksQuery {
  readonly file_name?: string;
  readonly task_id?: string;
  readonly status?: 'CREATING' | 'SUCCESS' | 'FAIL' | 'EXPIRED';
  readonly is_download?: boolean;
  readonly sort_field?: 'create_time';
  readonly sort_type?: 'ASC' | 'DESC';
  readonly offset?: number;
  readonly limit?: number;
}

/**
 * The options the generated `ParamCreater().listExportTasks` builds (huaweicloud/huaweicloud-sdk-nodejs-v3
 * 3.1.209, `services/workspace/v2/WorkspaceClient.ts`): only the parameters given, `{project_id}` filled
 * in by the credentials; `responseHeaders: ['']` as `WorkspaceClient.listExportTasks` sets it.
 */
function listExportTasksOptions(query: ListExportTasksQuery): HttpRequestOptions {
  const queryParams = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== null && value !== undefined));
  const options = {
    method: 'GET',
    url: '/v2/{project_id}/export-tasks',
    contentType: 'application/json',
    queryParams,
    pathParams: {},
    headers: {},
  };
  return Object.assign(options, { responseHeaders: [''] });
}

function workspace(emulator: EmulatorHandle, sk = OWNER.secret): HcClient {
  return (
    new ClientBuilder<HcClient>((client) => client)
      .withCredential(new BasicCredentials().withAk(OWNER.accessKeyId).withSk(sk).withProjectId(PROJECT_ID))
      .withEndpoint(emulator.url)
      // A custom user agent, else the builder writes an id into ~/.huaweicloud/application_id to build its own.
      .withOptions({ customUserAgent: 'cloud-export-tasks-sdk-witness', axiosRequestConfig: { timeout: 5_000 } })
      .build()
  );
}

/** The fields each status carries: fail_reason and error_code only on FAIL, end_time once finished. */
const ROW_FIELDS = {
  base: ['task_id', 'file_name', 'status', 'create_time', 'is_download'],
  finished: ['end_time'],
  failed: ['fail_reason', 'error_code'],
} as const;
const EXPECTED_ROWS: Readonly<Record<string, { readonly row: Record<string, unknown>; readonly fields: readonly string[] }>> = {
  'task-success': {
    row: { status: 'SUCCESS', file_name: 'desktops.csv', is_download: true, end_time: new Date(NOW - 60_000).toISOString() },
    fields: [...ROW_FIELDS.base, ...ROW_FIELDS.finished],
  },
  'task-fail': {
    row: { status: 'FAIL', fail_reason: 'too many rows', error_code: 'WKS.00010001' },
    fields: [...ROW_FIELDS.base, ...ROW_FIELDS.finished, ...ROW_FIELDS.failed],
  },
  'task-expired': { row: { status: 'EXPIRED' }, fields: [...ROW_FIELDS.base, ...ROW_FIELDS.finished] },
  'task-creating': { row: { status: 'CREATING', create_time: new Date(NOW - 15_000).toISOString() }, fields: ROW_FIELDS.base },
};

describe.each(['', '/cloud-proxy/v1'])('@huaweicloud/huaweicloud-sdk-core Workspace ListExportTasks, emulator prefix "%s"', (prefix) => {
  const apiPath = `${prefix}/v2/${PROJECT_ID}/export-tasks`;
  let emulator: EmulatorHandle;

  beforeAll(async () => {
    emulator = await startEmulator('huawei-workspace', { accounts: ACCOUNTS, clock, tasks: TASKS, pathPrefix: prefix || undefined });
  });
  afterAll(() => emulator.dispose());
  beforeEach(() => emulator.stats.reset());

  it.each(TASKS.map((t) => t.id))('%s: the request passes the signature check and the SDK reads every field', async (taskId) => {
    const { row, fields } = EXPECTED_ROWS[taskId] ?? { row: {}, fields: [] };
    const model = only(WORKSPACE_EXPORT_TASK_ITEM, fields);

    const answer = await workspace(emulator).sendRequest<Record<string, unknown>>(listExportTasksOptions({ task_id: taskId }));

    expect(answer).toMatchObject({ httpStatusCode: 200, count: 1, export_tasks: [{ task_id: taskId, ...row }] });
    expect(fieldTypes(answer, WORKSPACE_LIST_EXPORT_TASKS_RESPONSE)).toEqual(WORKSPACE_LIST_EXPORT_TASKS_RESPONSE);
    const [item] = answer['export_tasks'] as unknown[];
    expect(fieldTypes(item, model)).toEqual(model);
    expect(Object.keys(item as object).sort()).toEqual(Object.keys(model).sort());
    expect(emulator.stats.requests).toEqual([
      expect.objectContaining({ accessKeyId: OWNER.accessKeyId, path: apiPath, taskIds: [taskId], outcome: 'ok' }),
    ]);
  });

  it('lists every task with the paging and sorting query the generated client sends', async () => {
    const options = listExportTasksOptions({ sort_field: 'create_time', sort_type: 'DESC', offset: 1, limit: 2, is_download: false });

    const answer = await workspace(emulator).sendRequest<Record<string, unknown>>(options);

    expect(answer).toMatchObject({ count: 3, export_tasks: [{ task_id: 'task-expired' }, { task_id: 'task-fail' }] });
    expect(emulator.stats.requests).toEqual([expect.objectContaining({ path: apiPath, outcome: 'ok' })]);
  });

  it('a wrong SK fails the signature check, and the SDK says so (and logs the request, Authorization and all)', async () => {
    const { settled, output } = await capturingOutput(() =>
      workspace(emulator, `${OWNER.secret}x`).sendRequest(listExportTasksOptions({})),
    );

    expect(settled).toMatchObject({ status: 'rejected', reason: { httpStatusCode: 401, errorCode: 'APIGW.0301' } });
    expect(output).toContain(`SDK-HMAC-SHA256 Access=${OWNER.accessKeyId}`);
    expect(emulator.stats.requests).toEqual([expect.objectContaining({ path: apiPath, outcome: 'APIGW.0301' })]);
  });
});

import { ExportStatus } from '../../../../src/domain/export-task';
import { ErrorCode } from '../../../../src/errors/error-code';
import { createHttpClient, type HttpClient } from '../../../../src/http/http-client';
import { createWorkspaceClient } from '../../../../src/providers/huawei-workspace/client';
import type { WorkspaceOptions } from '../../../../src/providers/huawei-workspace/options';
import { parseSdkHmacAuthorization, signSdkHmac } from '../../../../src/signing/sdk-hmac';
import { ManualClock } from '../../../../src/time/clock';
import { taskRef } from '../../../support/task-ref';
import { serviceErrorOf } from '../support/errors';
import { type RecordingServer, type ReplyAction, signableOf, startRecordingServer } from '../support/recording-server';

const START = Date.UTC(2026, 10, 22, 9, 30, 0);
const AK = 'QTWAOYTTINDUT2QVKYUC';
const SK = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
const PROJECT = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
let http: HttpClient;
let clock: ManualClock;
let server: RecordingServer;
let next: ReplyAction;

function config(overrides: Partial<WorkspaceOptions> = {}): WorkspaceOptions {
  return { endpoint: server.origin, timeoutMs: 2000, maxRequestsPerSecond: 10, ak: AK, sk: SK, projectId: PROJECT, ...overrides };
}

const task = (overrides: Record<string, unknown> = {}) => ({
  task_id: 'task-1',
  file_name: 'desktops.xlsx',
  status: 'CREATING',
  create_time: "2022-03-28'T'00:00:00.000Z",
  is_download: false,
  ...overrides,
});
const listed = (tasks: unknown[], count = tasks.length): ReplyAction => ({
  headers: { 'X-Request-Id': 'hw-req' },
  body: JSON.stringify({ export_tasks: tasks, count }),
});

beforeEach(async () => {
  http = createHttpClient();
  clock = new ManualClock(START);
  next = listed([task()]);
  server = await startRecordingServer(() => {
    clock.advance(30);
    return next;
  });
});

afterEach(async () => {
  await http.dispose();
  await server.close();
});

describe('request building', () => {
  it('GET /v2/{project}/export-tasks?task_id=…&limit=100, signed over content-type, host:port, x-project-id, x-sdk-date', async () => {
    await createWorkspaceClient(config(), { http, clock }).read(taskRef('huawei-workspace', 'task-1'));
    const req = server.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.target).toBe(`/v2/${PROJECT}/export-tasks?task_id=task-1&limit=100`);
    expect(req.body).toBe('');
    expect(req.headers).toMatchObject({
      host: `127.0.0.1:${server.port}`,
      // No body, but the official SDK sends and signs it on this GET.
      'content-type': 'application/json',
      'x-sdk-date': '20261122T093000Z',
      'x-project-id': PROJECT,
    });
    expect(req.headers['x-security-token']).toBeUndefined();
    const parsed = parseSdkHmacAuthorization(req.headers['authorization']!);
    expect(parsed?.accessKey).toBe(AK);
    expect(parsed?.signedHeaders).toEqual(['content-type', 'host', 'x-project-id', 'x-sdk-date']);
    const resigned = signSdkHmac(signableOf(req), { ak: AK, sk: SK }, { signedHeaders: parsed!.signedHeaders });
    expect(req.headers['authorization']).toBe(resigned.authorization);
  });

  it('adds and signs X-Security-Token when configured', async () => {
    await createWorkspaceClient(config({ securityToken: 'sts-token' }), { http, clock }).read(taskRef('huawei-workspace', 'task-1'));
    const req = server.requests[0]!;
    expect(req.headers['x-security-token']).toBe('sts-token');
    const parsed = parseSdkHmacAuthorization(req.headers['authorization']!);
    expect(parsed?.signedHeaders).toEqual(['content-type', 'host', 'x-project-id', 'x-sdk-date', 'x-security-token']);
    expect(req.headers['authorization']).toBe(
      signSdkHmac(signableOf(req), { ak: AK, sk: SK }, { signedHeaders: parsed!.signedHeaders }).authorization,
    );
  });

  it('list: maps the query to file_name/status/is_download/sort/offset/limit, RFC 3986 encoded and signed', async () => {
    next = listed([task({ status: 'SUCCESS' })], 57);
    const page = await createWorkspaceClient(config(), { http, clock }).list!({
      status: [ExportStatus.SUCCEEDED],
      fileName: 'desk tops*+.xlsx',
      downloaded: true,
      orderBy: { field: 'CREATED_AT', direction: 'DESC' },
      offset: 20,
      limit: 10,
    });
    const req = server.requests[0]!;
    expect(req.target).toBe(
      `/v2/${PROJECT}/export-tasks?status=SUCCESS&file_name=desk%20tops%2A%2B.xlsx&is_download=true&sort_field=create_time&sort_type=DESC&offset=20&limit=10`,
    );
    expect(req.query).toContainEqual(['file_name', 'desk tops*+.xlsx']);
    const parsed = parseSdkHmacAuthorization(req.headers['authorization']!);
    expect(req.headers['authorization']).toBe(
      signSdkHmac(signableOf(req), { ak: AK, sk: SK }, { signedHeaders: parsed!.signedHeaders }).authorization,
    );
    expect(page.totalCount).toBe(57);
    expect(page.tasks).toHaveLength(1);
    expect(page.tasks[0]).toMatchObject({ status: ExportStatus.SUCCEEDED, progress: 100, requestId: 'hw-req', observedAt: START + 30 });
  });
});

describe('an endpoint with a path prefix', () => {
  it.each(['/cloud-proxy/v1', '/cloud-proxy/v1/'])(
    '%s: GET /cloud-proxy/v1/v2/{project}/export-tasks, signed for that path',
    async (prefix) => {
      await createWorkspaceClient(config({ endpoint: `${server.origin}${prefix}` }), { http, clock }).read(
        taskRef('huawei-workspace', 'task-1'),
      );
      const req = server.requests[0]!;
      expect(req.target).toBe(`/cloud-proxy/v1/v2/${PROJECT}/export-tasks?task_id=task-1&limit=100`);
      const parsed = parseSdkHmacAuthorization(req.headers['authorization']!);
      const resigned = signSdkHmac(signableOf(req), { ak: AK, sk: SK }, { signedHeaders: parsed!.signedHeaders });
      expect(resigned.canonicalRequest.split('\n')[1]).toBe(`/cloud-proxy/v1/v2/${PROJECT}/export-tasks/`);
      expect(req.headers['authorization']).toBe(resigned.authorization);
    },
  );
});

describe('read', () => {
  it('maps the task with exactly the id asked for', async () => {
    next = listed([task({ task_id: 'task-10' }), task({ task_id: 'task-1', status: 'FAIL', fail_reason: 'quota' })]);
    const state = await createWorkspaceClient(config(), { http, clock }).read(taskRef('huawei-workspace', 'task-1'));
    expect(state).toMatchObject({
      provider: 'huawei-workspace',
      providerTaskId: 'task-1',
      status: ExportStatus.FAILED,
      failureReason: 'quota',
      createdAt: Date.UTC(2022, 2, 28),
      requestId: 'hw-req',
      observedAt: START + 30,
    });
  });

  it('a task_id query listing no such task → NOT_FOUND', async () => {
    next = listed([]);
    const e = await serviceErrorOf(() => createWorkspaceClient(config(), { http, clock }).read(taskRef('huawei-workspace', 'ghost')));
    expect(e.code).toBe(ErrorCode.NOT_FOUND);
    expect(e.message).toBe('Huawei Cloud Workspace has no export task "ghost"');
    expect(e.provider).toEqual({ provider: 'huawei-workspace', requestId: 'hw-req', retryable: false });
  });

  it('a list holding only other ids → NOT_FOUND', async () => {
    next = listed([task({ task_id: 'task-10' })]);
    const e = await serviceErrorOf(() => createWorkspaceClient(config(), { http, clock }).read(taskRef('huawei-workspace', 'task-1')));
    expect(e.code).toBe(ErrorCode.NOT_FOUND);
  });

  it.each([
    [
      {
        status: 401,
        body: '{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: Authorization: SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC"}',
      },
      ErrorCode.PROVIDER_AUTH_FAILED,
    ],
    [{ status: 429, body: '{"error_code":"APIG.0308","error_msg":"throttled"}' }, ErrorCode.PROVIDER_RATE_LIMITED],
    [{ status: 500, body: '{"error_code":"WKS.0001","error_msg":"internal"}' }, ErrorCode.PROVIDER_UNAVAILABLE],
    [{ status: 200, body: '{"count":1}' }, ErrorCode.PROVIDER_BAD_RESPONSE],
    [{ status: 404, body: '{"error_code":"APIGW.0101","error_msg":"The API does not exist"}' }, ErrorCode.PROVIDER_MISCONFIGURED],
    [{ status: 302, headers: { location: 'https://login.example/?next=%2F' }, body: '' }, ErrorCode.PROVIDER_MISCONFIGURED],
    ['reset', ErrorCode.PROVIDER_UNAVAILABLE],
  ] as const)('%j → %s', async (reply, code) => {
    next = reply;
    const e = await serviceErrorOf(() => createWorkspaceClient(config(), { http, clock }).read(taskRef('huawei-workspace', 'task-1')));
    expect(e.code).toBe(code);
    expect(e.message).not.toContain(AK);
  });

  it('rejects an invalid id without calling', async () => {
    const e = await serviceErrorOf(() => createWorkspaceClient(config(), { http, clock }).read(taskRef('huawei-workspace', 'a&limit=1')));
    expect(e.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(server.requests).toHaveLength(0);
  });

  it('times out as PROVIDER_TIMEOUT', async () => {
    next = 'hang';
    const e = await serviceErrorOf(() =>
      createWorkspaceClient(config({ timeoutMs: 80 }), { http, clock }).read(taskRef('huawei-workspace', 'task-1')),
    );
    expect(e.code).toBe(ErrorCode.PROVIDER_TIMEOUT);
  });
});

describe('list', () => {
  it('a filter on PENDING/UNKNOWN only answers an empty page without a call', async () => {
    const page = await createWorkspaceClient(config(), { http, clock }).list!({
      status: [ExportStatus.PENDING, ExportStatus.UNKNOWN],
      offset: 0,
      limit: 20,
    });
    expect(page).toEqual({ tasks: [], totalCount: 0 });
    expect(server.requests).toHaveLength(0);
  });

  it('a status set one call cannot express → BAD_USER_INPUT without a call', async () => {
    const e = await serviceErrorOf(() =>
      createWorkspaceClient(config(), { http, clock }).list!({ status: [ExportStatus.FAILED, ExportStatus.EXPIRED], offset: 0, limit: 20 }),
    );
    expect(e.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(server.requests).toHaveLength(0);
  });
});

import { ExportStatus } from '../../../../src/domain/export-task';
import { ErrorCode } from '../../../../src/errors/error-code';
import { createHttpClient, type HttpClient } from '../../../../src/http/http-client';
import { createTcssClient } from '../../../../src/providers/tencent-tcss/client';
import type { TcssOptions } from '../../../../src/providers/tencent-tcss/options';
import { parseTc3Authorization, signTc3 } from '../../../../src/signing/tc3';
import { ManualClock } from '../../../../src/time/clock';
import { taskRef } from '../../../support/task-ref';
import { serviceErrorOf } from '../support/errors';
import { type RecordingServer, type ReplyAction, signableOf, startRecordingServer } from '../support/recording-server';

const START = Date.UTC(2026, 10, 22, 9, 30, 0);
const JOB = 'e4409223-8e92-45db-a857-11b1ff547c79';
let http: HttpClient;
let clock: ManualClock;
let server: RecordingServer;
let next: ReplyAction;
let onRequest: () => void = () => undefined;

function config(overrides: Partial<TcssOptions> = {}): TcssOptions {
  return {
    endpoint: server.origin,
    timeoutMs: 2000,
    maxRequestsPerSecond: 20,
    secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
    secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    ...overrides,
  };
}

const ok = (response: Record<string, unknown>): ReplyAction => ({
  body: JSON.stringify({ Response: { RequestId: 'req-ok', ...response } }),
});

beforeEach(async () => {
  onRequest = () => undefined;
  http = createHttpClient();
  clock = new ManualClock(START);
  next = ok({ ExportStatus: 'RUNNING', ExportProgress: 12.5, DownloadURL: '', FailureMsg: '' });
  server = await startRecordingServer(() => {
    onRequest();
    clock.advance(40);
    return next;
  });
});

afterEach(async () => {
  await http.dispose();
  await server.close();
});

describe('request building', () => {
  it('POST / with a JSON body, X-TC-* headers, signed for service tcss and host 127.0.0.1:port', async () => {
    const client = createTcssClient(config({ region: 'ap-guangzhou', token: 'sts-token', language: 'en-US' }), { http, clock });
    await client.read(taskRef('tencent-tcss', JOB));
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.target).toBe('/');
    expect(req.body).toBe(`{"JobId":"${JOB}"}`);
    expect(req.headers).toMatchObject({
      host: `127.0.0.1:${server.port}`,
      'content-type': 'application/json',
      'x-tc-action': 'DescribeExportJobResult',
      'x-tc-version': '2020-11-01',
      'x-tc-timestamp': String(START / 1000),
      'x-tc-region': 'ap-guangzhou',
      'x-tc-token': 'sts-token',
      'x-tc-language': 'en-US',
    });
    const parsed = parseTc3Authorization(req.headers['authorization']!);
    expect(parsed).toEqual({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      date: '2026-11-22',
      service: 'tcss', // never "127" from the endpoint host
      signedHeaders: ['content-type', 'host'],
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const resigned = signTc3(
      signableOf(req),
      { secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE', secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE' },
      {
        service: 'tcss',
        timestamp: Number(req.headers['x-tc-timestamp']),
        signedHeaders: parsed!.signedHeaders,
      },
    );
    expect(req.headers['authorization']).toBe(resigned.authorization);
  });

  it('sends no optional X-TC-* headers when not configured', async () => {
    await createTcssClient(config(), { http, clock }).read(taskRef('tencent-tcss', JOB));
    const headers = server.requests[0]!.headers;
    expect(headers['x-tc-region']).toBeUndefined();
    expect(headers['x-tc-token']).toBeUndefined();
    expect(headers['x-tc-language']).toBeUndefined();
  });
});

describe('an endpoint with a path prefix', () => {
  it.each(['/cloud-proxy/v1', '/cloud-proxy/v1/'])('%s: POST /cloud-proxy/v1/, signed for that path', async (prefix) => {
    await createTcssClient(config({ endpoint: `${server.origin}${prefix}` }), { http, clock }).read(taskRef('tencent-tcss', JOB));
    const req = server.requests[0]!;
    expect(req.target).toBe('/cloud-proxy/v1/');
    const parsed = parseTc3Authorization(req.headers['authorization']!);
    const resigned = signTc3(
      signableOf(req),
      { secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE', secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE' },
      { service: 'tcss', timestamp: Number(req.headers['x-tc-timestamp']), signedHeaders: parsed!.signedHeaders },
    );
    expect(resigned.canonicalRequest.split('\n')[1]).toBe('/cloud-proxy/v1/');
    expect(req.headers['authorization']).toBe(resigned.authorization);
  });
});

describe('read', () => {
  it('maps the response with observedAt when it arrived', async () => {
    const state = await createTcssClient(config(), { http, clock }).read(taskRef('tencent-tcss', JOB));
    expect(state).toMatchObject({
      provider: 'tencent-tcss',
      providerTaskId: JOB,
      status: ExportStatus.RUNNING,
      progress: 12.5,
      requestId: 'req-ok',
      observedAt: START + 40,
    });
  });

  it.each([
    [{ body: '{"Response":{"Error":{"Code":"ResourceNotFound","Message":"job not found"},"RequestId":"r"}}' }, ErrorCode.NOT_FOUND],
    [
      { body: '{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"slow down"},"RequestId":"r"}}' },
      ErrorCode.PROVIDER_RATE_LIMITED,
    ],
    [
      { body: '{"Response":{"Error":{"Code":"AuthFailure.SignatureExpire","Message":"expired"},"RequestId":"r"}}' },
      ErrorCode.PROVIDER_AUTH_FAILED,
    ],
    [{ body: '{"Response":{"Error":{"Code":"InternalError","Message":"oops"},"RequestId":"r"}}' }, ErrorCode.PROVIDER_UNAVAILABLE],
    [{ body: '{"Response":{"Error":{},"RequestId":"r"}}' }, ErrorCode.PROVIDER_BAD_RESPONSE],
    [{ status: 502, body: 'bad gateway' }, ErrorCode.PROVIDER_UNAVAILABLE],
    [{ body: '{"Resp' }, ErrorCode.PROVIDER_BAD_RESPONSE],
    [
      { body: '{"Response":{"Error":{"Code":"InvalidAction","Message":"no such action"},"RequestId":"r"}}' },
      ErrorCode.PROVIDER_MISCONFIGURED,
    ],
    [
      { body: '{"Response":{"Error":{"Code":"InvalidParameterValue.DataNotFound","Message":"data not found"},"RequestId":"r"}}' },
      ErrorCode.NOT_FOUND,
    ],
    [{ status: 302, headers: { location: 'https://login.example/?next=%2F' }, body: '' }, ErrorCode.PROVIDER_MISCONFIGURED],
    ['reset', ErrorCode.PROVIDER_UNAVAILABLE],
  ] as const)('%j → %s', async (reply, code) => {
    next = reply;
    const e = await serviceErrorOf(() => createTcssClient(config(), { http, clock }).read(taskRef('tencent-tcss', JOB)));
    expect(e.code).toBe(code);
    expect(e.provider?.provider).toBe('tencent-tcss');
  });

  it('rejects an invalid job id without calling', async () => {
    const e = await serviceErrorOf(() => createTcssClient(config(), { http, clock }).read(taskRef('tencent-tcss', '../etc/passwd')));
    expect(e.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(server.requests).toHaveLength(0);
  });

  it('times out as PROVIDER_TIMEOUT', async () => {
    next = 'hang';
    const e = await serviceErrorOf(() => createTcssClient(config({ timeoutMs: 80 }), { http, clock }).read(taskRef('tencent-tcss', JOB)));
    expect(e.code).toBe(ErrorCode.PROVIDER_TIMEOUT);
    expect(e.message).toBe('Tencent Cloud Container Security Service did not answer within 80 ms');
  });

  it('a caller abort is not blamed on the provider', async () => {
    next = 'hang';
    const arrived = new Promise<void>((resolve) => (onRequest = resolve));
    const controller = new AbortController();
    const pending = serviceErrorOf(() =>
      createTcssClient(config(), { http, clock }).read(taskRef('tencent-tcss', JOB), { signal: controller.signal }),
    );
    await arrived;
    controller.abort();
    const e = await pending;
    expect(e.code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
    expect(e.message).toBe('The call to Tencent Cloud Container Security Service was cancelled');
  });
});

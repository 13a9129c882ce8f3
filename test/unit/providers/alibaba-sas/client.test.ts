import { ExportStatus } from '../../../../src/domain/export-task';
import { ErrorCode } from '../../../../src/errors/error-code';
import { createHttpClient, type HttpClient } from '../../../../src/http/http-client';
import { createSasClient } from '../../../../src/providers/alibaba-sas/client';
import type { SasOptions } from '../../../../src/providers/alibaba-sas/options';
import { parseAcs3Authorization, sha256Hex, signAcs3 } from '../../../../src/signing/acs3';
import { ManualClock } from '../../../../src/time/clock';
import { taskRef } from '../../../support/task-ref';
import { serviceErrorOf } from '../support/errors';
import { type RecordingServer, type ReplyAction, signableOf, startRecordingServer } from '../support/recording-server';

const START = Date.UTC(2026, 10, 22, 9, 30, 0);
let http: HttpClient;
let clock: ManualClock;
let server: RecordingServer;
let next: ReplyAction;

function config(overrides: Partial<SasOptions> = {}): SasOptions {
  return {
    endpoint: server.origin,
    timeoutMs: 2000,
    maxRequestsPerSecond: 10,
    accessKeyId: 'LTAI5tExampleKeyId',
    accessKeySecret: 'ExampleSecretValue0123456789',
    ...overrides,
  };
}

beforeEach(async () => {
  http = createHttpClient();
  clock = new ManualClock(START);
  next = {
    body: JSON.stringify({ RequestId: 'R-OK', ExportStatus: 'exporting', Progress: 40, Id: 131231, CurrentCount: 4, TotalCount: 10 }),
  };
  server = await startRecordingServer(() => {
    clock.advance(1500); // the response arrives 1.5 s after the request was signed
    return next;
  });
});

afterEach(async () => {
  await http.dispose();
  await server.close();
});

describe('request building', () => {
  it('POST /?ExportId=…&ResourceDirectoryAccountId=… with the V3 headers, signed for host:port; with STS, x-acs-accesskey-id too', async () => {
    const client = createSasClient(config({ resourceDirectoryAccountId: '1667000000000001', securityToken: 'sts-token' }), {
      http,
      clock,
      nonce: () => '3156853299f313e23d1673dc12e1703d',
    });
    await client.read(taskRef('alibaba-sas', '131231'));
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.target).toBe('/?ExportId=131231&ResourceDirectoryAccountId=1667000000000001');
    expect(req.body).toBe('');
    expect(req.headers).toMatchObject({
      host: `127.0.0.1:${server.port}`,
      'x-acs-action': 'DescribeExportInfo',
      'x-acs-version': '2018-12-03',
      'x-acs-date': '2026-11-22T09:30:00Z',
      'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
      'x-acs-content-sha256': sha256Hex(''),
      'x-acs-accesskey-id': 'LTAI5tExampleKeyId',
      'x-acs-security-token': 'sts-token',
    });
    expect(req.headers['content-type']).toBeUndefined();

    const parsed = parseAcs3Authorization(req.headers['authorization']!);
    expect(parsed?.accessKeyId).toBe('LTAI5tExampleKeyId');
    expect(parsed?.signedHeaders).toEqual([
      'host',
      'x-acs-accesskey-id',
      'x-acs-action',
      'x-acs-content-sha256',
      'x-acs-date',
      'x-acs-security-token',
      'x-acs-signature-nonce',
      'x-acs-version',
    ]);
    const resigned = signAcs3(
      signableOf(req),
      { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecretValue0123456789' },
      {
        signedHeaders: parsed!.signedHeaders,
      },
    );
    expect(req.headers['authorization']).toBe(resigned.authorization);
  });

  it('omits optional parameters and headers when not configured, and uses a fresh random nonce per call', async () => {
    const client = createSasClient(config(), { http, clock });
    await client.read(taskRef('alibaba-sas', '131231'));
    await client.read(taskRef('alibaba-sas', '131231'));
    const [a, b] = server.requests;
    expect(a?.target).toBe('/?ExportId=131231');
    expect(a?.headers['x-acs-security-token']).toBeUndefined();
    expect(a?.headers['x-acs-accesskey-id']).toBeUndefined();
    expect(a?.headers['x-acs-signature-nonce']).toMatch(/^[0-9a-f]{32}$/);
    expect(a?.headers['x-acs-signature-nonce']).not.toBe(b?.headers['x-acs-signature-nonce']);
  });
});

describe('an endpoint with a path prefix', () => {
  it.each(['/cloud-proxy/v1', '/cloud-proxy/v1/'])('%s: POST /cloud-proxy/v1/?ExportId=…, signed for that path', async (prefix) => {
    await createSasClient(config({ endpoint: `${server.origin}${prefix}` }), { http, clock }).read(taskRef('alibaba-sas', '131231'));
    const req = server.requests[0]!;
    expect(req.target).toBe('/cloud-proxy/v1/?ExportId=131231');
    const parsed = parseAcs3Authorization(req.headers['authorization']!);
    const credentials = { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecretValue0123456789' };
    const resigned = signAcs3(signableOf(req), credentials, { signedHeaders: parsed!.signedHeaders });
    expect(resigned.canonicalRequest.split('\n')[1]).toBe('/cloud-proxy/v1/');
    expect(req.headers['authorization']).toBe(resigned.authorization);
  });
});

describe('read', () => {
  it('maps the response; observedAt is when it arrived', async () => {
    const client = createSasClient(config(), { http, clock });
    const state = await client.read(taskRef('alibaba-sas', '131231'));
    expect(state).toMatchObject({
      provider: 'alibaba-sas',
      providerTaskId: '131231',
      status: ExportStatus.RUNNING,
      progress: 40,
      exportedCount: 4,
      totalCount: 10,
      requestId: 'R-OK',
      observedAt: START + 1500,
    });
    expect(client.descriptor.id).toBe('alibaba-sas');
  });

  it('keeps an int64 Id beyond 2^53 exact end to end', async () => {
    next = { body: '{"RequestId":"R","ExportStatus":"success","Progress":100,"Id":9223372036854775807}' };
    const state = await createSasClient(config(), { http, clock }).read(taskRef('alibaba-sas', '9223372036854775807'));
    expect(state).toMatchObject({ providerTaskId: '9223372036854775807', status: ExportStatus.SUCCEEDED });
  });

  it('rejects an invalid id with BAD_USER_INPUT and makes no call', async () => {
    const e = await serviceErrorOf(() => createSasClient(config(), { http, clock }).read(taskRef('alibaba-sas', '9223372036854775808')));
    expect(e.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    [{ status: 404, body: '{"RequestId":"R","Code":"ExportNotFound","Message":"not found"}' }, ErrorCode.NOT_FOUND],
    [{ status: 400, body: '{"RequestId":"R","Code":"Throttling.User","Message":"flow control"}' }, ErrorCode.PROVIDER_RATE_LIMITED],
    [{ status: 200, body: '{"RequestId":"R","Code":"NoPermission","Message":"caller has no permission"}' }, ErrorCode.PROVIDER_FORBIDDEN],
    [{ status: 503, body: 'Service Unavailable' }, ErrorCode.PROVIDER_UNAVAILABLE],
    [{ status: 200, body: '{"RequestId":' }, ErrorCode.PROVIDER_BAD_RESPONSE],
    [{ status: 200, body: '{"RequestId":"R","Id":131231}' }, ErrorCode.PROVIDER_BAD_RESPONSE],
    [
      { status: 404, body: '{"RequestId":"R","Code":"InvalidAction.NotFound","Message":"Specified api is not found"}' },
      ErrorCode.PROVIDER_MISCONFIGURED,
    ],
    [{ status: 404, body: 'Not Found' }, ErrorCode.PROVIDER_MISCONFIGURED],
    [{ status: 302, headers: { location: 'https://login.example/?next=%2F' }, body: '' }, ErrorCode.PROVIDER_MISCONFIGURED],
    ['reset', ErrorCode.PROVIDER_UNAVAILABLE],
  ] as const)('%j → %s', async (reply, code) => {
    next = reply;
    const e = await serviceErrorOf(() => createSasClient(config(), { http, clock }).read(taskRef('alibaba-sas', '131231')));
    expect(e.code).toBe(code);
    expect(e.provider?.provider).toBe('alibaba-sas');
  });

  it('times out as PROVIDER_TIMEOUT', async () => {
    next = 'hang';
    const e = await serviceErrorOf(() =>
      createSasClient(config({ timeoutMs: 100 }), { http, clock }).read(taskRef('alibaba-sas', '131231')),
    );
    expect(e.code).toBe(ErrorCode.PROVIDER_TIMEOUT);
    expect(e.message).toBe('Alibaba Cloud Security Center did not answer within 100 ms');
    expect(e.provider).toEqual({ provider: 'alibaba-sas', retryable: true });
  });

  it('never puts credentials in an error', async () => {
    next = { status: 400, body: '{"Code":"SignatureDoesNotMatch","Message":"string to sign is ... LTAI5tExampleKeyId"}' };
    const e = await serviceErrorOf(() => createSasClient(config(), { http, clock }).read(taskRef('alibaba-sas', '131231')));
    expect(e.code).toBe(ErrorCode.PROVIDER_AUTH_FAILED);
    expect(e.message).not.toContain('LTAI5tExampleKeyId');
    expect(e.message).not.toContain('ExampleSecretValue');
  });
});

import { ExportStatus } from '../../../../src/domain/export-task';
import { ErrorCode } from '../../../../src/errors/error-code';
import { createHttpClient, type HttpClient } from '../../../../src/http/http-client';
import { OptionReader } from '../../../../src/options/option-reader';
import { createSiemClient } from '../../../../src/providers/alibaba-siem/client';
import { readSiemOptions, type SiemOptions } from '../../../../src/providers/alibaba-siem/options';
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

function config(overrides: Partial<SiemOptions> = {}): SiemOptions {
  return {
    endpoint: server.origin,
    timeoutMs: 2000,
    maxRequestsPerSecond: 10,
    accessKeyId: 'LTAI5tSiemKey',
    accessKeySecret: 'SiemSecret0123456789',
    regionId: 'cn-hangzhou',
    lang: 'en',
    ...overrides,
  };
}

beforeEach(async () => {
  http = createHttpClient();
  clock = new ManualClock(START);
  next = {
    body: JSON.stringify({
      RequestId: 'R-OK',
      Id: 400185,
      ExportStatus: 'exporting',
      Progress: 5,
      GmtCreate: '1605076118000',
      ExportType: 'incident_list',
    }),
  };
  server = await startRecordingServer(() => {
    clock.advance(250);
    return next;
  });
});

afterEach(async () => {
  await http.dispose();
  await server.close();
});

describe('request building', () => {
  it('POST / with the parameters form-encoded in the body, signed including content-type', async () => {
    const client = createSiemClient(config({ roleFor: '1130000000000001', lang: 'zh' }), { http, clock, nonce: () => 'nonce-1' });
    await client.read(taskRef('alibaba-siem', '400185'));
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.target).toBe('/');
    expect(req.body).toBe('RegionId=cn-hangzhou&Lang=zh&ExportId=400185&RoleFor=1130000000000001');
    expect(req.headers).toMatchObject({
      host: `127.0.0.1:${server.port}`,
      'content-type': 'application/x-www-form-urlencoded',
      'x-acs-action': 'GetExportTask',
      'x-acs-version': '2024-12-12',
      'x-acs-date': '2026-11-22T09:30:00Z',
      'x-acs-signature-nonce': 'nonce-1',
      'x-acs-content-sha256': sha256Hex('RegionId=cn-hangzhou&Lang=zh&ExportId=400185&RoleFor=1130000000000001'),
    });
    const parsed = parseAcs3Authorization(req.headers['authorization']!);
    expect(parsed?.signedHeaders).toEqual([
      'content-type',
      'host',
      'x-acs-action',
      'x-acs-content-sha256',
      'x-acs-date',
      'x-acs-signature-nonce',
      'x-acs-version',
    ]);
    const resigned = signAcs3(
      signableOf(req),
      { accessKeyId: 'LTAI5tSiemKey', accessKeySecret: 'SiemSecret0123456789' },
      {
        signedHeaders: parsed!.signedHeaders,
      },
    );
    expect(req.headers['authorization']).toBe(resigned.authorization);
  });

  it('leaves RoleFor out when not configured', async () => {
    await createSiemClient(config(), { http, clock }).read(taskRef('alibaba-siem', '400185'));
    expect(server.requests[0]?.body).toBe('RegionId=cn-hangzhou&Lang=en&ExportId=400185');
  });
});

describe('RegionId from the endpoint', () => {
  it('a tenant on the ap-southeast-1 endpoint, regionId not configured, sends RegionId=ap-southeast-1', async () => {
    const options = readSiemOptions(
      new OptionReader(
        {
          endpoint: 'https://cloud-siem.ap-southeast-1.aliyuncs.com',
          accessKeyId: 'LTAI5tSiemKey',
          accessKeySecret: 'SiemSecret0123456789',
        },
        '$.tenants[0].providers.alibaba-siem',
      ),
    );
    // The request goes to this test's server instead of Alibaba's, with everything else (the Host header) as built.
    const toServer: HttpClient = {
      request: (req) => http.request({ ...req, url: req.url.replace('https://cloud-siem.ap-southeast-1.aliyuncs.com', server.origin) }),
      dispose: () => http.dispose(),
    };
    await createSiemClient(options, { http: toServer, clock }).read(taskRef('alibaba-siem', '400185'));
    const req = server.requests[0]!;
    expect(req.headers['host']).toBe('cloud-siem.ap-southeast-1.aliyuncs.com');
    expect(req.body).toBe('RegionId=ap-southeast-1&Lang=en&ExportId=400185');
    const parsed = parseAcs3Authorization(req.headers['authorization']!);
    const credentials = { accessKeyId: 'LTAI5tSiemKey', accessKeySecret: 'SiemSecret0123456789' };
    expect(req.headers['authorization']).toBe(
      signAcs3(signableOf(req), credentials, { signedHeaders: parsed!.signedHeaders }).authorization,
    );
  });
});

describe('an endpoint with a path prefix', () => {
  it('POST /cloud-proxy/v1/ with the form body, signed for that path', async () => {
    await createSiemClient(config({ endpoint: `${server.origin}/cloud-proxy/v1` }), { http, clock }).read(
      taskRef('alibaba-siem', '400185'),
    );
    const req = server.requests[0]!;
    expect(req.target).toBe('/cloud-proxy/v1/');
    const parsed = parseAcs3Authorization(req.headers['authorization']!);
    const credentials = { accessKeyId: 'LTAI5tSiemKey', accessKeySecret: 'SiemSecret0123456789' };
    const resigned = signAcs3(signableOf(req), credentials, { signedHeaders: parsed!.signedHeaders });
    expect(resigned.canonicalRequest.split('\n')[1]).toBe('/cloud-proxy/v1/');
    expect(req.headers['authorization']).toBe(resigned.authorization);
  });
});

describe('read', () => {
  it('maps the response with observedAt when it arrived', async () => {
    const state = await createSiemClient(config(), { http, clock }).read(taskRef('alibaba-siem', '400185'));
    expect(state).toMatchObject({
      provider: 'alibaba-siem',
      providerTaskId: '400185',
      status: ExportStatus.RUNNING,
      progress: 5,
      createdAt: 1605076118000,
      exportType: 'incident_list',
      observedAt: START + 250,
      requestId: 'R-OK',
    });
  });

  it.each([
    [{ status: 404, body: '{"Code":"InvalidExportId.NotFound"}' }, ErrorCode.NOT_FOUND],
    [{ status: 403, body: '{"Code":"InvalidSecurityToken.Expired"}' }, ErrorCode.PROVIDER_AUTH_FAILED],
    [{ status: 500, body: '{"Code":"InternalError"}' }, ErrorCode.PROVIDER_UNAVAILABLE],
    [{ status: 200, body: 'garbage' }, ErrorCode.PROVIDER_BAD_RESPONSE],
    [{ status: 404, body: '{"Code":"InvalidAction.NotFound"}' }, ErrorCode.PROVIDER_MISCONFIGURED],
    [{ status: 302, headers: { location: 'https://login.example/?next=%2F' }, body: '' }, ErrorCode.PROVIDER_MISCONFIGURED],
    ['reset', ErrorCode.PROVIDER_UNAVAILABLE],
  ] as const)('%j → %s', async (reply, code) => {
    next = reply;
    const e = await serviceErrorOf(() => createSiemClient(config(), { http, clock }).read(taskRef('alibaba-siem', '400185')));
    expect(e.code).toBe(code);
  });

  it('rejects a negative id without calling', async () => {
    const e = await serviceErrorOf(() => createSiemClient(config(), { http, clock }).read(taskRef('alibaba-siem', '-1')));
    expect(e.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(server.requests).toHaveLength(0);
  });

  it('times out as PROVIDER_TIMEOUT', async () => {
    next = 'hang';
    const e = await serviceErrorOf(() =>
      createSiemClient(config({ timeoutMs: 80 }), { http, clock }).read(taskRef('alibaba-siem', '400185')),
    );
    expect(e.code).toBe(ErrorCode.PROVIDER_TIMEOUT);
  });
});

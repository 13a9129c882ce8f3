import Sign from 'tencentcloud-sdk-nodejs/tencentcloud/common/sign';
import { Client } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tcss/v20201101/tcss_client';
import type { DescribeExportJobResultResponse } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tcss/v20201101/tcss_models';

import { type EmulatorHandle, startEmulator } from '../../../src/emulator';
import { parseTc3Authorization, signTc3 } from '../../../src/signing/tc3';
import { ManualClock } from '../../../src/time/clock';
import { ACCOUNTS, OWNER } from '../support/drivers';
import { PinnedAgent } from '../support/pinned-agent';
import { fieldTypes, tencentTcssModel } from '../support/sdk-models';

/**
 * The official Tencent SDK (the umbrella package's tcss v20201101 client) against the tcss emulator: its
 * request passes the emulator's TC3 check, and it reads every field its response model declares.
 *
 * Reaching an emulator on a free port: the SDK takes the signing service from the endpoint's first label
 * (`127.0.0.1:PORT` signs for service "127") and signs `host:<hostname>` without the port while it sends
 * `Host: <hostname>:<port>` (abstract_client.js `service: this.endpoint.split(".")[0]`; sign.js
 * `host:${urlObj.hostname}`; http_connection.js `Host: new URL(url).host`). Against a gateway that checks
 * the Host it received, it can only sign correctly at the default port of its scheme. So the endpoint here
 * is the real host name at the default port, `tcss.tencentcloudapi.com`, and `httpProfile.agent` is a
 * {@link PinnedAgent} that carries the connection to the emulator's port on 127.0.0.1: the SDK signs and
 * sends exactly what it would send to Tencent, and nothing leaves the machine. The last tests show both
 * defects against the emulator.
 */
const HOST = 'tcss.tencentcloudapi.com';
const NOW = Date.UTC(2026, 10, 22, 9, 30, 0);
const clock = new ManualClock(NOW);
const TASKS = [
  { id: 'job-success', accountId: OWNER.accountId, createdAt: NOW - 120_000, durationMs: 60_000, fileName: 'vul_export.xlsx' },
  { id: 'job-running', accountId: OWNER.accountId, createdAt: NOW - 15_000, durationMs: 60_000 },
  {
    id: 'job-failed',
    accountId: OWNER.accountId,
    createdAt: NOW - 120_000,
    durationMs: 60_000,
    outcome: 'failure' as const,
    failureReason: 'disk quota exceeded',
  },
];
/** The export-job-result model of the installed SDK, read from its tcss_models.d.ts. */
const MODEL = tencentTcssModel('DescribeExportJobResultResponse');

interface ClientOptions {
  /** Default: the real host and the emulator's path prefix. */
  readonly endpoint?: string;
  /** Default: the owner's. */
  readonly secretKey?: string;
}

function tcss(emulator: EmulatorHandle, prefix: string, options: ClientOptions = {}): Client {
  return new Client({
    credential: { secretId: OWNER.accessKeyId, secretKey: options.secretKey ?? OWNER.secret },
    region: 'ap-guangzhou',
    profile: {
      httpProfile: {
        // The SDK builds its URL as protocol + endpoint + "/", so a path prefix goes in the endpoint.
        endpoint: options.endpoint ?? `${HOST}${prefix}`,
        protocol: 'http://',
        reqTimeout: 10,
        // Always pinned: without an agent the SDK would follow http_proxy (fetch.js) or leave the machine.
        agent: new PinnedAgent(Number(new URL(emulator.url).port)),
      },
    },
  });
}

it('the installed SDK declares the five fields the emulator answers, as strings and a number', () => {
  expect(MODEL).toEqual({
    ExportStatus: 'string',
    DownloadURL: 'string',
    ExportProgress: 'number',
    FailureMsg: 'string',
    RequestId: 'string',
  });
});

describe.each(['', '/cloud-proxy/v1'])('tencentcloud-sdk-nodejs tcss v20201101 DescribeExportJobResult, emulator prefix "%s"', (prefix) => {
  let emulator: EmulatorHandle;

  beforeAll(async () => {
    emulator = await startEmulator('tencent-tcss', { accounts: ACCOUNTS, clock, tasks: TASKS, pathPrefix: prefix || undefined });
  });
  afterAll(() => emulator.dispose());
  beforeEach(() => emulator.stats.reset());

  it.each([
    ['job-success', { ExportStatus: 'SUCCESS', ExportProgress: 100, DownloadURL: expect.stringContaining('vul_export.xlsx') }],
    ['job-running', { ExportStatus: 'RUNNING', ExportProgress: 25 }],
    ['job-failed', { ExportStatus: 'FAILURE', FailureMsg: 'disk quota exceeded' }],
  ])('%s: the request passes the signature check and the SDK reads the answer', async (jobId, expected) => {
    const answer: DescribeExportJobResultResponse = await tcss(emulator, prefix).DescribeExportJobResult({ JobId: jobId });

    expect(answer).toMatchObject({ ...expected, RequestId: expect.any(String) });
    expect(Object.keys(answer).sort()).toEqual(Object.keys(MODEL).sort());
    expect(emulator.stats.requests).toEqual([
      expect.objectContaining({ accessKeyId: OWNER.accessKeyId, path: `${prefix}/`, taskIds: [jobId], outcome: 'ok' }),
    ]);
  });

  // Fails while the emulator answers null for DownloadURL/FailureMsg where the model declares strings (issue 14, item 7).
  it.each(TASKS.map((task) => task.id))('%s: every field has the type the SDK model declares', async (jobId) => {
    const answer = await tcss(emulator, prefix).DescribeExportJobResult({ JobId: jobId });

    expect(fieldTypes(answer, MODEL)).toEqual(MODEL);
  });

  it('a wrong SecretKey fails the signature check, and the SDK says so', async () => {
    const client = tcss(emulator, prefix, { secretKey: `${OWNER.secret}x` });

    await expect(client.DescribeExportJobResult({ JobId: 'job-success' })).rejects.toMatchObject({ code: 'AuthFailure.SignatureFailure' });
    expect(emulator.stats.requests).toEqual([expect.objectContaining({ outcome: 'AuthFailure.SignatureFailure' })]);
  });
});

describe('why the SDK is pointed at its default-port host', () => {
  let emulator: EmulatorHandle;
  let signed: Array<{ readonly timestamp: number; readonly authorization: string }>;

  beforeAll(async () => {
    emulator = await startEmulator('tencent-tcss', { accounts: ACCOUNTS, clock, tasks: TASKS });
  });
  afterAll(() => emulator.dispose());
  beforeEach(() => {
    signed = [];
    const sign3 = Sign.sign3.bind(Sign);
    jest.spyOn(Sign, 'sign3').mockImplementation((params) => {
      const authorization = sign3(params);
      signed.push({ timestamp: Number(params.timestamp), authorization });
      return authorization;
    });
  });

  it('with the emulator address as endpoint it signs for service "127", and the signature check fails', async () => {
    const client = tcss(emulator, '', { endpoint: new URL(emulator.url).host });

    await expect(client.DescribeExportJobResult({ JobId: 'job-success' })).rejects.toMatchObject({ code: 'AuthFailure.SignatureFailure' });
    expect(signed.map(({ authorization }) => parseTc3Authorization(authorization)?.service)).toEqual(['127']);
  });

  it('at a non-default port it signs the host without the port it sends, and the signature check fails', async () => {
    const port = new URL(emulator.url).port;
    const client = tcss(emulator, '', { endpoint: `${HOST}:${port}` });

    await expect(client.DescribeExportJobResult({ JobId: 'job-success' })).rejects.toMatchObject({ code: 'AuthFailure.SignatureFailure' });
    // What it signed is the request with a port-less Host; the emulator re-signs the Host it received.
    const [{ timestamp, authorization }] = signed as [(typeof signed)[number]];
    const request = (host: string) => ({
      method: 'POST',
      path: '/',
      query: [],
      headers: { 'content-type': 'application/json', host },
      body: JSON.stringify({ JobId: 'job-success' }),
    });
    const credentials = { secretId: OWNER.accessKeyId, secretKey: OWNER.secret };
    expect(signTc3(request(HOST), credentials, { service: 'tcss', timestamp }).authorization).toBe(authorization);
    expect(signTc3(request(`${HOST}:${port}`), credentials, { service: 'tcss', timestamp }).authorization).not.toBe(authorization);
  });
});

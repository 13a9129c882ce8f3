import OpenApiUtil from '@alicloud/openapi-util';
import Sign from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign';

import { buildAlibabaRequest } from '../../../src/providers/alibaba/rpc';
import { sasCall } from '../../../src/providers/alibaba-sas/client';
import { sasDescriptor } from '../../../src/providers/alibaba-sas/descriptor';
import type { SasOptions } from '../../../src/providers/alibaba-sas/options';
import { siemCall } from '../../../src/providers/alibaba-siem/client';
import { siemDescriptor } from '../../../src/providers/alibaba-siem/descriptor';
import type { SiemOptions } from '../../../src/providers/alibaba-siem/options';
import { parseEndpoint } from '../../../src/providers/common/endpoint';
import { buildWorkspaceRequest } from '../../../src/providers/huawei-workspace/client';
import type { WorkspaceOptions } from '../../../src/providers/huawei-workspace/options';
import { buildTcssRequest } from '../../../src/providers/tencent-tcss/client';
import type { TcssOptions } from '../../../src/providers/tencent-tcss/options';
import { sha256Hex, signAcs3 } from '../../../src/signing/acs3';
import { signSdkHmac } from '../../../src/signing/sdk-hmac';
import { signTc3 } from '../../../src/signing/tc3';

type TeaRequest = Parameters<typeof OpenApiUtil.getAuthorization>[0];

// What each provider signs through `endpoint: "https://proxy.example/cloud-proxy/v1"`: the API's own path
// appended to the prefix, on the wire and in the canonical request alike.
const NOW = Date.UTC(2026, 10, 22, 9, 30, 0);
const EMPTY_SHA256 = sha256Hex('');
const common = { endpoint: 'https://proxy.example/cloud-proxy/v1', timeoutMs: 2000, maxRequestsPerSecond: 10 };
const alibabaKeys = { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecretValue0123456789' };

describe('a trailing slash on the endpoint changes nothing', () => {
  it.each(['https://proxy.example/cloud-proxy/v1', 'https://proxy.example/cloud-proxy/v1/', 'https://proxy.example/cloud-proxy/v1//'])(
    '%s',
    (endpoint) => {
      expect(parseEndpoint('tencent-tcss', endpoint)).toEqual({
        origin: 'https://proxy.example',
        host: 'proxy.example',
        pathPrefix: '/cloud-proxy/v1',
      });
    },
  );

  it('an endpoint without a path has no prefix: the APIs at their own paths', () => {
    expect(parseEndpoint('tencent-tcss', 'https://tcss.tencentcloudapi.com').pathPrefix).toBe('');
    expect(parseEndpoint('tencent-tcss', 'https://tcss.tencentcloudapi.com/').pathPrefix).toBe('');
  });
});

describe('ACS3 (Alibaba SAS, SIEM): the canonical URI is the prefix with the RPC root, /cloud-proxy/v1/', () => {
  it('SAS with an STS token: POST /cloud-proxy/v1/?ExportId=…, x-acs-accesskey-id signed with the token', () => {
    const options: SasOptions = { ...common, ...alibabaKeys, securityToken: 'sts-token' };
    const endpoint = parseEndpoint('alibaba-sas', options.endpoint);
    const built = buildAlibabaRequest(
      { descriptor: sasDescriptor, endpoint, credentials: options },
      sasCall(options, '131231'),
      NOW,
      'n-1',
    );
    expect(built.url).toBe('https://proxy.example/cloud-proxy/v1/?ExportId=131231');
    const signed = signAcs3(built.signable, alibabaKeys);
    expect(built.headers['authorization']).toBe(signed.authorization);
    expect(signed.canonicalRequest).toBe(
      [
        'POST',
        '/cloud-proxy/v1/',
        'ExportId=131231',
        'host:proxy.example',
        'x-acs-accesskey-id:LTAI5tExampleKeyId',
        'x-acs-action:DescribeExportInfo',
        `x-acs-content-sha256:${EMPTY_SHA256}`,
        'x-acs-date:2026-11-22T09:30:00Z',
        'x-acs-security-token:sts-token',
        'x-acs-signature-nonce:n-1',
        'x-acs-version:2018-12-03',
        '',
        'host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version',
        EMPTY_SHA256,
      ].join('\n'),
    );
    // The official core signs the same request (its pathname given as sent) to the same header.
    const tea = { method: 'POST', pathname: '/cloud-proxy/v1/', query: { ExportId: '131231' }, headers: { ...built.signable.headers } };
    expect(
      OpenApiUtil.getAuthorization(
        tea as Partial<TeaRequest> as TeaRequest,
        'ACS3-HMAC-SHA256',
        EMPTY_SHA256,
        alibabaKeys.accessKeyId,
        alibabaKeys.accessKeySecret,
      ),
    ).toBe(signed.authorization);
  });

  it('SIEM: POST /cloud-proxy/v1/ with the form body', () => {
    const options: SiemOptions = { ...common, ...alibabaKeys, regionId: 'cn-hangzhou', lang: 'en' };
    const endpoint = parseEndpoint('alibaba-siem', options.endpoint);
    const built = buildAlibabaRequest(
      { descriptor: siemDescriptor, endpoint, credentials: options },
      siemCall(options, '400185'),
      NOW,
      'n-2',
    );
    const body = 'RegionId=cn-hangzhou&Lang=en&ExportId=400185';
    expect(built.url).toBe('https://proxy.example/cloud-proxy/v1/');
    expect(built.body).toBe(body);
    const signed = signAcs3(built.signable, alibabaKeys);
    expect(built.headers['authorization']).toBe(signed.authorization);
    expect(signed.canonicalRequest).toBe(
      [
        'POST',
        '/cloud-proxy/v1/',
        '',
        'content-type:application/x-www-form-urlencoded',
        'host:proxy.example',
        'x-acs-action:GetExportTask',
        `x-acs-content-sha256:${sha256Hex(body)}`,
        'x-acs-date:2026-11-22T09:30:00Z',
        'x-acs-signature-nonce:n-2',
        'x-acs-version:2024-12-12',
        '',
        'content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
        sha256Hex(body),
      ].join('\n'),
    );
  });
});

describe('TC3 (Tencent): the canonical URI is the prefix with the API root, /cloud-proxy/v1/', () => {
  it('POST /cloud-proxy/v1/, as the official core sends and signs an endpoint with a path', () => {
    const options: TcssOptions = {
      ...common,
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    };
    const built = buildTcssRequest(options, parseEndpoint('tencent-tcss', options.endpoint), 'job-1', NOW);
    const body = '{"JobId":"job-1"}';
    expect(built.url).toBe('https://proxy.example/cloud-proxy/v1/');
    const timestamp = NOW / 1000;
    const signed = signTc3(built.signable, options, { service: 'tcss', timestamp });
    expect(built.headers['Authorization']).toBe(signed.authorization);
    expect(signed.canonicalRequest).toBe(
      [
        'POST',
        '/cloud-proxy/v1/',
        '',
        'content-type:application/json',
        'host:proxy.example',
        '',
        'content-type;host',
        sha256Hex(body),
      ].join('\n'),
    );
    // The core's URL is `protocol + endpoint + "/"`: for the endpoint `proxy.example/cloud-proxy/v1`, this one.
    const official = Sign.sign3({
      method: 'POST',
      url: 'https://proxy.example/cloud-proxy/v1/',
      payload: Buffer.from(body),
      timestamp,
      service: 'tcss',
      secretId: options.secretId,
      secretKey: options.secretKey,
      multipart: false,
      boundary: '',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(official).toBe(signed.authorization);
  });
});

describe("SDK-HMAC (Huawei): the Workspace path appended to the prefix, with the scheme's closing slash", () => {
  it('GET /cloud-proxy/v1/v2/{project}/export-tasks, canonical /cloud-proxy/v1/v2/{project}/export-tasks/', () => {
    const options: WorkspaceOptions = {
      ...common,
      ak: 'QTWAOYTTINDUT2QVKYUC',
      sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc',
      projectId: 'p0a1',
    };
    const query = [
      ['task_id', 'task-1'],
      ['limit', '100'],
    ] as const;
    const built = buildWorkspaceRequest(options, parseEndpoint('huawei-workspace', options.endpoint), query, NOW);
    expect(built.url).toBe('https://proxy.example/cloud-proxy/v1/v2/p0a1/export-tasks?task_id=task-1&limit=100');
    const signed = signSdkHmac(built.signable, options);
    expect(built.headers['Authorization']).toBe(signed.authorization);
    expect(signed.canonicalRequest).toBe(
      [
        'GET',
        '/cloud-proxy/v1/v2/p0a1/export-tasks/',
        'limit=100&task_id=task-1',
        'content-type:application/json',
        'host:proxy.example',
        'x-project-id:p0a1',
        'x-sdk-date:20261122T093000Z',
        '',
        'content-type;host;x-project-id;x-sdk-date',
        EMPTY_SHA256,
      ].join('\n'),
    );
  });
});

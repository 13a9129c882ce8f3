import { PROVIDER_IDS } from '../../../src/domain/provider-id';
import { createHttpClient } from '../../../src/http/http-client';
import { descriptors, providerModules } from '../../../src/providers/registry';
import { ManualClock } from '../../../src/time/clock';

describe('registry', () => {
  it('lists the four descriptors in PROVIDER_IDS order, each under its own id', () => {
    expect(descriptors.map((d) => d.id)).toEqual([...PROVIDER_IDS]);
    for (const id of PROVIDER_IDS) expect(providerModules[id].descriptor.id).toBe(id);
  });

  it('describes each provider', () => {
    expect(descriptors.map(({ id, name, vendor, apiAction, apiVersion }) => ({ id, name, vendor, apiAction, apiVersion }))).toEqual([
      {
        id: 'alibaba-sas',
        name: 'Alibaba Cloud Security Center',
        vendor: 'Alibaba Cloud',
        apiAction: 'DescribeExportInfo',
        apiVersion: '2018-12-03',
      },
      {
        id: 'alibaba-siem',
        name: 'Alibaba Cloud Threat Analysis (Cloud SIEM)',
        vendor: 'Alibaba Cloud',
        apiAction: 'GetExportTask',
        apiVersion: '2024-12-12',
      },
      {
        id: 'tencent-tcss',
        name: 'Tencent Cloud Container Security Service',
        vendor: 'Tencent Cloud',
        apiAction: 'DescribeExportJobResult',
        apiVersion: '2020-11-01',
      },
      { id: 'huawei-workspace', name: 'Huawei Cloud Workspace', vendor: 'Huawei Cloud', apiAction: 'ListExportTasks', apiVersion: 'v2' },
    ]);
    expect(Object.fromEntries(descriptors.map((d) => [d.id, d.capabilities]))).toEqual({
      'alibaba-sas': {
        listing: false,
        progress: true,
        counts: true,
        failureReason: false,
        downloadTracking: false,
        maxRequestsPerSecond: 10,
      },
      'alibaba-siem': {
        listing: false,
        progress: true,
        counts: false,
        failureReason: false,
        downloadTracking: false,
        maxRequestsPerSecond: 10,
      },
      'tencent-tcss': {
        listing: false,
        progress: true,
        counts: false,
        failureReason: true,
        downloadTracking: false,
        maxRequestsPerSecond: 20,
      },
      'huawei-workspace': {
        listing: true,
        progress: false,
        counts: false,
        failureReason: true,
        downloadTracking: true,
        maxRequestsPerSecond: 10,
      },
    });
  });

  it.each([
    ['alibaba-sas', '9223372036854775807', true],
    ['alibaba-sas', 'abc', false],
    ['alibaba-siem', '400185', true],
    ['alibaba-siem', '-1', false],
    ['tencent-tcss', 'e4409223-8e92-45db-a857-11b1ff547c79', true],
    ['tencent-tcss', '../x', false],
    ['huawei-workspace', '7d8f', true],
    ['huawei-workspace', '', false],
  ] as const)('%s.taskId.test(%j) → %s', (id, taskId, valid) => {
    expect(providerModules[id].taskId.test(taskId)).toBe(valid);
  });

  it('creates clients that carry their descriptor; only Huawei lists', async () => {
    const http = createHttpClient();
    const deps = { http, clock: new ManualClock() };
    const common = { endpoint: 'http://127.0.0.1:9', timeoutMs: 1000, maxRequestsPerSecond: 10 };
    const clients = [
      providerModules['alibaba-sas'].createClient({ ...common, accessKeyId: 'a', accessKeySecret: 'b' }, deps),
      providerModules['alibaba-siem'].createClient(
        { ...common, accessKeyId: 'a', accessKeySecret: 'b', regionId: 'cn-hangzhou', lang: 'en' },
        deps,
      ),
      providerModules['tencent-tcss'].createClient({ ...common, secretId: 'a', secretKey: 'b' }, deps),
      providerModules['huawei-workspace'].createClient({ ...common, ak: 'a', sk: 'b', projectId: 'p' }, deps),
    ];
    expect(clients.map((c) => c.descriptor)).toEqual(descriptors);
    expect(clients.map((c) => typeof c.list)).toEqual(['undefined', 'undefined', 'undefined', 'function']);
    await http.dispose();
  });
});

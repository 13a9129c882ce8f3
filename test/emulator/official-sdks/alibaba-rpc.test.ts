import OpenApi, { Config, OpenApiRequest, Params } from '@alicloud/openapi-client';
import OpenApiUtil from '@alicloud/openapi-util';
import { RuntimeOptions } from '@alicloud/tea-util';

import { type EmulatedTaskSpec, type EmulatorHandle, startEmulator } from '../../../src/emulator';
import { ManualClock } from '../../../src/time/clock';
import { ACCOUNTS, OWNER } from '../support/drivers';
import { type FieldTypes, fieldTypes, SAS_DESCRIBE_EXPORT_INFO_BODY, SIEM_GET_EXPORT_TASK_BODY } from '../support/sdk-models';

/**
 * Alibaba's official OpenAPI core (`@alicloud/openapi-client` `callApi`, which signs ACS3-HMAC-SHA256)
 * against the SAS and SIEM emulators, with the request shapes of the generated clients
 * (aliyun/alibabacloud-typescript-sdk `sas-20181203` and `cloud-siem-20241212` `src/client.ts`): SAS puts
 * `ExportId` in the query, SIEM puts its parameters in a form body; both `POST /`, style RPC, AK, a JSON
 * answer. The generated clients say `protocol: "HTTPS"`; `Config.protocol` overrides it, as a user of those
 * clients would. A path prefix can only go in `Params.pathname` (the generated clients fix it to "/"; an
 * endpoint with a path would land in the Host header).
 */
const NOW = Date.UTC(2026, 10, 22, 9, 30, 0);
const clock = new ManualClock(NOW);
const task = (id: string, spec: Partial<EmulatedTaskSpec>): EmulatedTaskSpec => ({
  id,
  accountId: OWNER.accountId,
  durationMs: 60_000,
  ...spec,
});

interface Product {
  readonly provider: 'alibaba-sas' | 'alibaba-siem';
  readonly action: string;
  readonly version: string;
  readonly request: (exportId: number) => OpenApiRequest;
  readonly model: FieldTypes;
  readonly tasks: readonly EmulatedTaskSpec[];
  /** Task id → the answer's fields the SDK must read. */
  readonly expected: ReadonlyArray<readonly [string, Readonly<Record<string, unknown>>]>;
}

const SAS: Product = {
  provider: 'alibaba-sas',
  action: 'DescribeExportInfo',
  version: '2018-12-03',
  request: (exportId) => new OpenApiRequest({ query: OpenApiUtil.query({ ExportId: exportId }) }),
  model: SAS_DESCRIBE_EXPORT_INFO_BODY,
  tasks: [
    task('131231', { createdAt: NOW - 120_000, fileName: 'health_check_export.xlsx', totalCount: 80 }),
    task('131232', { createdAt: NOW - 15_000 }),
    task('131233', { createdAt: NOW, startDelayMs: 30_000 }),
  ],
  expected: [
    [
      '131231',
      {
        ExportStatus: 'success',
        Progress: 100,
        Id: 131231,
        CurrentCount: 80,
        TotalCount: 80,
        Link: expect.stringContaining('health_check_export.xlsx'),
      },
    ],
    ['131232', { ExportStatus: 'exporting', Progress: 25, Id: 131232, CurrentCount: 25, TotalCount: 100, Link: '' }],
    ['131233', { ExportStatus: 'init', Progress: 0, Id: 131233, CurrentCount: 0, Message: 'success' }],
  ],
};

const SIEM: Product = {
  provider: 'alibaba-siem',
  action: 'GetExportTask',
  version: '2024-12-12',
  request: (exportId) => new OpenApiRequest({ body: OpenApiUtil.parseToMap({ ExportId: exportId, Lang: 'en', RegionId: 'cn-hangzhou' }) }),
  model: SIEM_GET_EXPORT_TASK_BODY,
  tasks: [
    task('400185', { createdAt: NOW - 120_000, fileName: 'event_export.xlsx' }),
    task('400186', { createdAt: NOW - 15_000, exportType: 'incident_list' }),
  ],
  expected: [
    [
      '400185',
      {
        ExportStatus: 'success',
        Progress: 100,
        Id: 400185,
        GmtCreate: String(NOW - 120_000),
        Link: expect.stringContaining('event_export.xlsx'),
      },
    ],
    [
      '400186',
      { ExportStatus: 'exporting', Progress: 25, Id: 400186, GmtCreate: String(NOW - 15_000), ExportType: 'incident_list', Link: '' },
    ],
  ],
};

async function call(emulator: EmulatorHandle, product: Product, prefix: string, exportId: number, secret = OWNER.secret) {
  const client = new OpenApi(
    new Config({
      accessKeyId: OWNER.accessKeyId,
      accessKeySecret: secret,
      endpoint: new URL(emulator.url).host,
      protocol: 'http',
      connectTimeout: 5_000,
      readTimeout: 5_000,
    }),
  );
  const params = new Params({
    action: product.action,
    version: product.version,
    protocol: 'HTTPS',
    pathname: `${prefix}/`,
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  return client.callApi(params, product.request(exportId), new RuntimeOptions({}));
}

describe.each([SAS, SIEM])('@alicloud/openapi-client callApi $action ($version)', (product) => {
  describe.each(['', '/cloud-proxy/v1'])('emulator prefix "%s"', (prefix) => {
    let emulator: EmulatorHandle;

    beforeAll(async () => {
      emulator = await startEmulator(product.provider, {
        accounts: ACCOUNTS,
        clock,
        tasks: product.tasks,
        pathPrefix: prefix || undefined,
      });
    });
    afterAll(() => emulator.dispose());
    beforeEach(() => emulator.stats.reset());

    it.each(product.expected)('%s: the request passes the signature check and the SDK reads every field', async (id, expected) => {
      const answer = await call(emulator, product, prefix, Number(id));

      expect(answer.statusCode).toBe(200);
      expect(answer.body).toMatchObject({ ...expected, RequestId: expect.any(String) });
      expect(fieldTypes(answer.body, product.model)).toEqual(product.model);
      expect(Object.keys(answer.body).sort()).toEqual(Object.keys(product.model).sort());
      expect(emulator.stats.requests).toEqual([
        expect.objectContaining({ accessKeyId: OWNER.accessKeyId, path: `${prefix}/`, taskIds: [id], outcome: 'ok' }),
      ]);
    });

    it('a wrong AccessKeySecret fails the signature check, and the SDK says so', async () => {
      await expect(call(emulator, product, prefix, Number(product.tasks[0]?.id), `${OWNER.secret}x`)).rejects.toMatchObject({
        code: 'SignatureDoesNotMatch',
        data: { statusCode: 400 },
      });
      expect(emulator.stats.requests).toEqual([expect.objectContaining({ outcome: 'SignatureDoesNotMatch' })]);
    });
  });
});

import { ExportStatus } from '../../../../src/domain/export-task';
import { ErrorCode } from '../../../../src/errors/error-code';
import { mapSasStatus } from '../../../../src/providers/alibaba-sas/mapping';
import { mapSasBody } from '../support/bodies';
import { serviceErrorOfSync } from '../support/errors';

const ctx = { providerTaskId: '131231', observedAt: 1_700_000_000_000 };
const sample = {
  Link: 'http://www.aliyun.com',
  Progress: 16,
  RequestId: 'CE500770-42D3-442E-9DDD-156E0F9F3B45',
  CurrentCount: 20,
  Message: 'success',
  FileName: 'health_check_export_20171123',
  TotalCount: 100,
  ExportStatus: 'exporting',
  Id: 131231,
};
const body = (overrides: Record<string, unknown> = {}): string => JSON.stringify({ ...sample, ...overrides });

describe('SAS status mapping', () => {
  it.each([
    ['init', ExportStatus.PENDING],
    ['exporting', ExportStatus.RUNNING],
    ['success', ExportStatus.SUCCEEDED],
    ['failed', ExportStatus.UNKNOWN],
    ['SUCCESS', ExportStatus.UNKNOWN],
    ['', ExportStatus.UNKNOWN],
  ])('%j → %s', (raw, status) => {
    expect(mapSasStatus(raw)).toBe(status);
  });
});

describe('mapSasBody', () => {
  it('maps the documented sample (exporting)', () => {
    expect(mapSasBody(body(), ctx)).toEqual({
      provider: 'alibaba-sas',
      providerTaskId: '131231',
      status: ExportStatus.RUNNING,
      providerStatus: 'exporting',
      progress: 16,
      fileName: 'health_check_export_20171123',
      downloadUrl: 'http://www.aliyun.com',
      exportType: null,
      exportedCount: 20,
      totalCount: 100,
      message: 'success',
      failureReason: null,
      errorCode: null,
      downloaded: null,
      createdAt: null,
      finishedAt: null,
      observedAt: 1_700_000_000_000,
      requestId: 'CE500770-42D3-442E-9DDD-156E0F9F3B45',
    });
  });

  it.each([
    ['init', ExportStatus.PENDING, 0, 0],
    ['exporting', ExportStatus.RUNNING, 42, 42],
    ['success', ExportStatus.SUCCEEDED, 16, 100], // the documentation pairs success with 16: success means 100
    ['paused', ExportStatus.UNKNOWN, 30, 30],
  ])('%s with Progress %d → %s, progress %d', (raw, status, reported, progress) => {
    const state = mapSasBody(body({ ExportStatus: raw, Progress: reported }), ctx);
    expect(state).toMatchObject({ status, providerStatus: raw, progress });
  });

  it('keeps an unknown status verbatim', () => {
    expect(mapSasBody(body({ ExportStatus: 'Exporting ' }), ctx)).toMatchObject({
      status: ExportStatus.UNKNOWN,
      providerStatus: 'Exporting ',
    });
  });

  it('keeps Id 9223372036854775807 exact (a bare JSON number beyond 2^53)', () => {
    const text = '{"RequestId":"R","ExportStatus":"success","Progress":100,"Id":9223372036854775807}';
    const state = mapSasBody(text, { providerTaskId: '9223372036854775807', observedAt: 1 });
    expect(state.providerTaskId).toBe('9223372036854775807');
  });

  it('rejects a response whose Id differs only beyond 2^53 precision', () => {
    const text = '{"RequestId":"R","ExportStatus":"success","Id":9223372036854775807}';
    const e = serviceErrorOfSync(() => mapSasBody(text, { providerTaskId: '9223372036854775806', observedAt: 1 }));
    expect(e.code).toBe(ErrorCode.PROVIDER_BAD_RESPONSE);
    expect(e.message).toBe(
      'Alibaba Cloud Security Center sent an unexpected response: expected Id to be the id asked for, "9223372036854775806", but got "9223372036854775807"',
    );
    expect(e.provider).toMatchObject({ provider: 'alibaba-sas', requestId: 'R', retryable: false });
  });

  it('accepts Id as a string, and no Id at all', () => {
    expect(mapSasBody(body({ Id: '131231' }), ctx).providerTaskId).toBe('131231');
    expect(mapSasBody(body({ Id: undefined }), ctx).providerTaskId).toBe('131231');
  });

  it('clamps progress to 0..100 and accepts numeric strings', () => {
    expect(mapSasBody(body({ Progress: 150 }), ctx).progress).toBe(100);
    expect(mapSasBody(body({ Progress: -3 }), ctx).progress).toBe(0);
    expect(mapSasBody(body({ Progress: '55' }), ctx).progress).toBe(55);
    expect(mapSasBody(body({ Progress: undefined }), ctx).progress).toBeNull();
  });

  it('maps empty strings to null', () => {
    expect(mapSasBody(body({ Link: '', FileName: '' }), ctx)).toMatchObject({ downloadUrl: null, fileName: null });
  });

  it.each([
    ['not json', 'the body is not JSON', true],
    ['', 'the body is empty', true],
    ['[]', 'expected the body to be an object, but got an array', false],
    ['null', 'expected the body to be an object, but got null', false],
    [body({ ExportStatus: undefined }), 'expected ExportStatus to be a non-empty string, but it is missing', false],
    [body({ ExportStatus: '' }), 'expected ExportStatus to be a non-empty string, but got an empty string', false],
    [body({ ExportStatus: 3 }), 'expected ExportStatus to be a non-empty string, but got a number', false],
    [body({ Id: 131232 }), 'expected Id to be the id asked for, "131231", but got "131232"', false],
    [body({ Id: -1 }), 'expected Id to be an int64 task id, but got "-1"', false],
    [body({ Id: 'abc' }), 'expected Id to be an int64 task id, but got "abc"', false],
    [body({ Id: 1.5 }), 'expected Id to be an int64 task id, but got a number', false],
    [body({ Id: true }), 'expected Id to be an int64 task id, but got a boolean', false],
    [body({ Progress: 'lots' }), 'expected Progress to be a number, but got a string', false],
    [body({ TotalCount: 1.5 }), 'expected TotalCount to be a non-negative integer, but got a number', false],
    [body({ CurrentCount: -1 }), 'expected CurrentCount to be a non-negative integer, but got a number', false],
    [body({ Link: 7 }), 'expected Link to be a string, but got a number', false],
  ])('%s → PROVIDER_BAD_RESPONSE', (text, detail, retryable) => {
    const e = serviceErrorOfSync(() => mapSasBody(text, ctx));
    expect(e.code).toBe(ErrorCode.PROVIDER_BAD_RESPONSE);
    expect(e.message).toBe(`Alibaba Cloud Security Center sent an unexpected response: ${detail}`);
    expect(e.provider?.retryable).toBe(retryable);
  });
});

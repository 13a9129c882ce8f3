import { ExportStatus } from '../../../../src/domain/export-task';
import { ErrorCode } from '../../../../src/errors/error-code';
import { mapSiemStatus } from '../../../../src/providers/alibaba-siem/mapping';
import { mapSiemBody } from '../support/bodies';
import { serviceErrorOfSync } from '../support/errors';

const ctx = { providerTaskId: '400185', observedAt: 1_700_000_000_000 };
const sample = {
  RequestId: '9AAA9ED9-78F4-5021-86DC-D51C7511****',
  FileName: 'incident_list_20201111',
  Id: 400185,
  ExportType: 'incident_list',
  ExportStatus: 'exporting',
  Progress: 60,
  GmtCreate: '1605076118000',
  Link: 'https://example.com/file.xlsx',
};
const body = (overrides: Record<string, unknown> = {}): string => JSON.stringify({ ...sample, ...overrides });

describe('SIEM status mapping', () => {
  it.each([
    ['exporting', ExportStatus.RUNNING],
    ['success', ExportStatus.SUCCEEDED],
    ['init', ExportStatus.UNKNOWN], // a SAS value, not documented for SIEM
    ['failed', ExportStatus.UNKNOWN],
    ['Success', ExportStatus.UNKNOWN],
  ])('%j → %s', (raw, status) => {
    expect(mapSiemStatus(raw)).toBe(status);
  });
});

describe('mapSiemBody', () => {
  it('maps the documented fields; GmtCreate (epoch ms string) → createdAt', () => {
    expect(mapSiemBody(body(), ctx)).toEqual({
      provider: 'alibaba-siem',
      providerTaskId: '400185',
      status: ExportStatus.RUNNING,
      providerStatus: 'exporting',
      progress: 60,
      fileName: 'incident_list_20201111',
      downloadUrl: 'https://example.com/file.xlsx',
      exportType: 'incident_list',
      exportedCount: null,
      totalCount: null,
      message: null,
      failureReason: null,
      errorCode: null,
      downloaded: null,
      createdAt: 1605076118000,
      finishedAt: null,
      observedAt: 1_700_000_000_000,
      requestId: '9AAA9ED9-78F4-5021-86DC-D51C7511****',
    });
  });

  it.each([
    ['exporting', 60, ExportStatus.RUNNING, 60],
    ['success', 60, ExportStatus.SUCCEEDED, 100],
    ['queued', 0, ExportStatus.UNKNOWN, 0],
  ])('%s with Progress %d → %s, progress %d', (raw, reported, status, progress) => {
    expect(mapSiemBody(body({ ExportStatus: raw, Progress: reported }), ctx)).toMatchObject({ status, providerStatus: raw, progress });
  });

  it('accepts GmtCreate as a number, and absent', () => {
    expect(mapSiemBody(body({ GmtCreate: 1605076118000 }), ctx).createdAt).toBe(1605076118000);
    expect(mapSiemBody(body({ GmtCreate: undefined }), ctx).createdAt).toBeNull();
  });

  it('keeps an Id beyond 2^53 exact', () => {
    const text = '{"RequestId":"R","ExportStatus":"success","Id":9223372036854775807,"GmtCreate":"1605076118000"}';
    expect(mapSiemBody(text, { providerTaskId: '9223372036854775807', observedAt: 1 }).providerTaskId).toBe('9223372036854775807');
    const e = serviceErrorOfSync(() => mapSiemBody(text, { providerTaskId: '9223372036854775806', observedAt: 1 }));
    expect(e.code).toBe(ErrorCode.PROVIDER_BAD_RESPONSE);
  });

  it.each([
    ['{', 'the body is not JSON'],
    [body({ ExportStatus: undefined }), 'expected ExportStatus to be a non-empty string, but it is missing'],
    [body({ ExportStatus: null }), 'expected ExportStatus to be a non-empty string, but got null'],
    [body({ GmtCreate: '2020-11-11' }), 'expected GmtCreate to be epoch milliseconds as a string of digits, but got a string'],
    [body({ GmtCreate: -5 }), 'expected GmtCreate to be epoch milliseconds as a string of digits, but got a number'],
    [body({ Id: 400186 }), 'expected Id to be the id asked for, "400185", but got "400186"'],
    [body({ ExportType: {} }), 'expected ExportType to be a string, but got an object'],
  ])('%s → PROVIDER_BAD_RESPONSE', (text, detail) => {
    const e = serviceErrorOfSync(() => mapSiemBody(text, ctx));
    expect(e.code).toBe(ErrorCode.PROVIDER_BAD_RESPONSE);
    expect(e.message).toBe(`Alibaba Cloud Threat Analysis (Cloud SIEM) sent an unexpected response: ${detail}`);
  });
});

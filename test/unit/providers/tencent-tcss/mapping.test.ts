import { ExportStatus } from '../../../../src/domain/export-task';
import { ErrorCode } from '../../../../src/errors/error-code';
import { mapTcssStatus } from '../../../../src/providers/tencent-tcss/mapping';
import { mapTcssBody } from '../support/bodies';
import { serviceErrorOfSync } from '../support/errors';

const ctx = { providerTaskId: 'e4409223-8e92-45db-a857-11b1ff547c79', observedAt: 1_700_000_000_000 };
const body = (response: Record<string, unknown>): string =>
  JSON.stringify({ Response: { RequestId: 'b5a8d2a9-1f5d-4bb6-9a5e-123456789abc', ...response } });

describe('tcss status mapping', () => {
  it.each([
    ['RUNNING', ExportStatus.RUNNING],
    ['SUCCESS', ExportStatus.SUCCEEDED],
    ['FAILURE', ExportStatus.FAILED],
    ['PENDING', ExportStatus.UNKNOWN],
    ['running', ExportStatus.UNKNOWN],
  ])('%j → %s', (raw, status) => {
    expect(mapTcssStatus(raw)).toBe(status);
  });
});

describe('mapTcssBody', () => {
  it('maps a running job', () => {
    expect(mapTcssBody(body({ ExportStatus: 'RUNNING', ExportProgress: 37.5, DownloadURL: '', FailureMsg: '' }), ctx)).toEqual({
      provider: 'tencent-tcss',
      providerTaskId: 'e4409223-8e92-45db-a857-11b1ff547c79',
      status: ExportStatus.RUNNING,
      providerStatus: 'RUNNING',
      progress: 37.5,
      fileName: null,
      downloadUrl: null,
      exportType: null,
      exportedCount: null,
      totalCount: null,
      message: null,
      failureReason: null,
      errorCode: null,
      downloaded: null,
      createdAt: null,
      finishedAt: null,
      observedAt: 1_700_000_000_000,
      requestId: 'b5a8d2a9-1f5d-4bb6-9a5e-123456789abc',
    });
  });

  it.each([
    // ExportProgress is meaningful only while RUNNING
    ['RUNNING', 37.5, 37.5],
    ['RUNNING', undefined, null],
    ['RUNNING', 120, 100],
    ['SUCCESS', 0, 100],
    ['SUCCESS', undefined, 100],
    ['FAILURE', 80, null],
    ['FAILURE', undefined, null],
    ['QUEUED', 10, null],
  ])('%s with ExportProgress %j → progress %j', (raw, reported, progress) => {
    expect(mapTcssBody(body({ ExportStatus: raw, ExportProgress: reported }), ctx).progress).toBe(progress);
  });

  it('keeps the download URL on success and the failure message on failure', () => {
    expect(mapTcssBody(body({ ExportStatus: 'SUCCESS', DownloadURL: 'https://cos.example.com/x.csv' }), ctx)).toMatchObject({
      status: ExportStatus.SUCCEEDED,
      downloadUrl: 'https://cos.example.com/x.csv',
    });
    expect(mapTcssBody(body({ ExportStatus: 'FAILURE', FailureMsg: 'too many rows' }), ctx)).toMatchObject({
      status: ExportStatus.FAILED,
      failureReason: 'too many rows',
    });
  });

  it('keeps an unknown status verbatim', () => {
    expect(mapTcssBody(body({ ExportStatus: 'CANCELLED' }), ctx)).toMatchObject({
      status: ExportStatus.UNKNOWN,
      providerStatus: 'CANCELLED',
    });
  });

  it.each([
    ['', 'the body is empty'],
    ['<html>', 'the body is not JSON'],
    ['{}', 'expected Response to be an object, but it is missing'],
    ['{"Response":[]}', 'expected Response to be an object, but got an array'],
    [body({}), 'expected Response.ExportStatus to be a non-empty string, but it is missing'],
    [body({ ExportStatus: 1 }), 'expected Response.ExportStatus to be a non-empty string, but got a number'],
    [body({ ExportStatus: 'RUNNING', ExportProgress: 'half' }), 'expected Response.ExportProgress to be a number, but got a string'],
  ])('%s → PROVIDER_BAD_RESPONSE', (text, detail) => {
    const e = serviceErrorOfSync(() => mapTcssBody(text, ctx));
    expect(e.code).toBe(ErrorCode.PROVIDER_BAD_RESPONSE);
    expect(e.message).toBe(`Tencent Cloud Container Security Service sent an unexpected response: ${detail}`);
  });
});

import { ExportStatus, type ExportTaskState } from '../../domain/export-task';
import { WireObject } from '../common/wire';
import { tcssDescriptor } from './descriptor';
import { TCSS_EXPORT_STATUSES, type TcssEnvelope, type TcssExportStatus, type TcssResponse } from './types';

/** What a mapping needs besides the body. */
export interface TcssMapContext {
  /** The job id asked for (the response does not echo it). */
  readonly providerTaskId: string;
  /** Epoch ms when the response arrived. */
  readonly observedAt: number;
}

/** `RUNNING` → RUNNING, `SUCCESS` → SUCCEEDED, `FAILURE` → FAILED; anything else UNKNOWN. */
export function mapTcssStatus(raw: string): ExportStatus {
  if (!isTcssStatus(raw)) return ExportStatus.UNKNOWN;
  switch (raw) {
    case 'RUNNING':
      return ExportStatus.RUNNING;
    case 'SUCCESS':
      return ExportStatus.SUCCEEDED;
    case 'FAILURE':
      return ExportStatus.FAILED;
    default: {
      const unreachable: never = raw;
      return unreachable;
    }
  }
}

/**
 * Progress per status. `ExportProgress` is documented as meaningful only while RUNNING, so: RUNNING →
 * the reported value clamped to 0..100 (null if absent); SUCCESS → 100; FAILURE → null (whatever number
 * comes with a failure is not a measurement, and a mapping of one read has no earlier value to keep);
 * an undocumented status → null.
 */
export function tcssProgress(status: ExportStatus, reported: number | null): number | null {
  switch (status) {
    case ExportStatus.RUNNING:
      return reported === null ? null : Math.min(100, Math.max(0, reported));
    case ExportStatus.SUCCEEDED:
      return 100;
    default:
      return null;
  }
}

/** The `Response` object of an API 3.0 body, reporting its `RequestId`; `PROVIDER_BAD_RESPONSE` when there is none. */
export function tcssResponseObject(body: unknown): WireObject<TcssResponse> {
  const response = WireObject.of<TcssEnvelope>(tcssDescriptor, body).object('Response');
  const requestId = response.string('RequestId');
  return requestId === null ? response : response.withRequestId(requestId);
}

/**
 * Maps the `Response` of a success body (an `Error` is classified before, by `tcssEnvelopeFailure`).
 * `ExportStatus` is required.
 * @throws ServiceError `PROVIDER_BAD_RESPONSE`.
 */
export function mapTcssResponse(response: WireObject<TcssResponse>, ctx: TcssMapContext): ExportTaskState {
  const providerStatus = response.requiredString('ExportStatus');
  const status = mapTcssStatus(providerStatus);
  return {
    provider: 'tencent-tcss',
    providerTaskId: ctx.providerTaskId,
    status,
    providerStatus,
    progress: tcssProgress(status, response.number('ExportProgress')),
    fileName: null,
    downloadUrl: response.string('DownloadURL'),
    exportType: null,
    exportedCount: null,
    totalCount: null,
    message: null,
    failureReason: response.string('FailureMsg'),
    errorCode: null,
    downloaded: null,
    createdAt: null,
    finishedAt: null,
    observedAt: ctx.observedAt,
    requestId: response.string('RequestId'),
  };
}

function isTcssStatus(value: string): value is TcssExportStatus {
  return (TCSS_EXPORT_STATUSES as readonly string[]).includes(value);
}

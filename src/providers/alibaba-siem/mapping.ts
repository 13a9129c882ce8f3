import { ExportStatus, type ExportTaskState } from '../export-task';
import { WireObject, parseJsonBody } from '../common/wire';
import { ALIBABA_INT64_KEYS, checkAlibabaId, clampPercent, type AlibabaMapContext } from '../alibaba/mapping';
import { siemDescriptor } from './descriptor';
import { SIEM_EXPORT_STATUSES, type SiemExportStatus } from './types';

/** What a mapping needs besides the body (shared by both Alibaba products). */
export type SiemMapContext = AlibabaMapContext;

/** `exporting` → RUNNING, `success` → SUCCEEDED; anything else UNKNOWN (kept verbatim in providerStatus). */
export function mapSiemStatus(raw: string): ExportStatus {
  if (!isSiemStatus(raw)) return ExportStatus.UNKNOWN;
  switch (raw) {
    case 'exporting':
      return ExportStatus.RUNNING;
    case 'success':
      return ExportStatus.SUCCEEDED;
    default: {
      const unreachable: never = raw;
      return unreachable;
    }
  }
}

// Epoch ms as digits; 16 digits reach year 2286, far enough and still exact in a JS number.
const EPOCH_MS = /^[0-9]{1,16}$/;

/**
 * Maps a parsed `GetExportTask` success body. `ExportStatus` is required; `Id`, when present, must be the
 * id asked for; `GmtCreate` (epoch ms, a string on the wire, a number tolerated) becomes `createdAt`.
 * `success` reports progress 100; otherwise `Progress` clamped to 0..100, or null.
 * @throws ServiceError `PROVIDER_BAD_RESPONSE`.
 */
export function mapSiemResponse(body: unknown, ctx: SiemMapContext): ExportTaskState {
  let root = WireObject.of(siemDescriptor, body, '', ctx.requestId);
  root = root.withRequestId(root.string('RequestId') ?? ctx.requestId);
  const providerStatus = root.requiredString('ExportStatus');
  checkAlibabaId(root, 'Id', ctx.providerTaskId);
  const status = mapSiemStatus(providerStatus);
  return {
    provider: 'alibaba-siem',
    providerTaskId: ctx.providerTaskId,
    status,
    providerStatus,
    progress: status === ExportStatus.SUCCEEDED ? 100 : clampPercent(root.number('Progress')),
    fileName: root.string('FileName'),
    downloadUrl: root.string('Link'),
    exportType: root.string('ExportType'),
    exportedCount: null,
    totalCount: null,
    message: null,
    failureReason: null,
    errorCode: null,
    downloaded: null,
    createdAt: gmtCreate(root),
    finishedAt: null,
    observedAt: ctx.observedAt,
    requestId: root.string('RequestId') ?? ctx.requestId ?? null,
  };
}

/** `mapSiemResponse` over the raw body text (int64 `Id` parsed losslessly). */
export function mapSiemBody(text: string, ctx: SiemMapContext): ExportTaskState {
  return mapSiemResponse(parseJsonBody(siemDescriptor, text, { int64Keys: ALIBABA_INT64_KEYS, requestId: ctx.requestId }), ctx);
}

function gmtCreate(root: WireObject): number | null {
  const value = root.raw['GmtCreate'];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && EPOCH_MS.test(value)) return Number(value);
  throw root.wrong('GmtCreate', 'epoch milliseconds as a string of digits', value);
}

function isSiemStatus(value: string): value is SiemExportStatus {
  return (SIEM_EXPORT_STATUSES as readonly string[]).includes(value);
}

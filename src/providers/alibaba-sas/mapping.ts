import { ExportStatus, type ExportTaskState } from '../export-task';
import { WireObject, parseJsonBody } from '../common/wire';
import { ALIBABA_INT64_KEYS, checkAlibabaId, clampPercent, type AlibabaMapContext } from '../alibaba/mapping';
import { sasDescriptor } from './descriptor';
import { SAS_EXPORT_STATUSES, type SasExportStatus } from './types';

/** What a mapping needs besides the body (shared by both Alibaba products). */
export type SasMapContext = AlibabaMapContext;

/** `init` → PENDING, `exporting` → RUNNING, `success` → SUCCEEDED; anything else UNKNOWN. */
export function mapSasStatus(raw: string): ExportStatus {
  if (!isSasStatus(raw)) return ExportStatus.UNKNOWN;
  switch (raw) {
    case 'init':
      return ExportStatus.PENDING;
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

/**
 * Maps a parsed `DescribeExportInfo` success body. `ExportStatus` is required; `Id`, when present, must be
 * the id asked for. A `success` task reports progress 100 whatever `Progress` says (the documentation's own
 * sample pairs `success` with 16); otherwise `Progress` clamped to 0..100, or null.
 * @throws ServiceError `PROVIDER_BAD_RESPONSE`.
 */
export function mapSasResponse(body: unknown, ctx: SasMapContext): ExportTaskState {
  let root = WireObject.of(sasDescriptor, body, '', ctx.requestId);
  root = root.withRequestId(root.string('RequestId') ?? ctx.requestId);
  const providerStatus = root.requiredString('ExportStatus');
  checkAlibabaId(root, 'Id', ctx.providerTaskId);
  const status = mapSasStatus(providerStatus);
  const progress = clampPercent(root.number('Progress'));
  return {
    provider: 'alibaba-sas',
    providerTaskId: ctx.providerTaskId,
    status,
    providerStatus,
    progress: status === ExportStatus.SUCCEEDED ? 100 : progress,
    fileName: root.string('FileName'),
    downloadUrl: root.string('Link'),
    exportType: null,
    exportedCount: root.count('CurrentCount'),
    totalCount: root.count('TotalCount'),
    message: root.string('Message'),
    failureReason: null,
    errorCode: null,
    downloaded: null,
    createdAt: null,
    finishedAt: null,
    observedAt: ctx.observedAt,
    requestId: root.string('RequestId') ?? ctx.requestId ?? null,
  };
}

/** `mapSasResponse` over the raw body text (int64 `Id` parsed losslessly). */
export function mapSasBody(text: string, ctx: SasMapContext): ExportTaskState {
  return mapSasResponse(parseJsonBody(sasDescriptor, text, { int64Keys: ALIBABA_INT64_KEYS, requestId: ctx.requestId }), ctx);
}

function isSasStatus(value: string): value is SasExportStatus {
  return (SAS_EXPORT_STATUSES as readonly string[]).includes(value);
}

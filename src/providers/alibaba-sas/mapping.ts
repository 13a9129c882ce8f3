import { ExportStatus, type ExportTaskState } from '../../domain/export-task';
import { type AlibabaMapContext, alibabaRoot, mapAlibabaExport } from '../alibaba/mapping';
import type { WireObject } from '../common/wire';
import { SAS_EXPORT_STATUSES, type SasExportInfoResponse, type SasExportStatus } from './types';

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
 * Maps a `DescribeExportInfo` success body: the shared Alibaba fields (`mapAlibabaExport`), plus
 * `CurrentCount`, `TotalCount` and `Message`.
 * @throws ServiceError `PROVIDER_BAD_RESPONSE`.
 */
export function mapSasResponse(body: WireObject<SasExportInfoResponse>, ctx: AlibabaMapContext): ExportTaskState {
  const root = alibabaRoot(body, ctx);
  const state = mapAlibabaExport(root, ctx, 'alibaba-sas', mapSasStatus);
  return { ...state, exportedCount: root.count('CurrentCount'), totalCount: root.count('TotalCount'), message: root.string('Message') };
}

function isSasStatus(value: string): value is SasExportStatus {
  return (SAS_EXPORT_STATUSES as readonly string[]).includes(value);
}

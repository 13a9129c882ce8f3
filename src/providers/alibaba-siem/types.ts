import type { AlibabaExportFields } from '../alibaba/mapping';

/** `ExportStatus` values documented for SIEM `GetExportTask`; others may exist (unconfirmed). */
export const SIEM_EXPORT_STATUSES = ['exporting', 'success'] as const;

/** A documented SIEM export status. */
export type SiemExportStatus = (typeof SIEM_EXPORT_STATUSES)[number];

/** The success body of `GetExportTask` (2024-12-12), as it arrives: the shared Alibaba fields, plus these. */
export interface SiemExportTaskResponse extends AlibabaExportFields {
  /** e.g. `incident_list`. */
  readonly ExportType?: string;
  /** Epoch milliseconds as a decimal string, e.g. "1605076118000". */
  readonly GmtCreate?: string;
}

/** Parameters of `GetExportTask`, all sent form-encoded in the POST body, in this order. */
export interface SiemExportTaskParams {
  /** `cn-hangzhou` (assets in mainland China) or `ap-southeast-1`. */
  readonly RegionId: string;
  /** `zh` or `en`. */
  readonly Lang: string;
  /** int64 as a decimal string. */
  readonly ExportId: string;
  /** int64 as a decimal string: administrator acting as this member account. */
  readonly RoleFor?: string | undefined;
}

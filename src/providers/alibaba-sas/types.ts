import type { AlibabaExportFields } from '../alibaba/mapping';

/** `ExportStatus` values documented for SAS `DescribeExportInfo`. No failure value is documented. */
export const SAS_EXPORT_STATUSES = ['init', 'exporting', 'success'] as const;

/** A documented SAS export status. */
export type SasExportStatus = (typeof SAS_EXPORT_STATUSES)[number];

/**
 * The success body of `DescribeExportInfo` (2018-12-03), as it arrives: the fields both Alibaba APIs
 * share, plus these. `Id` is an int64: when it comes as a bare JSON number it is read as an exact
 * decimal string (never a JS number).
 */
export interface SasExportInfoResponse extends AlibabaExportFields {
  readonly CurrentCount?: number;
  readonly TotalCount?: number;
  /** Always "success" per the documentation. */
  readonly Message?: string;
}

/** Query parameters of `DescribeExportInfo`. */
export interface SasExportInfoParams {
  /** int64 as a decimal string. */
  readonly ExportId: string;
  /** int64 as a decimal string: act on this member account. */
  readonly ResourceDirectoryAccountId?: string | undefined;
}

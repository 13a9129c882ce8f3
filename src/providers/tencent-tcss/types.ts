/** `ExportStatus` values documented for tcss `DescribeExportJobResult`. */
export const TCSS_EXPORT_STATUSES = ['RUNNING', 'SUCCESS', 'FAILURE'] as const;

/** A documented tcss export status. */
export type TcssExportStatus = (typeof TCSS_EXPORT_STATUSES)[number];

/** The request body of `DescribeExportJobResult`. */
export interface TcssExportJobParams {
  readonly JobId: string;
}

/** `Response` of a successful call (2020-11-01). */
export interface TcssExportJobResult {
  readonly ExportStatus: string;
  readonly DownloadURL?: string;
  /** Float 0..100, meaningful only while RUNNING. */
  readonly ExportProgress?: number;
  readonly FailureMsg?: string;
  readonly RequestId?: string;
}

/** `Response` of a failed call: errors arrive with HTTP 200. */
export interface TcssErrorResult {
  readonly Error: { readonly Code: string; readonly Message?: string };
  readonly RequestId?: string;
}

/** Every API 3.0 body: `{"Response": …}`. */
export interface TcssEnvelope {
  readonly Response: TcssExportJobResult | TcssErrorResult;
}

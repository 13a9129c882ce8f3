/** `ExportStatus` values documented for tcss `DescribeExportJobResult`. */
export const TCSS_EXPORT_STATUSES = ['RUNNING', 'SUCCESS', 'FAILURE'] as const;

/** A documented tcss export status. */
export type TcssExportStatus = (typeof TCSS_EXPORT_STATUSES)[number];

/** The request body of `DescribeExportJobResult`. */
export interface TcssExportJobParams {
  readonly JobId: string;
}

/** `Response.Error` of a failed call: errors arrive with HTTP 200. */
export interface TcssError {
  readonly Code: string;
  readonly Message?: string;
}

/**
 * `Response` of an API 3.0 body (2020-11-01): the result fields on success, `Error` on failure, and
 * `RequestId` always.
 */
export interface TcssResponse {
  readonly ExportStatus?: string;
  readonly DownloadURL?: string;
  /** Float 0..100, meaningful only while RUNNING. */
  readonly ExportProgress?: number;
  readonly FailureMsg?: string;
  readonly RequestId?: string;
  readonly Error?: TcssError;
}

/** Every API 3.0 body: `{"Response": …}`. */
export interface TcssEnvelope {
  readonly Response: TcssResponse;
}

import { alibabaUnknownTaskAnswers, HOUR, iso, NOTHING, type ProviderCase, SECOND } from './types';

/** The provider's display name, which every error message starts from. */
const NAME = 'Alibaba Cloud Threat Analysis (Cloud SIEM)';

const FILE = 'incidents_20261122.xlsx';
const LINK = `https://cloud-siem-export.oss-cn-shanghai.aliyuncs.com/${FILE}`;
/** SIEM reports the export type and the creation time (GmtCreate, epoch ms as a string); no counts. */
const siem = (now: number) => ({ ...NOTHING, fileName: FILE, exportType: 'incident_list', createdAt: iso(now) });

/**
 * Alibaba Cloud SIEM, GetExportTask 2024-12-12: `exporting`/`success` with an integer `Progress`,
 * `ExportType`, `GmtCreate`, `Link` once done. A pending task already reads `exporting` at 0%; no failure
 * value is documented, so a failed task stays `exporting` at 99%.
 */
export const alibabaSiemCase: ProviderCase = {
  provider: 'alibaba-siem',
  taskId: (n) => String(400_000 + n),
  listing: false,
  requestIdPattern: /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/,
  states: [
    {
      name: 'pending (exporting at 0%) → RUNNING',
      spec: (now) => ({ createdAt: now, startDelayMs: HOUR, durationMs: 100 * SECOND, fileName: FILE }),
      expected: (now) => ({ ...siem(now), status: 'RUNNING', providerStatus: 'exporting', progress: 0 }),
    },
    {
      name: 'exporting → RUNNING with progress',
      spec: (now) => ({ createdAt: now - 25 * SECOND, durationMs: 100 * SECOND, fileName: FILE }),
      expected: (now) => ({ ...siem(now - 25 * SECOND), status: 'RUNNING', providerStatus: 'exporting', progress: 25 }),
    },
    {
      name: 'success → SUCCEEDED at 100 with the download link',
      spec: (now) => ({ createdAt: now - 200 * SECOND, durationMs: 100 * SECOND, fileName: FILE, exportType: 'alert_list' }),
      expected: (now) => ({
        ...siem(now - 200 * SECOND),
        exportType: 'alert_list',
        status: 'SUCCEEDED',
        providerStatus: 'success',
        terminal: true,
        progress: 100,
        downloadUrl: LINK,
      }),
    },
    {
      name: 'a failed export (no failure value documented) → RUNNING, held at 99',
      spec: (now) => ({ createdAt: now - 200 * SECOND, durationMs: 100 * SECOND, fileName: FILE, outcome: 'failure' }),
      expected: (now) => ({ ...siem(now - 200 * SECOND), status: 'RUNNING', providerStatus: 'exporting', progress: 99 }),
    },
  ],
  unknownStatus: {
    name: 'PAUSED_BY_OPS → UNKNOWN',
    spec: (now) => ({ createdAt: now - 25 * SECOND, durationMs: 100 * SECOND, fileName: FILE, rawStatus: 'PAUSED_BY_OPS' }),
    expected: (now) => ({ ...siem(now - 25 * SECOND), status: 'UNKNOWN', providerStatus: 'PAUSED_BY_OPS', progress: 25 }),
  },
  unknownTaskAnswers: alibabaUnknownTaskAnswers(NAME),
  errors: {
    misconfigured: {
      providerCode: 'InvalidAction.NotFound',
      requestId: true,
      message:
        `${NAME} does not serve GetExportTask at the configured endpoint, or the account has not authorised the service: check the endpoint, region and the service's authorisation (HTTP 404, InvalidAction.NotFound): ` +
        'Specified api is not found, please check your url and method. Action: GetExportTask',
    },
    notFound: {
      providerCode: 'ExportTaskNotExist',
      requestId: true,
      message: `${NAME} has no export task "{id}" (HTTP 404, ExportTaskNotExist): The export task {id} does not exist.`,
    },
    badSecret: {
      providerCode: 'SignatureDoesNotMatch',
      requestId: true,
      message: `${NAME} rejected the configured credentials or the request signature (HTTP 400, SignatureDoesNotMatch)`,
    },
    unknownKey: {
      providerCode: 'InvalidAccessKeyId.NotFound',
      requestId: true,
      message: `${NAME} rejected the configured credentials or the request signature (HTTP 404, InvalidAccessKeyId.NotFound)`,
    },
    forbidden: {
      providerCode: 'NoPermission',
      requestId: true,
      message: `The configured ${NAME} credentials lack permission to call GetExportTask (HTTP 403, NoPermission): caller has no permission`,
    },
    throttled: {
      providerCode: 'Throttling.Api',
      requestId: true,
      message: `${NAME} throttled the request (HTTP 429, Throttling.Api): Request was denied due to api flow control.`,
    },
    serverError: {
      providerCode: 'ServerError',
      requestId: true,
      message: `${NAME} is unavailable (HTTP 500, ServerError): The request processing has failed due to some unknown error.`,
    },
    malformed: { providerCode: null, requestId: false, message: `${NAME} sent an unexpected response: the body is not JSON` },
    missingFields: {
      providerCode: null,
      requestId: true,
      message: `${NAME} sent an unexpected response: expected ExportStatus to be a non-empty string, but it is missing`,
    },
    timeout: { providerCode: null, requestId: false, message: `${NAME} did not answer within 300 ms` },
    reset: { providerCode: null, requestId: false, message: `${NAME} could not be reached: connection failed or was reset` },
  },
};

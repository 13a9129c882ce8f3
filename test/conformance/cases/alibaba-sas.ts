import { alibabaUnknownTaskAnswers, HOUR, NOTHING, type ProviderCase, SECOND } from './types';

/** The provider's display name, which every error message starts from. */
const NAME = 'Alibaba Cloud Security Center';

const FILE = 'health_check_export_20261122';
const LINK = `https://sas-export-cn-shanghai.oss-cn-shanghai.aliyuncs.com/${FILE}`;
/** SAS reports counts and a message, but no times, failure reason or download tracking. */
const SAS = { ...NOTHING, fileName: FILE, totalCount: 200, message: 'success' };

/**
 * Alibaba Cloud Security Center, DescribeExportInfo: `init`/`exporting`/`success` with an integer
 * `Progress`, `CurrentCount` of `TotalCount`, `Message`, `Link` once done. No failure value is documented:
 * the emulator keeps a failed task `exporting` at 99%.
 */
export const alibabaSasCase: ProviderCase = {
  provider: 'alibaba-sas',
  taskId: (n) => String(1_000_000 + n),
  listing: false,
  requestIdPattern: /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/,
  states: [
    {
      name: 'init → PENDING',
      spec: (now) => ({ createdAt: now, startDelayMs: HOUR, durationMs: 100 * SECOND, totalCount: 200, fileName: FILE }),
      expected: () => ({ ...SAS, status: 'PENDING', providerStatus: 'init', progress: 0, exportedCount: 0 }),
    },
    {
      name: 'exporting → RUNNING with progress and counts',
      spec: (now) => ({ createdAt: now - 25 * SECOND, durationMs: 100 * SECOND, totalCount: 200, fileName: FILE }),
      expected: () => ({ ...SAS, status: 'RUNNING', providerStatus: 'exporting', progress: 25, exportedCount: 50 }),
    },
    {
      name: 'success → SUCCEEDED at 100 with the download link',
      spec: (now) => ({ createdAt: now - 200 * SECOND, durationMs: 100 * SECOND, totalCount: 200, fileName: FILE }),
      expected: () => ({
        ...SAS,
        status: 'SUCCEEDED',
        providerStatus: 'success',
        terminal: true,
        progress: 100,
        exportedCount: 200,
        downloadUrl: LINK,
      }),
    },
    {
      name: 'a failed export (no failure value documented) → RUNNING, held at 99',
      spec: (now) => ({ createdAt: now - 200 * SECOND, durationMs: 100 * SECOND, totalCount: 200, fileName: FILE, outcome: 'failure' }),
      expected: () => ({ ...SAS, status: 'RUNNING', providerStatus: 'exporting', progress: 99, exportedCount: 198 }),
    },
  ],
  unknownStatus: {
    name: 'PAUSED_BY_OPS → UNKNOWN',
    spec: (now) => ({
      createdAt: now - 25 * SECOND,
      durationMs: 100 * SECOND,
      totalCount: 200,
      fileName: FILE,
      rawStatus: 'PAUSED_BY_OPS',
    }),
    expected: () => ({ ...SAS, status: 'UNKNOWN', providerStatus: 'PAUSED_BY_OPS', progress: 25, exportedCount: 50 }),
  },
  unknownTaskAnswers: alibabaUnknownTaskAnswers(NAME),
  errors: {
    misconfigured: {
      providerCode: 'InvalidAction.NotFound',
      requestId: true,
      message:
        `${NAME} does not serve DescribeExportInfo at the configured endpoint, or the account has not authorised the service: check the endpoint, region and the service's authorisation (HTTP 404, InvalidAction.NotFound): ` +
        'Specified api is not found, please check your url and method. Action: DescribeExportInfo',
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
      message: `The configured ${NAME} credentials lack permission to call DescribeExportInfo (HTTP 403, NoPermission): caller has no permission`,
    },
    throttled: {
      providerCode: 'Throttling.User',
      requestId: true,
      message: `${NAME} throttled the request (HTTP 400, Throttling.User): Request was denied due to user flow control.`,
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

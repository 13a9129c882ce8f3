import { HOUR, NOTHING, type ProviderCase, SECOND } from './types';

/** The provider's display name, which every error message starts from. */
const NAME = 'Tencent Cloud Container Security Service';

const url = (taskId: string) => `https://tcss-export-1250000000.cos.ap-guangzhou.myqcloud.com/export_${taskId}.xlsx`;

/**
 * Tencent TCSS, DescribeExportJobResult: `RUNNING`/`SUCCESS`/`FAILURE`, a float `ExportProgress` meaningful
 * only while RUNNING, `DownloadURL` once done, `FailureMsg` on failure. No times, counts or file name.
 * A pending job already reads RUNNING at 0%; an expired one still reads SUCCESS.
 */
export const tencentTcssCase: ProviderCase = {
  provider: 'tencent-tcss',
  taskId: (n) => `tcss-job-${n}`,
  listing: false,
  requestIdPattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  states: [
    {
      name: 'pending (RUNNING at 0%) → RUNNING',
      spec: (now) => ({ createdAt: now, startDelayMs: HOUR, durationMs: 100 * SECOND }),
      expected: () => ({ ...NOTHING, status: 'RUNNING', providerStatus: 'RUNNING', progress: 0 }),
    },
    {
      name: 'RUNNING → RUNNING with fractional progress',
      spec: (now) => ({ createdAt: now - 12_340, durationMs: 100 * SECOND }),
      expected: () => ({ ...NOTHING, status: 'RUNNING', providerStatus: 'RUNNING', progress: 12.34 }),
    },
    {
      name: 'SUCCESS → SUCCEEDED at 100 with the download URL',
      spec: (now) => ({ createdAt: now - 200 * SECOND, durationMs: 100 * SECOND }),
      expected: (_now, taskId) => ({
        ...NOTHING,
        status: 'SUCCEEDED',
        providerStatus: 'SUCCESS',
        terminal: true,
        progress: 100,
        downloadUrl: url(taskId),
      }),
    },
    {
      name: 'FAILURE → FAILED with the failure message and no progress',
      spec: (now) => ({ createdAt: now - 200 * SECOND, durationMs: 100 * SECOND, outcome: 'failure', failureReason: 'disk full' }),
      expected: () => ({ ...NOTHING, status: 'FAILED', providerStatus: 'FAILURE', terminal: true, failureReason: 'disk full' }),
    },
  ],
  unknownStatus: {
    name: 'PAUSED_BY_OPS → UNKNOWN (progress only counts while RUNNING)',
    spec: (now) => ({ createdAt: now - 25 * SECOND, durationMs: 100 * SECOND, rawStatus: 'PAUSED_BY_OPS' }),
    expected: () => ({ ...NOTHING, status: 'UNKNOWN', providerStatus: 'PAUSED_BY_OPS' }),
  },
  unknownTaskAnswers: [
    {
      answer: 'ResourceNotFound',
      code: 'NOT_FOUND',
      error: {
        providerCode: 'ResourceNotFound',
        requestId: true,
        message: `${NAME} has no export task "{id}" (ResourceNotFound): The export job \`{id}\` does not exist.`,
      },
    },
    {
      answer: 'InvalidParameter',
      code: 'BAD_USER_INPUT',
      error: {
        providerCode: 'InvalidParameter',
        requestId: true,
        message: `${NAME} rejected the request parameters (InvalidParameter): The parameter JobId is invalid: no export job \`{id}\`.`,
      },
    },
    {
      answer: 'InvalidParameterValue',
      code: 'BAD_USER_INPUT',
      error: {
        providerCode: 'InvalidParameterValue',
        requestId: true,
        message: `${NAME} rejected the request parameters (InvalidParameterValue): The value of JobId \`{id}\` is invalid.`,
      },
    },
    {
      answer: 'InvalidParameterValue.DataNotFound',
      code: 'NOT_FOUND',
      error: {
        providerCode: 'InvalidParameterValue.DataNotFound',
        requestId: true,
        message: `${NAME} has no export task "{id}" (InvalidParameterValue.DataNotFound): The current data was not found: export job \`{id}\`.`,
      },
    },
  ],
  errors: {
    misconfigured: {
      providerCode: 'InvalidAction',
      requestId: true,
      message: `${NAME} does not serve DescribeExportJobResult at the configured endpoint, or the account has not authorised the service: check the endpoint, region and the service's authorisation (InvalidAction): The requested action \`DescribeExportJobResult\` does not exist.`,
    },
    notFound: {
      providerCode: 'ResourceNotFound',
      requestId: true,
      message: `${NAME} has no export task "{id}" (ResourceNotFound): The export job \`{id}\` does not exist.`,
    },
    badSecret: {
      providerCode: 'AuthFailure.SignatureFailure',
      requestId: true,
      message: `${NAME} rejected the configured credentials or the request signature (AuthFailure.SignatureFailure)`,
    },
    unknownKey: {
      providerCode: 'AuthFailure.SecretIdNotFound',
      requestId: true,
      message: `${NAME} rejected the configured credentials or the request signature (AuthFailure.SecretIdNotFound)`,
    },
    forbidden: {
      providerCode: 'UnauthorizedOperation',
      requestId: true,
      message: `The configured ${NAME} credentials lack permission to call DescribeExportJobResult (UnauthorizedOperation): The caller is not authorized to perform tcss:DescribeExportJobResult.`,
    },
    throttled: {
      providerCode: 'RequestLimitExceeded',
      requestId: true,
      message: `${NAME} throttled the request (RequestLimitExceeded): Your request frequency has exceeded the limit.`,
    },
    serverError: {
      providerCode: 'InternalError',
      requestId: true,
      message: `${NAME} is unavailable (InternalError): An internal error has occurred. Retry your request.`,
    },
    malformed: { providerCode: null, requestId: false, message: `${NAME} sent an unexpected response: the body is not JSON` },
    missingFields: {
      providerCode: null,
      requestId: true,
      message: `${NAME} sent an unexpected response: expected Response.ExportStatus to be a non-empty string, but it is missing`,
    },
    timeout: { providerCode: null, requestId: false, message: `${NAME} did not answer within 300 ms` },
    reset: { providerCode: null, requestId: false, message: `${NAME} could not be reached: connection failed or was reset` },
  },
};

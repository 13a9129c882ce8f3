import { HOUR, iso, NOTHING, type ProviderCase, SECOND } from './types';

/** The provider's display name, which every error message starts from. */
const NAME = 'Huawei Cloud Workspace';

const FILE = 'desktops_20261122.csv';
/** Workspace reports file name, times, failure reason and code, and `is_download`; no percentage or counts. */
const wks = (createdAt: number) => ({ ...NOTHING, fileName: FILE, createdAt: iso(createdAt), downloaded: false });

/**
 * Huawei Workspace, ListExportTasks read by `task_id`: `CREATING`/`SUCCESS`/`FAIL`/`EXPIRED`, no percentage
 * (CREATING → null, SUCCESS and EXPIRED → 100), `create_time`/`end_time` with or without the documentation's
 * quoted `'T'`, `fail_reason`/`error_code` on FAIL, `is_download`.
 */
export const huaweiWorkspaceCase: ProviderCase = {
  provider: 'huawei-workspace',
  taskId: (n) => `wks-task-${n}`,
  listing: true,
  requestIdPattern: /^[0-9a-f]{32}$/,
  states: [
    {
      name: 'CREATING → RUNNING without progress',
      spec: (now) => ({ createdAt: now - 25 * SECOND, durationMs: 100 * SECOND, fileName: FILE }),
      expected: (now) => ({ ...wks(now - 25 * SECOND), status: 'RUNNING', providerStatus: 'CREATING' }),
    },
    {
      name: 'SUCCESS → SUCCEEDED at 100 with end time and download flag',
      spec: (now) => ({ createdAt: now - 200 * SECOND, durationMs: 100 * SECOND, fileName: FILE, downloaded: true }),
      expected: (now) => ({
        ...wks(now - 200 * SECOND),
        status: 'SUCCEEDED',
        providerStatus: 'SUCCESS',
        terminal: true,
        progress: 100,
        downloaded: true,
        finishedAt: iso(now - 100 * SECOND),
      }),
    },
    {
      name: "SUCCESS with the documentation's quoted 'T' times → the same times",
      spec: (now) => ({ createdAt: now - 200 * SECOND, durationMs: 100 * SECOND, fileName: FILE, quotedTimes: true }),
      expected: (now) => ({
        ...wks(now - 200 * SECOND),
        status: 'SUCCEEDED',
        providerStatus: 'SUCCESS',
        terminal: true,
        progress: 100,
        finishedAt: iso(now - 100 * SECOND),
      }),
    },
    {
      name: 'FAIL → FAILED with fail_reason and error_code',
      spec: (now) => ({
        createdAt: now - 200 * SECOND,
        durationMs: 100 * SECOND,
        fileName: FILE,
        outcome: 'failure',
        failureReason: 'too many desktops',
        errorCode: 'WKS.00010012',
      }),
      expected: (now) => ({
        ...wks(now - 200 * SECOND),
        status: 'FAILED',
        providerStatus: 'FAIL',
        terminal: true,
        failureReason: 'too many desktops',
        errorCode: 'WKS.00010012',
        finishedAt: iso(now - 100 * SECOND),
      }),
    },
    {
      name: 'EXPIRED → EXPIRED at 100',
      spec: (now) => ({ createdAt: now - 3 * HOUR, durationMs: 100 * SECOND, fileName: FILE, expireAfterMs: HOUR }),
      expected: (now) => ({
        ...wks(now - 3 * HOUR),
        status: 'EXPIRED',
        providerStatus: 'EXPIRED',
        terminal: true,
        progress: 100,
        finishedAt: iso(now - 3 * HOUR + 100 * SECOND),
      }),
    },
  ],
  unknownStatus: {
    name: 'PAUSED_BY_OPS → UNKNOWN',
    spec: (now) => ({ createdAt: now - 25 * SECOND, durationMs: 100 * SECOND, fileName: FILE, rawStatus: 'PAUSED_BY_OPS' }),
    expected: (now) => ({ ...wks(now - 25 * SECOND), status: 'UNKNOWN', providerStatus: 'PAUSED_BY_OPS' }),
  },
  unknownTaskAnswers: [
    {
      answer: 'empty-list',
      code: 'NOT_FOUND',
      error: { providerCode: null, requestId: true, message: `${NAME} has no export task "{id}"` },
    },
  ],
  errors: {
    misconfigured: {
      providerCode: 'APIGW.0101',
      requestId: true,
      message: `${NAME} does not serve ListExportTasks at the configured endpoint, or the account has not authorised the service: check the endpoint, region and the service's authorisation (HTTP 404, APIGW.0101)`,
    },
    notFound: { providerCode: null, requestId: true, message: `${NAME} has no export task "{id}"` },
    badSecret: {
      providerCode: 'APIGW.0301',
      requestId: true,
      message: `${NAME} rejected the configured credentials or the request signature (HTTP 401, APIGW.0301)`,
    },
    unknownKey: {
      providerCode: 'APIGW.0301',
      requestId: true,
      message: `${NAME} rejected the configured credentials or the request signature (HTTP 401, APIGW.0301)`,
    },
    forbidden: {
      providerCode: 'APIGW.0302',
      requestId: true,
      message: `The configured ${NAME} credentials lack permission to call ListExportTasks (HTTP 403, APIGW.0302)`,
    },
    throttled: { providerCode: 'APIGW.0308', requestId: true, message: `${NAME} throttled the request (HTTP 429, APIGW.0308)` },
    serverError: {
      providerCode: 'WKS.00000001',
      requestId: true,
      message: `${NAME} is unavailable (HTTP 500, WKS.00000001): Internal server error.`,
    },
    malformed: { providerCode: null, requestId: true, message: `${NAME} sent an unexpected response: the body is not JSON` },
    missingFields: {
      providerCode: null,
      requestId: true,
      message: `${NAME} sent an unexpected response: expected export_tasks to be an array, but it is missing`,
    },
    timeout: { providerCode: null, requestId: false, message: `${NAME} did not answer within 300 ms` },
    reset: { providerCode: null, requestId: false, message: `${NAME} could not be reached: connection failed or was reset` },
  },
};

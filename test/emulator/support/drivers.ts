import type { ProviderId } from '../../../src/domain/provider-id';
import type { EmulatorAccount, EmulatorHandle } from '../../../src/emulator';
import { type Answer, callAlibaba, type CallOptions, callTcss, callWorkspace } from './signed-fetch';

/** An expected error: HTTP status and provider code. */
export type ExpectedError = readonly [status: number, code: string];

/** What a conformance test needs to know to speak to one provider's emulator. */
export interface Driver {
  readonly provider: ProviderId;
  /** A valid provider task id, distinct per `n`. */
  taskId(n: number): string;
  /** Asks about one task (Huawei: lists with a `task_id` filter). */
  read(handle: EmulatorHandle, account: EmulatorAccount, taskId: string, options: CallOptions): Promise<Answer>;
  /** The provider error code in an answer; undefined for a success. */
  errorCode(answer: Answer): string | undefined;
  /** The request id the answer carries. */
  requestId(answer: Answer): string | undefined;
  /** The task's wire status and progress in a success answer; undefined when the answer holds no task. */
  view(answer: Answer): { readonly status: string; readonly progress: number | undefined } | undefined;
  /** The wire status per neutral phase. */
  readonly statuses: { pending: string; running: string; succeeded: string; failed: string; expired: string };
  readonly errors: {
    unknownKey: ExpectedError;
    badSignature: ExpectedError;
    stale: ExpectedError;
    forbidden: ExpectedError;
    throttle: ExpectedError;
    serverError: ExpectedError;
    /** Undefined: the provider lists nothing (Huawei). */
    notFound: ExpectedError | undefined;
  };
}

const alibabaIds = (n: number) => String(9_007_199_254_740_993n + BigInt(n)); // beyond 2^53 on purpose

function alibabaDriver(provider: 'alibaba-sas' | 'alibaba-siem'): Driver {
  const sas = provider === 'alibaba-sas';
  const api = sas ? { action: 'DescribeExportInfo', version: '2018-12-03' } : { action: 'GetExportTask', version: '2024-12-12' };
  return {
    provider,
    taskId: alibabaIds,
    read: (handle, account, taskId, options) =>
      callAlibaba(
        handle.url,
        { accessKeyId: account.accessKeyId, accessKeySecret: account.secret },
        api,
        { ExportId: taskId },
        {
          ...options,
          in: sas ? 'query' : 'form',
        },
      ),
    errorCode: (a) => (a.status === 200 ? undefined : a.json?.Code),
    requestId: (a) => a.json?.RequestId,
    view: (a) =>
      a.status === 200 && a.json?.ExportStatus !== undefined ? { status: a.json.ExportStatus, progress: a.json.Progress } : undefined,
    statuses: sas
      ? { pending: 'init', running: 'exporting', succeeded: 'success', failed: 'exporting', expired: 'success' }
      : { pending: 'exporting', running: 'exporting', succeeded: 'success', failed: 'exporting', expired: 'success' },
    errors: {
      unknownKey: [404, 'InvalidAccessKeyId.NotFound'],
      badSignature: [400, 'SignatureDoesNotMatch'],
      stale: [400, 'InvalidTimeStamp.Expired'],
      forbidden: [403, 'NoPermission'],
      throttle: sas ? [400, 'Throttling.User'] : [429, 'Throttling.Api'],
      serverError: [500, 'ServerError'],
      notFound: [404, 'ExportTaskNotExist'],
    },
  };
}

const tencent: Driver = {
  provider: 'tencent-tcss',
  taskId: (n) => `e4409223-8e92-45db-a857-${String(n).padStart(12, '0')}`,
  read: (handle, account, taskId, options) =>
    callTcss(handle.url, { secretId: account.accessKeyId, secretKey: account.secret }, JSON.stringify({ JobId: taskId }), options),
  errorCode: (a) => a.json?.Response?.Error?.Code,
  requestId: (a) => a.json?.Response?.RequestId,
  view: (a) =>
    a.json?.Response?.ExportStatus === undefined
      ? undefined
      : { status: a.json.Response.ExportStatus, progress: a.json.Response.ExportProgress },
  statuses: { pending: 'RUNNING', running: 'RUNNING', succeeded: 'SUCCESS', failed: 'FAILURE', expired: 'SUCCESS' },
  errors: {
    unknownKey: [200, 'AuthFailure.SecretIdNotFound'],
    badSignature: [200, 'AuthFailure.SignatureFailure'],
    stale: [200, 'AuthFailure.SignatureExpire'],
    forbidden: [200, 'UnauthorizedOperation'],
    throttle: [200, 'RequestLimitExceeded'],
    serverError: [200, 'InternalError'],
    notFound: [200, 'ResourceNotFound'],
  },
};

const huawei: Driver = {
  provider: 'huawei-workspace',
  taskId: (n) => `7d8f0c2e-task-${n}`,
  read: (handle, account, taskId, options) =>
    callWorkspace(handle.url, { ak: account.accessKeyId, sk: account.secret }, account.projectId ?? 'p', { task_id: taskId }, options),
  errorCode: (a) => (a.status === 200 ? undefined : a.json?.error_code),
  requestId: (a) => a.headers.get('x-request-id') ?? undefined,
  view: (a) => {
    const row = a.json?.export_tasks?.[0];
    return row === undefined ? undefined : { status: row.status, progress: undefined };
  },
  statuses: { pending: 'CREATING', running: 'CREATING', succeeded: 'SUCCESS', failed: 'FAIL', expired: 'EXPIRED' },
  errors: {
    unknownKey: [401, 'APIGW.0301'],
    badSignature: [401, 'APIGW.0301'],
    stale: [401, 'APIGW.0301'],
    forbidden: [403, 'APIGW.0302'],
    throttle: [429, 'APIGW.0308'],
    serverError: [500, 'WKS.00000001'],
    notFound: undefined,
  },
};

/** Every provider's driver, for suites that all emulators run. */
export const DRIVERS: readonly Driver[] = [alibabaDriver('alibaba-sas'), alibabaDriver('alibaba-siem'), tencent, huawei];

/** The accounts every suite uses. */
export const OWNER: EmulatorAccount = { accountId: '1001', accessKeyId: 'AKIDowner', secret: 'owner-secret', projectId: 'proj-owner' };
export const OTHER: EmulatorAccount = { accountId: '1002', accessKeyId: 'AKIDother', secret: 'other-secret', projectId: 'proj-other' };
export const FORBIDDEN: EmulatorAccount = {
  accountId: '1003',
  accessKeyId: 'AKIDforbidden',
  secret: 'forbidden-secret',
  projectId: 'proj-forbidden',
  forbidden: true,
};
export const ACCOUNTS: readonly EmulatorAccount[] = [OWNER, OTHER, FORBIDDEN];
/** Credentials no emulator knows. */
export const STRANGER: EmulatorAccount = {
  accountId: '9999',
  accessKeyId: 'AKIDstranger',
  secret: 'stranger-secret',
  projectId: 'proj-owner',
};

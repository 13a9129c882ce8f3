import { parseTc3Authorization } from '../../signing/tc3';
import type { EmulatorContext, ProviderEmulator } from '../provider-emulator';
import { SlidingWindowQuota } from '../sliding-window-quota';
import { type SimulatedTask, taskStateAt } from '../task-simulation';
import type { UnknownTaskAnswer } from '../unknown-task';
import { newRequestId, type ReceivedRequest, type WireHandler, type WireResponse } from '../wire';
import { verifyTc3 } from './tc3-verification';
import { tcssError, TcssErrorCode, type TcssExportResult, tcssMalformed, tcssMissingFields, tcssSuccess } from './tcss-envelope';

export const TCSS_ACTION = 'DescribeExportJobResult';
export const TCSS_VERSION = '2020-11-01';
/** The documented quota of DescribeExportJobResult: 20 requests per second, here per SecretId. */
export const TCSS_REQUESTS_PER_SECOND = 20;

/**
 * Tencent Cloud Container Security, DescribeExportJobResult: `POST /` with a JSON body `{"JobId"}`, TC3
 * signature, every error an HTTP 200 envelope. Over 20 admitted requests of one SecretId in any sliding
 * second (on the wall clock) answer `RequestLimitExceeded`. Pending tasks read RUNNING at 0%; Tencent has
 * no expired state, so an expired task still reads SUCCESS. An unknown (or foreign) job is answered in the
 * shape `context.answers.unknownTask` names; an action or version it does not serve, `InvalidAction` or
 * `NoSuchVersion`.
 */
export const tencentTcssEmulator: ProviderEmulator = {
  createHandler(context: EmulatorContext): WireHandler {
    const quota = new SlidingWindowQuota(context.quotaPerSecond ?? TCSS_REQUESTS_PER_SECOND, 1000);
    return {
      identify(request) {
        const jobId = readJobId(request.body);
        return { accessKeyId: readSecretId(request), taskIds: jobId === undefined ? [] : [jobId] };
      },
      handle: (request) => handle(request, context, quota),
      renderFault(kind): WireResponse {
        const requestId = newRequestId();
        switch (kind) {
          case 'server-error':
            return tcssError(TcssErrorCode.InternalError, 'An internal error has occurred. Retry your request.', requestId);
          case 'throttle':
            return tcssError(TcssErrorCode.RequestLimitExceeded, 'Your request frequency has exceeded the limit.', requestId);
          case 'malformed':
            return tcssMalformed();
          case 'missing-fields':
            return tcssMissingFields(requestId);
          case 'no-such-action':
            return tcssError(TcssErrorCode.InvalidAction, noSuchAction(TCSS_ACTION), requestId);
        }
      },
    };
  },
};

function handle(request: ReceivedRequest, context: EmulatorContext, quota: SlidingWindowQuota): WireResponse {
  const requestId = newRequestId();
  const error = (code: TcssErrorCode, message: string) => tcssError(code, message, requestId);
  if (request.method !== 'POST' || request.path !== '/') {
    return error(TcssErrorCode.InvalidParameter, `Only POST / is supported but got: ${request.method} ${request.path}.`);
  }
  const action = request.headers['x-tc-action'];
  if (action === undefined) return error(TcssErrorCode.MissingParameter, 'The request is missing a required parameter `X-TC-Action`.');
  if (action !== TCSS_ACTION) return error(TcssErrorCode.InvalidAction, noSuchAction(action));
  const version = request.headers['x-tc-version'];
  if (version === undefined) return error(TcssErrorCode.MissingParameter, 'The request is missing a required parameter `X-TC-Version`.');
  if (version !== TCSS_VERSION) return error(TcssErrorCode.NoSuchVersion, `The requested version \`${version}\` of tcss does not exist.`);

  const now = context.wallClock.now();
  const verdict = verifyTc3(request, context.accounts, now);
  if (!verdict.ok) return error(verdict.code, verdict.message);
  const { account } = verdict;
  if (account.forbidden) {
    return error(TcssErrorCode.UnauthorizedOperation, `The caller is not authorized to perform tcss:${TCSS_ACTION}.`);
  }
  if (!quota.tryAdmit(account.accessKeyId, now)) {
    return error(
      TcssErrorCode.RequestLimitExceeded,
      `Your request frequency has exceeded the limit of ${TCSS_REQUESTS_PER_SECOND} per second.`,
    );
  }

  const body = parseObject(request.body);
  if (body === undefined) return error(TcssErrorCode.InvalidParameter, 'The request body must be a JSON object.');
  const jobId = body['JobId'];
  if (jobId === undefined || jobId === null || jobId === '') {
    return error(TcssErrorCode.MissingParameter, 'The request is missing a required parameter `JobId`.');
  }
  if (typeof jobId !== 'string') return error(TcssErrorCode.InvalidParameter, `JobId must be a string but got: ${JSON.stringify(jobId)}.`);
  const task = context.tasks.get(jobId);
  if (task === undefined || task.accountId !== account.accountId) return unknownJob(context.answers.unknownTask, jobId, requestId);
  return tcssSuccess(render(task, context.clock.now()), requestId);
}

function noSuchAction(action: string): string {
  return `The requested action \`${action}\` does not exist.`;
}

/** An unknown (or foreign) job, in the shape the emulator was told to use (`UNKNOWN_TASK_ANSWERS`). */
function unknownJob(answer: UnknownTaskAnswer, jobId: string, requestId: string): WireResponse {
  switch (answer) {
    case 'InvalidParameter':
      return tcssError(TcssErrorCode.InvalidParameter, `The parameter JobId is invalid: no export job \`${jobId}\`.`, requestId);
    case 'InvalidParameterValue':
      return tcssError(TcssErrorCode.InvalidParameterValue, `The value of JobId \`${jobId}\` is invalid.`, requestId);
    case 'InvalidParameterValue.DataNotFound':
      return tcssError(TcssErrorCode.DataNotFound, `The current data was not found: export job \`${jobId}\`.`, requestId);
    default:
      return tcssError(TcssErrorCode.ResourceNotFound, `The export job \`${jobId}\` does not exist.`, requestId);
  }
}

function render(task: SimulatedTask, now: number): TcssExportResult {
  const state = taskStateAt(task, now);
  const progress = Math.round(state.progress * 100) / 100;
  const fileName = task.fileName ?? `export_${task.id}.xlsx`;
  switch (state.phase) {
    case 'pending':
    case 'running':
      return { ExportStatus: task.rawStatus ?? 'RUNNING', DownloadURL: '', ExportProgress: progress, FailureMsg: '' };
    case 'failed':
      return {
        ExportStatus: task.rawStatus ?? 'FAILURE',
        DownloadURL: '',
        ExportProgress: progress,
        FailureMsg: task.failureReason ?? 'export failed',
      };
    case 'succeeded':
    case 'expired':
      return {
        ExportStatus: task.rawStatus ?? 'SUCCESS',
        DownloadURL: `https://tcss-export-1250000000.cos.ap-guangzhou.myqcloud.com/${encodeURIComponent(fileName)}`,
        ExportProgress: 100,
        FailureMsg: '',
      };
  }
}

function parseObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function readJobId(body: Buffer): string | undefined {
  const jobId = parseObject(body)?.['JobId'];
  return typeof jobId === 'string' ? jobId : undefined;
}

function readSecretId(request: ReceivedRequest): string | undefined {
  const header = request.headers['authorization'];
  try {
    return header === undefined ? undefined : parseTc3Authorization(header)?.secretId;
  } catch {
    return undefined;
  }
}

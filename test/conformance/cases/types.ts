import type { ProviderId } from '../../../src/domain/provider-id';
import type { EmulatedTaskSpec, UnknownTaskAnswer } from '../../../src/emulator';

/** An `ExportTask` as the conformance documents select it, minus what every case shares (id, provider, observedAt, requestId). */
export interface NormalizedTask {
  readonly status: string;
  readonly providerStatus: string;
  readonly terminal: boolean;
  readonly progress: number | null;
  readonly fileName: string | null;
  readonly downloadUrl: string | null;
  readonly exportType: string | null;
  readonly exportedCount: number | null;
  readonly totalCount: number | null;
  readonly message: string | null;
  readonly failureReason: string | null;
  readonly errorCode: string | null;
  readonly downloaded: boolean | null;
  /** ISO-8601 UTC, as the DateTime scalar writes it. */
  readonly createdAt: string | null;
  readonly finishedAt: string | null;
}

/**
 * One row of a provider's mapping table: a task the emulator simulates (times relative to `now`, the
 * simulated clock when the suite starts) and exactly what the service must answer for it.
 */
export interface StateCase {
  /** What the row shows, e.g. `init → PENDING`. */
  readonly name: string;
  readonly spec: (now: number) => Omit<EmulatedTaskSpec, 'id' | 'accountId'>;
  readonly expected: (now: number, taskId: string) => NormalizedTask;
}

/** What an upstream error must carry: the provider's own code and whether the provider sent a request id. */
export interface ExpectedError {
  /** `extensions.providerCode`, exactly; null when the provider sends no code for this failure. */
  readonly providerCode: string | null;
  /** Whether `extensions.requestId` is set (it then matches the case's `requestIdPattern`). */
  readonly requestId: boolean;
  /** The error message, exactly (`{id}` stands for the provider task id asked for). */
  readonly message: string;
}

/** How one shape of the answer to an unknown id must read: its code (never retryable, so final) and error. */
export interface UnknownTaskCase {
  /** One of `UNKNOWN_TASK_ANSWERS[provider]`. */
  readonly answer: UnknownTaskAnswer;
  /** `extensions.code`: NOT_FOUND, or BAD_USER_INPUT where the provider refuses the id as a bad parameter. */
  readonly code: 'NOT_FOUND' | 'BAD_USER_INPUT';
  readonly error: ExpectedError;
}

/** Everything the provider conformance suite needs to know about one provider. */
export interface ProviderCase {
  readonly provider: ProviderId;
  /** A valid provider task id, distinct per `n`. */
  taskId(n: number): string;
  /** Whether the provider lists tasks (`Provider.exportTasks`); the others answer UNSUPPORTED_OPERATION. */
  readonly listing: boolean;
  /** The shape of the provider's request ids. */
  readonly requestIdPattern: RegExp;
  /** Every status the emulator can produce, in lifecycle order. */
  readonly states: readonly StateCase[];
  /** A task whose wire status is `PAUSED_BY_OPS`, which no provider documents. */
  readonly unknownStatus: StateCase;
  /** Every shape of `UNKNOWN_TASK_ANSWERS[provider]`, each as it must read. */
  readonly unknownTaskAnswers: readonly UnknownTaskCase[];
  readonly errors: {
    readonly notFound: ExpectedError;
    readonly badSecret: ExpectedError;
    readonly unknownKey: ExpectedError;
    readonly forbidden: ExpectedError;
    readonly throttled: ExpectedError;
    readonly serverError: ExpectedError;
    readonly malformed: ExpectedError;
    readonly missingFields: ExpectedError;
    readonly timeout: ExpectedError;
    readonly reset: ExpectedError;
    /** The answer to an action the endpoint does not serve (the `no-such-action` fault): PROVIDER_MISCONFIGURED. */
    readonly misconfigured: ExpectedError;
  };
}

/** The fields a provider never reports, as null; a case spreads it and sets the rest. */
export const NOTHING: NormalizedTask = {
  status: 'UNKNOWN',
  providerStatus: '',
  terminal: false,
  progress: null,
  fileName: null,
  downloadUrl: null,
  exportType: null,
  exportedCount: null,
  totalCount: null,
  message: null,
  failureReason: null,
  errorCode: null,
  downloaded: null,
  createdAt: null,
  finishedAt: null,
};

/** ISO-8601 of epoch ms, as the DateTime scalar writes it. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** One second, one minute and one hour of simulated time, in ms. */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/**
 * The unknown-id cases of an Alibaba product (`name`: its display name): each plausible 404 code is
 * NOT_FOUND with the product's message. SAS and SIEM share the POP gateway, and with it these answers.
 */
export function alibabaUnknownTaskAnswers(name: string): UnknownTaskCase[] {
  return (['ExportTaskNotExist', 'InvalidExportId.NotFound', 'ExportTask.NotFound', 'ResourceNotFound'] as const).map((code) => ({
    answer: code,
    code: 'NOT_FOUND' as const,
    error: {
      providerCode: code,
      requestId: true,
      message: `${name} has no export task "{id}" (HTTP 404, ${code}): The export task {id} does not exist.`,
    },
  }));
}

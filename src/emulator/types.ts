import type { ProviderId } from '../domain/provider-id';
import type { Clock } from '../time/clock';
import type { UnknownTaskAnswer } from './unknown-task';

/** A provider account the emulator knows: who may call it, with which key, and what it may do. */
export interface EmulatorAccount {
  /** The account that owns tasks (`EmulatedTaskSpec.accountId`). */
  readonly accountId: string;
  /** Tencent SecretId / Alibaba AccessKeyId / Huawei AK. Unique within one emulator. */
  readonly accessKeyId: string;
  /** Tencent SecretKey / Alibaba AccessKeySecret / Huawei SK. */
  readonly secret: string;
  /**
   * Huawei only: the account's project id. When set, the `{project_id}` path segment (and an `X-Project-Id`
   * header, when sent) must equal it, else 403 `APIGW.0302`. When unset, any project id is accepted.
   */
  readonly projectId?: string;
  /** Credentials are valid but lack permission: the provider's permission-denied error on every call. */
  readonly forbidden?: boolean;
  /**
   * Alibaba only: member account ids this account may act for through SAS `ResourceDirectoryAccountId` or
   * SIEM `RoleFor`. Acting for the account's own id is always allowed; any other id is refused
   * (SAS 400 `RdCheckNoPermission`, SIEM 403 `NoPermission`). Default: none.
   */
  readonly memberAccountIds?: readonly string[];
}

/** One export task as the emulator simulates it. Times are epoch milliseconds on the emulator's `clock`. */
export interface EmulatedTaskSpec {
  /**
   * The provider's task id. Alibaba: a non-negative decimal int64 without leading zeros, kept as a string
   * (it may exceed 2^53). Tencent, Huawei: any non-empty string.
   */
  readonly id: string;
  /** The owning account; other accounts get the provider's not-found behaviour. */
  readonly accountId: string;
  /** Export file name; default `export_<id>.xlsx` (`.csv` for Huawei). */
  readonly fileName?: string;
  /** SIEM `ExportType`; default `incident_list`. */
  readonly exportType?: string;
  /** Creation time; default `clock.now()` when the task is added. */
  readonly createdAt?: number;
  /** Time spent pending before running (SAS `init`; other providers report it as running at 0%). Default 0. */
  readonly startDelayMs?: number;
  /** Time from 0% to 100%; progress is linear in simulated time. Default 60_000. */
  readonly durationMs?: number;
  /**
   * How the task ends, at the end of `durationMs`; default `success`. Tencent answers `FAILURE` with
   * `FailureMsg`, Huawei `FAIL` with `fail_reason`/`error_code`. SAS and SIEM document no failure value:
   * there a `failure` task stays `exporting` for ever, its progress held at 99.
   */
  readonly outcome?: 'success' | 'failure';
  /**
   * The progress (0..100) a `failure` task reaches: it progresses linearly to it over `durationMs`, then
   * fails, and reports it with its failure (Tencent `ExportProgress` on `FAILURE`; SAS and SIEM hold a
   * failed task `exporting` there). Default 99: it failed short of finishing.
   */
  readonly failedAtProgress?: number;
  /** Tencent `FailureMsg` / Huawei `fail_reason` of a failed task; default `export failed`. */
  readonly failureReason?: string;
  /** Huawei `error_code` of a failed task; default `WKS.00000003`. */
  readonly errorCode?: string;
  /** Huawei: `SUCCESS` becomes `EXPIRED` this long after finishing. Default: never. Other providers ignore it. */
  readonly expireAfterMs?: number;
  /** SAS `TotalCount`; `CurrentCount` grows with progress. Default 100. */
  readonly totalCount?: number;
  /** Huawei `is_download`. Default false. A repeating task's run shows it only once that run has succeeded. */
  readonly downloaded?: boolean;
  /**
   * Repeats the task for ever: every `repeatEveryMs` from `createdAt` the task starts again under the same
   * id, as a new export (created then, pending for `startDelayMs`, running from 0% for `durationMs`, then its
   * `outcome`; a success may expire `expireAfterMs` later if the next run has not started by then). Must
   * exceed `startDelayMs + durationMs`, so that every run ends before the next. Default: it runs once.
   */
  readonly repeatEveryMs?: number;
  /** Forces this verbatim wire status (to test unknown values); progress still follows the timeline. */
  readonly rawStatus?: string;
  /**
   * Huawei: write `create_time`/`end_time` in the documentation sample's quoted form
   * `2022-03-28'T'00:00:00.000Z` instead of `2022-03-28T00:00:00.000Z`. Default false.
   */
  readonly quotedTimes?: boolean;
}

/** A fault the emulator applies to the requests it receives, before any other processing. */
export type Fault =
  /** Delay the answer by `ms` milliseconds of real time; combines with every other fault. */
  | { readonly kind: 'latency'; readonly ms: number }
  /** The provider's 5xx / internal-error envelope. */
  | { readonly kind: 'server-error' }
  /** The provider's own throttling code and HTTP status. */
  | { readonly kind: 'throttle' }
  /** Destroy the socket without answering. */
  | { readonly kind: 'reset' }
  /** HTTP 200 with a body that is not valid JSON. */
  | { readonly kind: 'malformed' }
  /** HTTP 200 with valid JSON lacking the fields the success response requires. */
  | { readonly kind: 'missing-fields' }
  /** Never answer, until the faults are cleared (then the request is answered normally) or the emulator disposed. */
  | { readonly kind: 'hang' }
  /**
   * Answer as an endpoint that does not serve the action (a wrong endpoint, version or path), whatever
   * was asked: Alibaba 404 `InvalidAction.NotFound`, Tencent `InvalidAction`, Huawei 404 `APIGW.0101`, the
   * answers each gives a request for an action it does not serve.
   */
  | { readonly kind: 'no-such-action' };

/**
 * Switches faults on and off. Latency faults all apply together (their delays add up). Of the other kinds,
 * the one injected first that is still active answers the request: faults queue in injection order, so
 * `throttle ×2` then `server-error ×1` answers throttle, throttle, server-error, then normally.
 */
export interface FaultController {
  /**
   * Activates `fault`. `times`: the number of requests it applies to (a positive integer); default: every
   * request until `clear()`.
   */
  inject(fault: Fault, options?: { readonly times?: number }): void;
  /** Deactivates every fault; requests held by `hang` are released and answered normally. */
  clear(): void;
}

/** One request the emulator received. */
export interface RecordedRequest {
  /** Arrival time, epoch milliseconds on the emulator's `wallClock`. */
  readonly at: number;
  /** The key id named by the Authorization header (even if invalid); undefined when none could be read. */
  readonly accessKeyId: string | undefined;
  /** The path the request arrived at, percent-decoded, path prefix included, e.g. `/cloud-proxy/v1/`. */
  readonly path: string;
  /** The task ids the request asked about (Huawei: the `task_id` filter, if any). */
  readonly taskIds: readonly string[];
  /**
   * `ok`, or the error code answered (e.g. `RequestLimitExceeded`, `APIGW.0301`), or the fault applied without
   * a code: `reset`, `hang` (while held), `malformed`, `missing-fields`; `not-routed` for a path outside
   * `EmulatorOptions.pathPrefix`; `pending` while being answered.
   */
  readonly outcome: string;
}

/** What the emulator received, in arrival order. */
export interface RequestStats {
  /** A snapshot of the recorded requests. */
  readonly requests: readonly RecordedRequest[];
  /** Number of requests received since the last `reset()`. */
  total(): number;
  /** Number of requests that asked for `taskId`. */
  forTask(taskId: string): number;
  /** Forgets every recorded request. */
  reset(): void;
}

/** The tasks an emulator serves; changes take effect on the next request. */
export interface TaskStore {
  /** Adds a task; throws if the id is already present or the spec is invalid. */
  add(spec: EmulatedTaskSpec): void;
  /** Removes a task; unknown ids are ignored. */
  remove(id: string): void;
  /** The task with this id (`createdAt` filled in), if any. */
  get(id: string): EmulatedTaskSpec | undefined;
  /** Every task, in insertion order. */
  list(): readonly EmulatedTaskSpec[];
}

/** A running emulator. */
export interface EmulatorHandle {
  readonly provider: ProviderId;
  /**
   * The endpoint to configure: `http://host:port` and the path prefix, without a trailing slash, e.g.
   * `http://127.0.0.1:41234` or `http://127.0.0.1:41234/cloud-proxy/v1`.
   */
  readonly url: string;
  readonly tasks: TaskStore;
  readonly faults: FaultController;
  readonly stats: RequestStats;
  /**
   * From the next request on, answers a task id it does not know (or another account's) in this shape,
   * one of `UNKNOWN_TASK_ANSWERS[provider]`; throws for any other.
   */
  setUnknownTask(answer: UnknownTaskAnswer): void;
  /** Closes the server and every open socket, including those of hung requests. Idempotent. */
  dispose(): Promise<void>;
}

/** Options of `startEmulator`. */
export interface EmulatorOptions {
  /** The accounts that may call; their `accessKeyId`s must be unique. */
  readonly accounts: readonly EmulatorAccount[];
  /** Tasks present from the start. */
  readonly tasks?: readonly EmulatedTaskSpec[];
  /** Simulated time, for task progress. Default `systemClock`. */
  readonly clock?: Clock;
  /** Real time, for signature timestamps, nonces and Tencent's per-second quota. Default `systemClock`. */
  readonly wallClock?: Clock;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0: any free port. */
  readonly port?: number;
  /**
   * Serve the API under this path, as behind a proxy: `/cloud-proxy/v1` serves `POST /cloud-proxy/v1/`
   * (Alibaba, Tencent) or `GET /cloud-proxy/v1/v2/{project_id}/export-tasks` (Huawei), and verifies
   * signatures over that full path; any path outside `<pathPrefix>/` is refused with a bare 404, as a
   * proxy with no route would, before faults and signatures. Segments of letters, digits, `-`, `.`, `_`,
   * `~`, no trailing slash. Default: none (the API at `/`).
   */
  readonly pathPrefix?: string;
  /**
   * Requests per sliding second admitted per key id where the provider documents a quota (Tencent:
   * 20). Raise it to test batching concurrency apart from quota keeping. Default: the documented one.
   */
  readonly quotaPerSecond?: number;
  /**
   * How a task id the emulator does not know (or another account's) is answered: one of
   * `UNKNOWN_TASK_ANSWERS[provider]` (the providers do not document it). Default: the list's first
   * (Tencent `ResourceNotFound`, Alibaba 404 `ExportTaskNotExist`, Huawei an empty list).
   */
  readonly unknownTask?: UnknownTaskAnswer;
}

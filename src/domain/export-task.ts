import type { ProviderId } from './provider-id';

/** Lifecycle of an export task, the same across providers (`ExportStatus` in schema/schema.graphql). */
export enum ExportStatus {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  EXPIRED = 'EXPIRED',
  UNKNOWN = 'UNKNOWN',
}

/** True for states that will not change any more. */
export function isTerminal(status: ExportStatus): boolean {
  return status === ExportStatus.SUCCEEDED || status === ExportStatus.FAILED || status === ExportStatus.EXPIRED;
}

/**
 * One normalized observation of a provider's export task: what a provider mapping produces from one
 * upstream read. Times are epoch milliseconds (UTC). Fields a provider does not report are `null`.
 */
export interface ExportTaskState {
  readonly provider: ProviderId;
  /** The provider's task id verbatim (Alibaba int64 ids as decimal strings, never through a JS number). */
  readonly providerTaskId: string;
  readonly status: ExportStatus;
  /** The provider's own status value, verbatim. */
  readonly providerStatus: string;
  /** 0..100, or null where the provider reports none. */
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
  /** Epoch ms. */
  readonly createdAt: number | null;
  /** Epoch ms. */
  readonly finishedAt: number | null;
  /** Epoch ms: when this state was read from the provider. */
  readonly observedAt: number;
  /** The provider's request id of the read that produced this state. */
  readonly requestId: string | null;
}

/** The global id of a task: `<providerId>:<providerTaskId>` (README, "Querying"). */
export function taskGlobalId(provider: ProviderId, providerTaskId: string): string {
  return `${provider}:${providerTaskId}`;
}

import type { ServiceError } from '../errors/service-error';
import type { ExportTaskState } from '../providers/export-task';
import type { ProviderId } from '../providers/provider-id';
import type { TenantRuntime } from '../tenancy/tenant-runtime';

/** A task a subscriber watches. */
export interface WatchedTask {
  /** The global id as the subscriber wrote it. */
  readonly id: string;
  readonly provider: ProviderId;
  readonly providerTaskId: string;
}

/** One event of `exportTaskUpdates` before it becomes GraphQL: mirrors `ExportTaskUpdate`. */
export interface TaskUpdateEvent {
  readonly id: string;
  /** Latest known state; null only if it was never read. */
  readonly state: ExportTaskState | null;
  /** Set when the latest read failed. */
  readonly error: ServiceError | null;
  /** The last event for this id. */
  readonly final: boolean;
}

/** Live task updates for subscriptions (CONTRACT.md section 3, "Subscriptions"). */
export interface LiveUpdates {
  /**
   * The stream of one subscription: the current state of each task first, then each change, until
   * every task is final; then it completes. The caller has validated the ids and the tenant's providers.
   */
  watch(tenant: TenantRuntime, tasks: readonly WatchedTask[]): AsyncIterableIterator<TaskUpdateEvent>;
  /** Subscription streams open in this process. */
  readonly activeStreams: number;
  /** Tasks this process is polling now. */
  readonly activePollers: number;
  /** Stops every poller and ends every stream. */
  dispose(): Promise<void>;
}

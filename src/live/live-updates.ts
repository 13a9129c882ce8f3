import type { ExportTaskState } from '../domain/export-task';
import type { TaskRef } from '../domain/task-ref';
import type { CallOrigin } from '../observability/trace';
import type { TaskEvent } from './task-event';

/**
 * Where the states of watched tasks come from, bound to one tenant by the caller (the task service):
 * live/ knows neither the cache nor the gateways behind it.
 */
export interface TaskSource {
  /** The tenant: part of every topic, so tenants never share a channel. */
  readonly tenantId: string;
  /**
   * Reads a task: a poller's `first` read may be served from the shared cache, later ones go upstream.
   * `signal` aborts when the poller stops: a read nobody else waits for is then dropped. `origin` holds
   * the poll's span while tracing (the upstream attempts are its children).
   */
  read(
    task: TaskRef,
    options: { readonly first: boolean; readonly signal: AbortSignal; readonly origin?: CallOrigin | undefined },
  ): Promise<ExportTaskState>;
  /** Estimated completion (epoch ms) of an observed state, or null. */
  estimate(state: ExportTaskState): number | null;
}

/** Live task updates for subscriptions (README, "Subscribing: live progress"). */
export interface LiveUpdates {
  /**
   * The stream of one subscription over distinct, validated tasks: the current state of each task
   * first, then each change, until every task is final; then it completes.
   */
  watch(source: TaskSource, tasks: readonly TaskRef[]): AsyncIterableIterator<TaskEvent>;
  /** Subscription streams open in this process. */
  readonly activeStreams: number;
  /** Tasks this process is polling now. */
  readonly activePollers: number;
  /** Stops every poller and ends every stream. */
  dispose(): void;
}

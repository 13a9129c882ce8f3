import DataLoader from 'dataloader';

import type { ExportTaskState } from '../domain/export-task';
import type { ProviderId } from '../domain/provider-id';
import type { TaskRef } from '../domain/task-ref';
import { type ServiceError, toServiceError } from '../errors/service-error';
import type { LiveUpdates, TaskSource } from '../live/live-updates';
import type { TaskEvent } from '../live/task-event';
import type { CompletionEstimator } from '../loading/completion-estimator';
import type { ReadOptions, TaskCache } from '../loading/task-cache';
import type { ListPage, ListQuery } from '../providers/provider';
import type { TenantRuntime } from '../tenancy/tenant-runtime';
import type { Clock } from '../time/clock';

/**
 * What the GraphQL layer may do with export tasks, for one tenant and one operation: the narrow port
 * between resolvers and everything below them. Built per operation (its loader batches and dedupes
 * within the operation only); every id arrives validated, as a `TaskRef`.
 */
export interface TaskService {
  /** One task's state, through the operation's loader and the shared cache. */
  load(task: TaskRef): Promise<ExportTaskState>;
  /** Several tasks' states in their order; a task that cannot be read is its `ServiceError`. */
  loadMany(tasks: readonly TaskRef[]): Promise<Array<ExportTaskState | ServiceError>>;
  /** A page of the provider's listing; the states listed refresh the shared cache. */
  list(provider: ProviderId, query: ListQuery): Promise<ListPage>;
  /**
   * The live stream of distinct tasks (repeats are watched once); `PROVIDER_NOT_CONFIGURED` for the first
   * task whose provider the tenant has no credentials for, before any stream starts.
   */
  watch(tasks: readonly TaskRef[]): AsyncIterableIterator<TaskEvent>;
  /** Estimated completion (epoch ms) of a state, or null. */
  estimate(state: ExportTaskState): number | null;
}

/** The process-wide parts every task service uses. */
export interface TaskServiceDeps {
  readonly cache: TaskCache;
  readonly estimator: CompletionEstimator;
  readonly live: LiveUpdates;
  readonly clock: Clock;
  /** How long an operation may wait for its reads, ms: then the fields still waiting fail with PROVIDER_TIMEOUT. */
  readonly operationTimeoutMs: number;
}

/** The reason an operation's signal aborts when its caller went away: nobody waits for its reads any more. */
export class CallerGone extends Error {
  override readonly name = 'CallerGone';
  constructor() {
    super('The caller went away');
  }
}

/** Most keys one loader batch holds. */
const MAX_BATCH = 1000;

/**
 * Builds the task service of one operation of `tenant`. An id asked for many times in the operation
 * costs one read; all ids of a batch are read concurrently (bounded per provider by the gateway's
 * bulkhead); failures are returned per id. `signal` is the operation's caller: when it goes, its reads
 * stop waiting, and upstream calls nobody else waits for are dropped before they are sent. The
 * operation has `operationTimeoutMs` from now for its reads.
 */
export function createTaskService(tenant: TenantRuntime, deps: TaskServiceDeps, signal?: AbortSignal): TaskService {
  const { cache, estimator, live, clock } = deps;
  const deadline = clock.now() + deps.operationTimeoutMs;
  const read: ReadOptions = { priority: 'interactive', signal, deadline };
  const loader = new DataLoader<TaskRef, ExportTaskState, string>(
    (tasks) =>
      Promise.all(
        tasks.map(async (task) => {
          try {
            return await cache.read(tenant, task, read);
          } catch (e) {
            return toServiceError(e);
          }
        }),
      ),
    { maxBatchSize: MAX_BATCH, cacheKeyFn: (task) => task.id },
  );
  const estimate = (state: ExportTaskState): number | null => estimator.estimate(tenant.id, state);
  return {
    load: (task) => loader.load(task),
    async loadMany(tasks) {
      const results = await loader.loadMany(tasks);
      return results.map((r) => (r instanceof Error ? toServiceError(r) : r));
    },
    async list(provider, query) {
      const page = await tenant.gateway(provider).list(query, { signal, maxWaitMs: deadline - clock.now() });
      for (const state of page.tasks) cache.store(tenant.id, state);
      return page;
    },
    watch(tasks) {
      for (const t of tasks) tenant.requireConfigured(t.provider);
      const distinct = [...new Map(tasks.map((t) => [t.id, t])).values()];
      // Polls wait behind queries for the tenant's budget, the first read of a new subscription too:
      // a tenant subscribing to many tasks at once cannot hold up its own (or anyone's) queries.
      const source: TaskSource = {
        tenantId: tenant.id,
        read: (task, { first, signal: poller }) =>
          first
            ? cache.read(tenant, task, { priority: 'background', signal: poller })
            : cache.readThrough(tenant, task, { priority: 'background', signal: poller }),
        estimate,
      };
      return live.watch(source, distinct);
    },
    estimate,
  };
}

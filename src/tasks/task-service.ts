import { setMaxListeners } from 'node:events';

import DataLoader from 'dataloader';

import type { ExportTaskState } from '../domain/export-task';
import type { ProviderId } from '../domain/provider-id';
import type { TaskRef } from '../domain/task-ref';
import { type ServiceError, toServiceError } from '../errors/service-error';
import type { LiveUpdates, TaskSource } from '../live/live-updates';
import type { TaskEvent } from '../live/task-event';
import type { CompletionEstimator } from '../loading/completion-estimator';
import type { ReadOptions, TaskCache } from '../loading/task-cache';
import type { CallOrigin } from '../observability/trace';
import type { ListPage, ListQuery } from '../providers/provider';
import { deadlineReason } from '../tenancy/abandoned';
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

/**
 * Learns every task state an operation used (each distinct id once), and whether it used anything else
 * (a failed read, a listing, a live stream): what a response cache needs to know of an operation.
 */
export interface ReadRecorder {
  /** The operation used `state` for `task`. */
  read(task: TaskRef, state: ExportTaskState): void;
  /** The operation used something that is not a task state of the shared cache. */
  uncacheable(): void;
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

/**
 * How an operation learns from its transport that it is over: `listener(true)` when its caller went
 * away before it answered (the HTTP request closed unanswered, the subscription completed, the socket
 * lost), `listener(false)` once it has answered. Called at most once; at once if it is over already.
 */
export type OperationEnd = (listener: (callerGone: boolean) => void) => void;

/**
 * An operation's signal: aborts with `CallerGone` when the caller goes, or with `deadlineReason()` at
 * `deadline`; an operation that answered just stops its deadline timer (no abort to dispatch).
 */
function operationSignal(onEnd: OperationEnd | undefined, deadline: number, clock: Clock): AbortSignal {
  const controller = new AbortController();
  // Each read of the operation listens to it: as many listeners as ids (bounded by limits.idsPerOperation),
  // beyond Node's default warning threshold of 10 for an operation over 11 tasks.
  setMaxListeners(0, controller.signal);
  const timer = clock.setTimer(() => controller.abort(deadlineReason()), deadline - clock.now());
  onEnd?.((callerGone) => {
    timer.cancel();
    if (callerGone) controller.abort(new CallerGone());
  });
  return controller.signal;
}

/** Most keys one loader batch holds. */
const MAX_BATCH = 1000;

/**
 * Builds the task service of one operation of `tenant`. An id asked for many times in the operation
 * costs one read; all ids of a batch are read concurrently (bounded per provider by the gateway's
 * bulkhead); failures are returned per id. `onEnd` tells when the operation's caller goes: its reads
 * then stop waiting, and upstream calls nobody else waits for are dropped before they are sent. The
 * operation has `operationTimeoutMs` from now for its reads.
 */
export function createTaskService(
  tenant: TenantRuntime,
  deps: TaskServiceDeps,
  onEnd?: OperationEnd,
  origin?: CallOrigin,
  recorder?: ReadRecorder,
): TaskService {
  return new OperationTasks(tenant, deps, onEnd, origin, recorder);
}

/**
 * The task service of one operation, and the read options of its queries: a class, so that the warm
 * path (an answer from the cache) allocates no closures and makes no signal or timer.
 */
class OperationTasks implements TaskService, ReadOptions {
  readonly priority = 'interactive' as const;
  readonly deadline: number;
  private operation: AbortSignal | undefined;
  private readonly loader: DataLoader<TaskRef, ExportTaskState, string>;

  constructor(
    private readonly tenant: TenantRuntime,
    private readonly deps: TaskServiceDeps,
    private readonly onEnd: OperationEnd | undefined,
    /** The operation's request id and span: its upstream calls are logged and traced as its own. */
    readonly origin: CallOrigin | undefined,
    /** Told every state the operation used, when a response cache may keep its answer. */
    private readonly recorder: ReadRecorder | undefined,
  ) {
    this.deadline = deps.clock.now() + deps.operationTimeoutMs;
    // One batch of the loader is one `readMany` of the cache: what it holds fresh is served, the rest is read
    // as one batch per provider (Huawei then lists pages when that costs fewer requests than reading each id).
    this.loader = new DataLoader<TaskRef, ExportTaskState, string>((tasks) => Promise.all(this.readBatch(tasks)), {
      maxBatchSize: MAX_BATCH,
      cacheKeyFn: (task) => task.id,
    });
  }

  /**
   * The operation's signal, made at the first read that goes upstream (an answer from the cache needs
   * none): aborted when the caller goes, and at the deadline with `deadlineReason()`.
   */
  get signal(): AbortSignal {
    return (this.operation ??= operationSignal(this.onEnd, this.deadline, this.deps.clock));
  }

  private readBatch(tasks: readonly TaskRef[]): Array<Promise<ExportTaskState | ServiceError>> {
    return this.deps.cache.readMany(this.tenant, tasks, this).map((read, i) =>
      read.then(
        (state) => {
          this.recorder?.read(tasks[i]!, state);
          return state;
        },
        (e: unknown) => {
          this.recorder?.uncacheable();
          return toServiceError(e);
        },
      ),
    );
  }

  load(task: TaskRef): Promise<ExportTaskState> {
    return this.loader.load(task);
  }

  async loadMany(tasks: readonly TaskRef[]): Promise<Array<ExportTaskState | ServiceError>> {
    const results = await this.loader.loadMany(tasks);
    return results.map((r) => (r instanceof Error ? toServiceError(r) : r));
  }

  async list(provider: ProviderId, query: ListQuery): Promise<ListPage> {
    this.recorder?.uncacheable();
    const { cache, clock } = this.deps;
    const page = await this.tenant
      .gateway(provider)
      .list(query, { signal: this.signal, maxWaitMs: this.deadline - clock.now(), origin: this.origin });
    for (const state of page.tasks) cache.store(this.tenant.id, state);
    return page;
  }

  watch(tasks: readonly TaskRef[]): AsyncIterableIterator<TaskEvent> {
    this.recorder?.uncacheable();
    const { tenant } = this;
    const { cache, live, estimator } = this.deps;
    for (const t of tasks) tenant.requireConfigured(t.provider);
    const distinct = [...new Map(tasks.map((t) => [t.id, t])).values()];
    // Polls wait behind queries for the tenant's budget, the first read of a new subscription too:
    // a tenant subscribing to many tasks at once cannot hold up its own (or anyone's) queries.
    const source: TaskSource = {
      tenantId: tenant.id,
      read: (task, { first, signal, origin }) =>
        first
          ? cache.read(tenant, task, { priority: 'background', signal, origin })
          : cache.readThrough(tenant, task, { priority: 'background', signal, origin }),
      // Not this operation's: a channel outlives the subscription that opened it.
      estimate: (state) => estimator.estimate(tenant.id, state),
    };
    return live.watch(source, distinct);
  }

  estimate(state: ExportTaskState): number | null {
    return this.deps.estimator.estimate(this.tenant.id, state);
  }
}

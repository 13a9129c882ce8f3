import { LRUCache } from 'lru-cache';

import type { CacheConfig } from '../config/config';
import { type ExportTaskState, isTerminal } from '../domain/export-task';
import type { ProviderId } from '../domain/provider-id';
import type { TaskRef } from '../domain/task-ref';
import { type CacheMetrics, NO_CACHE_METRICS } from '../observability/cache-metrics';
import { type CallOrigin, linkSharedRead } from '../observability/trace';
import type { CallPriority } from '../quota/request-budget';
import { abandonedCallError, deadlineReason } from '../tenancy/abandoned';
import type { BatchItem } from '../tenancy/listing-batch';
import type { BatchCallOptions, GatewayCallOptions } from '../tenancy/provider-gateway';
import type { Clock } from '../time/clock';
import type { CompletionEstimator } from './completion-estimator';
import { taskKey } from './task-key';

/** What the cache reads through: a tenant's gateways (`TenantRuntime`). */
export interface CacheTenant {
  readonly id: string;
  gateway(provider: ProviderId): {
    read(task: TaskRef, options?: GatewayCallOptions): Promise<ExportTaskState>;
    /** The reads of one batch, one promise per item (`ProviderGateway.readMany`); absent: one `read` each. */
    readMany?(items: readonly BatchItem[], options?: BatchCallOptions): Array<Promise<ExportTaskState>>;
  };
}

/** How one reader waits for a state that is not fresh in the cache. */
export interface ReadOptions {
  /** Default `interactive`. */
  readonly priority?: CallPriority | undefined;
  /**
   * The reader's operation: when it aborts the reader leaves at once (its promise rejects: PROVIDER_TIMEOUT
   * when the reason is the operation's deadline, `deadlineReason()`); the shared upstream read is
   * abandoned, before it is sent if it still waits for its turn, when every reader left.
   */
  readonly signal?: AbortSignal | undefined;
  /** Clock time by which the reader's operation must answer: the upstream read is shed at once when its turn would only come later. */
  readonly deadline?: number | undefined;
  /**
   * Who reads: the operation (its request id and span), or a poll (its span). An upstream read shared by
   * several readers is made, logged and traced for the one that started it; a later reader's span gets a
   * link to the starter's.
   */
  readonly origin?: CallOrigin | undefined;
}

interface Entry {
  readonly state: ExportTaskState;
  /** Clock time until which the entry may be served. */
  readonly until: number;
}

/**
 * A state as the cache held it when an operation used it (`holding`): still current while the cache holds
 * that very entry for its key (not a newer state, not evicted) and within its window (`stillHeld`). What a
 * response built from cached states records, so that it is never served past any of them.
 */
export interface HeldState {
  readonly key: string;
  readonly provider: ProviderId;
  readonly entry: Entry;
}

/** One upstream read in flight, shared by its readers. */
interface Inflight {
  readonly promise: Promise<ExportTaskState>;
  /** Aborts the upstream read when its last reader leaves. */
  readonly controller: AbortController;
  /** The reader that started it. */
  readonly origin: CallOrigin | undefined;
  readers: number;
}

/**
 * The cross-request cache (`cache` in docs/configuration.md), shared by queries, listings, federation entities
 * and pollers: a non-terminal state is served for `freshMs` after it was read, a terminal one for
 * `terminalMs`, and concurrent reads of the same (tenant, task) share one upstream call in flight. A
 * reader whose caller leaves (or whose deadline passes) stops waiting at once; the shared call is
 * abandoned when its last reader left, so work nobody waits for never reaches the provider. Every
 * state read from a provider passes here, and on to the completion estimator. Bounded to `maxEntries`
 * (least recently used go first).
 */
export class TaskCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly inflight = new Map<string, Inflight>();

  constructor(
    private readonly config: CacheConfig,
    private readonly clock: Clock,
    /** Learns the progress of every state read from a provider. */
    private readonly estimator: CompletionEstimator,
    /** Counts each `read` as a hit or a miss; default none. */
    private readonly metrics: CacheMetrics = NO_CACHE_METRICS,
  ) {
    this.entries = new LRUCache({ max: config.maxEntries });
  }

  /** A cached state of the tenant's task still within its window, if any. */
  peek(tenantId: string, task: TaskRef): ExportTaskState | undefined {
    const key = taskKey(tenantId, task.provider, task.providerTaskId);
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until < this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.state;
  }

  /** The cache's current entry for the tenant's task when it is `state` (the one an operation just used), within its window. */
  holding(tenantId: string, task: TaskRef, state: ExportTaskState): HeldState | undefined {
    const key = taskKey(tenantId, task.provider, task.providerTaskId);
    const entry = this.entries.peek(key);
    if (!entry || entry.state !== state || entry.until < this.clock.now()) return undefined;
    return { key, provider: task.provider, entry };
  }

  /**
   * Whether every one of `held` is still the state the cache would serve (the same entry, within its
   * window); then each counts as a read of the cache (a hit), as the read it stands for would have.
   */
  allHeld(held: readonly HeldState[]): boolean {
    const now = this.clock.now();
    for (const h of held) if (h.entry.until < now || this.entries.get(h.key) !== h.entry) return false;
    for (const h of held) this.metrics.read(h.provider, true);
    return true;
  }

  /** Stores a state freshly read from a provider (by a read, a poll or a listing). */
  store(tenantId: string, state: ExportTaskState): void {
    this.estimator.observe(tenantId, state);
    const ttl = isTerminal(state.status) ? this.config.terminalMs : this.config.freshMs;
    const key = taskKey(tenantId, state.provider, state.providerTaskId);
    const current = this.entries.get(key);
    // Never let an older observation replace a newer one (reads can complete out of order).
    if (current && current.state.observedAt > state.observedAt) return;
    this.entries.set(key, { state, until: state.observedAt + ttl });
  }

  /**
   * The task's state: from the cache when fresh, else from one upstream read shared with every
   * concurrent reader of the same (tenant, task).
   */
  read(tenant: CacheTenant, task: TaskRef, options: ReadOptions = {}): Promise<ExportTaskState> {
    const cached = this.peek(tenant.id, task);
    this.metrics.read(task.provider, cached !== undefined);
    if (cached) return Promise.resolve(cached);
    return this.readThrough(tenant, task, options);
  }

  /** Always reads upstream (joining a read already in flight), then stores the result. */
  readThrough(tenant: CacheTenant, task: TaskRef, options: ReadOptions = {}): Promise<ExportTaskState> {
    const key = taskKey(tenant.id, task.provider, task.providerTaskId);
    const { signal, deadline } = options;
    if (signal?.aborted) return Promise.reject(abandonedCallError(task.provider, signal.reason));
    const now = this.clock.now();
    if (deadline !== undefined && deadline <= now) return Promise.reject(abandonedCallError(task.provider, deadlineReason()));
    let inflight = this.inflight.get(key);
    if (!inflight) inflight = this.start(tenant, task, key, options, now);
    else if (options.origin?.span) linkSharedRead(options.origin.span, inflight.origin, task.id);
    return this.join(inflight, key, task, signal);
  }

  /**
   * The states of one batch of tasks (an operation's loader batch), in order: each from the cache when
   * fresh, or joining a read in flight; the rest are read upstream as one batch per provider
   * (`readMany` of its gateway, which decides how: Huawei lists pages when that costs fewer requests),
   * each of them still one shared read in flight that later readers join. Every state read is stored.
   */
  readMany(tenant: CacheTenant, tasks: readonly TaskRef[], options: ReadOptions = {}): Array<Promise<ExportTaskState>> {
    const results: Array<Promise<ExportTaskState> | undefined> = tasks.map((task) => {
      const cached = this.peek(tenant.id, task);
      this.metrics.read(task.provider, cached !== undefined);
      return cached ? Promise.resolve(cached) : undefined;
    });
    const missed = tasks.flatMap((task, i) =>
      results[i] ? [] : [{ task, i, key: taskKey(tenant.id, task.provider, task.providerTaskId) }],
    );
    if (missed.length === 0) return results as Array<Promise<ExportTaskState>>;
    const { signal, deadline } = options; // only now: the operation's signal is made at its first upstream read
    const now = this.clock.now();
    const byProvider = new Map<ProviderId, Array<{ task: TaskRef; key: string }>>();
    const grouped = new Set<string>();
    for (const { task, key } of missed) {
      if (signal?.aborted || (deadline !== undefined && deadline <= now) || this.inflight.has(key) || grouped.has(key)) continue;
      grouped.add(key);
      const group = byProvider.get(task.provider) ?? [];
      group.push({ task, key });
      byProvider.set(task.provider, group);
    }
    const failed = new Map<ProviderId, unknown>();
    for (const [provider, group] of byProvider) {
      try {
        const gateway = tenant.gateway(provider);
        if (group.length === 1 || !gateway.readMany) for (const { task, key } of group) this.start(tenant, task, key, options, now);
        else this.startMany(tenant, gateway.readMany.bind(gateway), group, options);
      } catch (e) {
        failed.set(provider, e);
      }
    }
    for (const { task, i } of missed) {
      const failure = failed.get(task.provider);
      results[i] = failure === undefined ? this.readThrough(tenant, task, options) : Promise.reject(failure);
    }
    return results as Array<Promise<ExportTaskState>>;
  }

  /** Starts one shared read in flight per task of `group`, all made by one `readMany` of their gateway. */
  private startMany(
    tenant: CacheTenant,
    readMany: NonNullable<ReturnType<CacheTenant['gateway']>['readMany']>,
    group: ReadonlyArray<{ task: TaskRef; key: string }>,
    options: ReadOptions,
  ): void {
    const controllers = group.map(() => new AbortController());
    const items = group.map(({ task }, i): BatchItem => ({ task, signal: controllers[i]!.signal }));
    const reads = readMany(items, { priority: options.priority ?? 'interactive', deadline: options.deadline, origin: options.origin });
    group.forEach(({ key }, i) => this.register(tenant, key, reads[i]!, controllers[i]!, options.origin));
  }

  private start(tenant: CacheTenant, task: TaskRef, key: string, options: ReadOptions, now: number): Inflight {
    const controller = new AbortController();
    const maxWaitMs = options.deadline === undefined ? undefined : options.deadline - now;
    const priority = options.priority ?? 'interactive';
    const origin = options.origin;
    const read = tenant.gateway(task.provider).read(task, { priority, signal: controller.signal, maxWaitMs, origin });
    return this.register(tenant, key, read, controller, origin);
  }

  /** Makes `read` the shared read in flight of `key`: its state is stored, and it is forgotten when it settles. */
  private register(
    tenant: CacheTenant,
    key: string,
    read: Promise<ExportTaskState>,
    controller: AbortController,
    origin: CallOrigin | undefined,
  ): Inflight {
    const inflight: Inflight = {
      controller,
      origin,
      readers: 0,
      promise: read.then(
        (state) => {
          this.forget(key, inflight);
          this.store(tenant.id, state);
          return state;
        },
        (e: unknown) => {
          this.forget(key, inflight);
          throw e;
        },
      ),
    };
    inflight.promise.catch(() => undefined); // each reader gets the failure; abandoned by all, nobody does
    this.inflight.set(key, inflight);
    return inflight;
  }

  private forget(key: string, inflight: Inflight): void {
    if (this.inflight.get(key) === inflight) this.inflight.delete(key);
  }

  /** One reader of a shared read, leaving when its signal aborts. */
  private join(inflight: Inflight, key: string, task: TaskRef, signal: AbortSignal | undefined): Promise<ExportTaskState> {
    inflight.readers++;
    if (!signal) return inflight.promise; // stays to the end
    return new Promise<ExportTaskState>((resolve, reject) => {
      let left = false;
      const leave = (reason: unknown): void => {
        if (left) return;
        left = true;
        cleanup();
        if (--inflight.readers === 0) {
          // Nobody waits any more: the next reader starts a read of its own.
          this.forget(key, inflight);
          inflight.controller.abort(reason);
        }
        reject(abandonedCallError(task.provider, reason));
      };
      const onAbort = (): void => leave(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      const cleanup = (): void => signal.removeEventListener('abort', onAbort);
      inflight.promise.then(
        (state) => {
          if (left) return;
          cleanup();
          resolve(state);
        },
        (e: unknown) => {
          if (left) return;
          cleanup();
          reject(e);
        },
      );
    });
  }

  /** Number of cached entries (for metrics and tests). */
  get size(): number {
    return this.entries.size;
  }
}

import { LRUCache } from 'lru-cache';
import type { CacheConfig } from '../config/config';
import { isTerminal, type ExportTaskState } from '../domain/export-task';
import type { ProviderId } from '../domain/provider-id';
import type { TaskRef } from '../domain/task-ref';
import { NO_CACHE_METRICS, type CacheMetrics } from '../observability/cache-metrics';
import type { CallPriority } from '../quota/rate-budget';
import type { Clock } from '../time/clock';
import type { CompletionEstimator } from './completion-estimator';
import { taskKey } from './task-key';

/** What the cache reads through: a tenant's gateways (`TenantRuntime`). */
export interface CacheTenant {
  readonly id: string;
  gateway(provider: ProviderId): { read(task: TaskRef, priority?: CallPriority): Promise<ExportTaskState> };
}

interface Entry {
  readonly state: ExportTaskState;
  /** Clock time until which the entry may be served. */
  readonly until: number;
}

/**
 * The cross-request cache of CONTRACT.md section 3, shared by queries, listings, federation entities
 * and pollers: a non-terminal state is served for `freshMs` after it was read, a terminal one for
 * `terminalMs`, and concurrent reads of the same (tenant, task) share one upstream call in flight.
 * Every state read from a provider passes here, and on to the completion estimator. Bounded to
 * `maxEntries` (least recently used go first).
 */
export class TaskCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly inflight = new Map<string, Promise<ExportTaskState>>();

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
   * concurrent caller for the same (tenant, task).
   */
  read(tenant: CacheTenant, task: TaskRef): Promise<ExportTaskState> {
    const cached = this.peek(tenant.id, task);
    this.metrics.read(task.provider, cached !== undefined);
    if (cached) return Promise.resolve(cached);
    return this.readThrough(tenant, task);
  }

  /** Always reads upstream (sharing a read already in flight), then stores the result. */
  readThrough(tenant: CacheTenant, task: TaskRef, priority: CallPriority = 'interactive'): Promise<ExportTaskState> {
    const key = taskKey(tenant.id, task.provider, task.providerTaskId);
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const p = (async () => {
      try {
        const state = await tenant.gateway(task.provider).read(task, priority);
        this.store(tenant.id, state);
        return state;
      } finally {
        this.inflight.delete(key);
      }
    })();
    this.inflight.set(key, p);
    return p;
  }

  /** Number of cached entries (for metrics and tests). */
  get size(): number {
    return this.entries.size;
  }
}

import { LRUCache } from 'lru-cache';
import type { CacheConfig } from '../config/config';
import { isTerminal, type ExportTaskState } from '../providers/export-task';
import type { ProviderId } from '../providers/provider-id';
import type { Clock } from '../time/clock';
import type { TenantRuntime } from '../tenancy/tenant-runtime';
import type { CallPriority } from '../tenancy/rate-budget';
import { NO_CACHE_METRICS, type CacheMetrics } from '../observability/cache-metrics';

/** The cache key of a (tenant, task): the tenant is always part of it. */
export function taskKey(tenantId: string, provider: ProviderId, providerTaskId: string): string {
  return `${tenantId}\u0000${provider}:${providerTaskId}`;
}

interface Entry {
  readonly state: ExportTaskState;
  /** Clock time until which the entry may be served. */
  readonly until: number;
}

/**
 * The cross-request cache of CONTRACT.md section 3, shared by queries, federation entities and
 * pollers: a non-terminal state is served for `freshMs` after it was read, a terminal one for
 * `terminalMs`, and concurrent reads of the same (tenant, task) share one upstream call in flight.
 * Bounded to `maxEntries` (least recently used go first).
 */
export class TaskCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly inflight = new Map<string, Promise<ExportTaskState>>();

  constructor(
    private readonly config: CacheConfig,
    private readonly clock: Clock,
    /** Told of every state read from a provider (e.g. the completion estimator). */
    private readonly onObserved?: (tenantId: string, state: ExportTaskState) => void,
    /** Counts each `read` as a hit or a miss; default none. */
    private readonly metrics: CacheMetrics = NO_CACHE_METRICS,
  ) {
    this.entries = new LRUCache({ max: config.maxEntries });
  }

  /** A cached state still within its window, if any. */
  peek(tenantId: string, provider: ProviderId, providerTaskId: string): ExportTaskState | undefined {
    const key = taskKey(tenantId, provider, providerTaskId);
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until < this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.state;
  }

  /** Stores a freshly read state (pollers call this too, so queries benefit from their reads). */
  store(tenantId: string, state: ExportTaskState): void {
    this.onObserved?.(tenantId, state);
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
  read(tenant: TenantRuntime, provider: ProviderId, providerTaskId: string): Promise<ExportTaskState> {
    const cached = this.peek(tenant.id, provider, providerTaskId);
    this.metrics.read(provider, cached !== undefined);
    if (cached) return Promise.resolve(cached);
    return this.readThrough(tenant, provider, providerTaskId);
  }

  /** Always reads upstream (sharing a read already in flight), then stores the result. */
  readThrough(
    tenant: TenantRuntime,
    provider: ProviderId,
    providerTaskId: string,
    priority: CallPriority = 'interactive',
  ): Promise<ExportTaskState> {
    const key = taskKey(tenant.id, provider, providerTaskId);
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const p = (async () => {
      try {
        const state = await tenant.gateway(provider).read(providerTaskId, priority);
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

import { bulkhead, type BulkheadPolicy } from 'cockatiel';
import { ErrorCode } from '../errors/error-code';
import { ServiceError, toServiceError } from '../errors/service-error';
import type { ExportTaskState } from '../providers/export-task';
import type { ListPage, ListQuery, ProviderClient } from '../providers/provider';
import type { Clock } from '../time/clock';
import { HealthTracker } from './health-tracker';
import { RateBudget, type CallPriority } from './rate-budget';

/** Options of a provider gateway. */
export interface ProviderGatewayOptions {
  /** Most upstream calls in flight at once for this (tenant, provider). Default 64 (the HTTP client's connections per origin). */
  readonly maxConcurrent?: number;
  /** Most calls waiting for a slot; beyond it calls fail with PROVIDER_UNAVAILABLE. Default 10000. */
  readonly maxQueued?: number;
  /** The request budget (requests per second) every call of this (tenant, provider) keeps to. */
  readonly maxRequestsPerSecond: number;
}

/**
 * The one door through which every upstream call of one (tenant, provider) passes: it bounds
 * concurrency (a bulkhead, so one slow provider cannot tie up the others), keeps to the request
 * budget, and records health. Retries and circuit breaking attach here.
 */
export class ProviderGateway {
  /** Health of this (tenant, provider) from its recent calls. */
  readonly health: HealthTracker;
  /** The request budget shared by every call of this (tenant, provider). */
  readonly budget: RateBudget;
  private readonly bulkhead: BulkheadPolicy;

  constructor(
    readonly client: ProviderClient,
    private readonly clock: Clock,
    options: ProviderGatewayOptions,
  ) {
    this.health = new HealthTracker(clock);
    this.budget = new RateBudget(options.maxRequestsPerSecond, clock);
    this.bulkhead = bulkhead(options.maxConcurrent ?? 64, options.maxQueued ?? 10_000);
  }

  /** Reads one task; `background` (polls) waits behind `interactive` (queries) for the budget. */
  read(providerTaskId: string, priority: CallPriority = 'interactive'): Promise<ExportTaskState> {
    return this.call(() => this.client.read(providerTaskId), priority);
  }

  /** Lists tasks; the caller has checked `capabilities.listing`. */
  list(query: ListQuery): Promise<ListPage> {
    const list = this.client.list;
    if (!list) throw new ServiceError(ErrorCode.UNSUPPORTED_OPERATION, `${this.client.descriptor.id} does not list tasks`);
    return this.call(() => list.call(this.client, query), 'interactive');
  }

  private async call<T>(fn: () => Promise<T>, priority: CallPriority): Promise<T> {
    let started = 0;
    try {
      return await this.bulkhead.execute(async () => {
        await this.budget.acquire(priority);
        started = this.clock.now();
        const result = await fn();
        this.health.success(this.clock.now() - started);
        return result;
      });
    } catch (e) {
      const err = e instanceof ServiceError ? e : this.classify(e);
      // NOT_FOUND is an answer about the task, not a failure of the provider.
      if (err.code === ErrorCode.NOT_FOUND) this.health.success(this.clock.now() - started);
      else if (started > 0) this.health.failure(this.clock.now() - started, err);
      throw err;
    }
  }

  private classify(e: unknown): ServiceError {
    if (e instanceof Error && e.name === 'BulkheadRejectedError') {
      return new ServiceError(ErrorCode.PROVIDER_UNAVAILABLE, `Too many calls queued for ${this.client.descriptor.id}`, {
        provider: this.client.descriptor.id,
        retryable: true,
      });
    }
    return toServiceError(e);
  }

  /** Releases the client's connections and any budget waiter. */
  dispose(): Promise<void> {
    this.budget.dispose();
    return this.client.dispose();
  }
}

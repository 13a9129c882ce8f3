import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { BulkheadRejectedError, bulkhead, type BulkheadPolicy } from 'cockatiel';
import type { ResilienceConfig } from '../config/config';
import { ErrorCode } from '../errors/error-code';
import { ServiceError, toServiceError } from '../errors/service-error';
import type { Logger } from '../logging/logger';
import type { ExportTaskState } from '../domain/export-task';
import type { TaskRef } from '../domain/task-ref';
import type { CallOptions, ListPage, ListQuery, ProviderClient } from '../providers/provider';
import type { Clock } from '../time/clock';
import { isAnswer } from './failure-policy';
import { HealthTracker } from './health-tracker';
import type { CallPriority } from '../quota/rate-budget';
import type { RequestBudget } from '../quota/request-budget';
import { ResiliencePolicy, type CircuitStatus } from './resilience-policy';
import { NO_GATEWAY_METRICS, type GatewayMetrics } from '../observability/gateway-metrics';
import { DEFAULT_MAX_CONCURRENT_REQUESTS } from '../providers/common/options';

/** Options of a provider gateway. */
export interface ProviderGatewayOptions {
  /** Most upstream calls in flight at once for this (tenant, provider). Default `DEFAULT_MAX_CONCURRENT_REQUESTS`. */
  readonly maxConcurrent?: number;
  /** Most calls waiting for a slot; beyond it calls fail with PROVIDER_UNAVAILABLE. Default 10000. */
  readonly maxQueued?: number;
  /** The request budget every call of this (tenant, provider) takes from; the gateway uses it without owning it. */
  readonly budget: RequestBudget;
  /** Retries and circuit breaking; default `DEFAULT_RESILIENCE`. */
  readonly resilience?: ResilienceConfig | undefined;
  /** For log lines and messages. Default `-`. */
  readonly tenantId?: string | undefined;
  /** Where circuit transitions and retries are logged; default nowhere. */
  readonly logger?: Logger | undefined;
  /** Jitter source of the retry delays; default `Math.random`. */
  readonly random?: (() => number) | undefined;
  /** Counts, times and logs each upstream attempt, and counts retries; default none. */
  readonly metrics?: GatewayMetrics | undefined;
}

/**
 * The one door through which every upstream call of one (tenant, provider) passes. Each call is
 *
 *     retry( circuit breaker( bulkhead( budget → provider call → health sample ) ) )
 *
 * (`resilience-policy.ts`): retried when throttled, 5xx or network-failed (`failure-policy.ts`), each
 * attempt refused at once while the circuit is open, holding one of `maxConcurrent` slots (a bulkhead,
 * so one hanging provider cannot tie up the others or this process) and taking from the request budget,
 * retries included. Every attempt that reached the provider is a health sample.
 */
export class ProviderGateway {
  /** Health of this (tenant, provider) from its recent calls. */
  readonly health: HealthTracker;
  /** The request budget shared by every call of this (tenant, provider). */
  readonly budget: RequestBudget;
  /** Upstream metrics of this (tenant, provider): `attempt` per upstream attempt, `retries.inc(code)` per retry. */
  readonly metrics: GatewayMetrics;
  private readonly bulkhead: BulkheadPolicy;
  private readonly resilience: ResiliencePolicy;
  /** Aborted by `dispose()`: pending retries and budget waiters give up. */
  private readonly closing = new AbortController();

  constructor(
    readonly client: ProviderClient,
    clock: Clock,
    options: ProviderGatewayOptions,
  ) {
    // Every call in progress listens on `closing` (cockatiel links each attempt to it) and stops listening
    // when it ends; how many calls there are is bounded by the bulkhead, not by Node's default of 10.
    setMaxListeners(0, this.closing.signal);
    this.health = new HealthTracker(clock);
    this.budget = options.budget;
    this.bulkhead = bulkhead(options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT_REQUESTS, options.maxQueued ?? 10_000);
    this.metrics = options.metrics ?? NO_GATEWAY_METRICS;
    this.resilience = new ResiliencePolicy({
      descriptor: client.descriptor,
      clock,
      tenantId: options.tenantId ?? '-',
      health: this.health,
      config: options.resilience,
      logger: options.logger,
      random: options.random,
      onRetry: (code) => this.metrics.retries.inc(code),
    });
  }

  /** The circuit of this (tenant, provider) now. */
  get circuit(): CircuitStatus {
    return this.resilience.circuit;
  }

  /** Reads one task; `background` (polls) waits behind `interactive` (queries) for the budget. */
  read(task: TaskRef, priority: CallPriority = 'interactive'): Promise<ExportTaskState> {
    return this.call((o) => this.client.read(task, o), priority);
  }

  /** Lists tasks; the caller has checked `capabilities.listing`. */
  list(query: ListQuery): Promise<ListPage> {
    const list = this.client.list;
    if (!list) throw new ServiceError(ErrorCode.UNSUPPORTED_OPERATION, `${this.client.descriptor.id} does not list tasks`);
    return this.call((o) => list.call(this.client, query, o), 'interactive');
  }

  private async call<T>(fn: (options: CallOptions) => Promise<T>, priority: CallPriority): Promise<T> {
    try {
      return await this.resilience.execute(
        (signal) => this.bulkhead.execute(() => this.attempt(fn, priority, signal)),
        this.closing.signal,
      );
    } catch (e) {
      throw this.classify(e);
    }
  }

  /** One upstream attempt within the budget; its outcome is a health sample (latency in real ms, whatever the clock). */
  private async attempt<T>(fn: (options: CallOptions) => Promise<T>, priority: CallPriority, signal: AbortSignal): Promise<T> {
    await this.budget.acquire(priority);
    if (signal.aborted) throw this.cancelled();
    const started = performance.now();
    try {
      const result = await fn({ signal });
      this.health.success(performance.now() - started);
      this.metrics.attempt(performance.now() - started, result);
      return result;
    } catch (e) {
      const err = toServiceError(e);
      if (signal.aborted) throw this.cancelled();
      // NOT_FOUND (and a rejected parameter) is an answer about the task, not a failure of the provider.
      if (isAnswer(err)) this.health.success(performance.now() - started);
      else this.health.failure(performance.now() - started, err);
      this.metrics.attempt(performance.now() - started, err);
      throw err;
    }
  }

  private classify(e: unknown): ServiceError {
    if (e instanceof BulkheadRejectedError) {
      return new ServiceError(ErrorCode.PROVIDER_UNAVAILABLE, `Too many calls queued for ${this.client.descriptor.name}`, {
        provider: this.client.descriptor.id,
        retryable: true,
      });
    }
    if (this.closing.signal.aborted && !(e instanceof ServiceError)) return this.cancelled();
    return toServiceError(e);
  }

  private cancelled(): ServiceError {
    return new ServiceError(
      ErrorCode.PROVIDER_UNAVAILABLE,
      `The call to ${this.client.descriptor.name} was cancelled: the service is shutting down`,
      {
        provider: this.client.descriptor.id,
        retryable: true,
      },
    );
  }

  /** Cancels pending retries; the budget and the client belong to whoever created the gateway. */
  dispose(): void {
    this.closing.abort();
    this.resilience.dispose();
  }
}

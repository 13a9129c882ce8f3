import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';

import type { Span } from '@opentelemetry/api';
import { bulkhead, type BulkheadPolicy, BulkheadRejectedError } from 'cockatiel';

import type { ResilienceConfig } from '../config/config';
import type { ExportTaskState } from '../domain/export-task';
import type { TaskRef } from '../domain/task-ref';
import { ErrorCode } from '../errors/error-code';
import { ServiceError, toServiceError } from '../errors/service-error';
import type { Logger } from '../logging/logger';
import { type AttemptFacts, type GatewayMetrics, NO_GATEWAY_METRICS } from '../observability/gateway-metrics';
import { Attr, type CallOrigin, failSpan, startAttemptSpan } from '../observability/trace';
import { DEFAULT_MAX_CONCURRENT_REQUESTS } from '../providers/common/options';
import type { BatchReadStrategy, CallOptions, ListPage, ListQuery, ProviderClient } from '../providers/provider';
import { BudgetExceeded, type CallPriority, type RequestBudget } from '../quota/request-budget';
import type { Clock } from '../time/clock';
import { abandonedCallError } from './abandoned';
import { isAnswer } from './failure-policy';
import { HealthTracker } from './health-tracker';
import { type BatchItem, readByListing } from './listing-batch';
import { type CircuitStatus, ResiliencePolicy } from './resilience-policy';

/** Options of a provider gateway. */
export interface ProviderGatewayOptions {
  /** Most upstream calls in flight at once for this (tenant, provider). Default `DEFAULT_MAX_CONCURRENT_REQUESTS`. */
  readonly maxConcurrent?: number;
  /** Most calls that passed the budget waiting for a slot; beyond it calls are shed (PROVIDER_RATE_LIMITED). Default 10000. */
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

/** How one read or listing is made. */
export interface GatewayCallOptions {
  /** Default `interactive`: it goes before every waiting `background` poll. */
  readonly priority?: CallPriority | undefined;
  /**
   * Aborted when nobody waits for the result any more (every caller left, or their deadline passed): the
   * call leaves the budget's queue, or its request is aborted, and fails with the signal's reason.
   */
  readonly signal?: AbortSignal | undefined;
  /** Shed at once (PROVIDER_RATE_LIMITED) when the budget could not start the call within this many ms. */
  readonly maxWaitMs?: number | undefined;
  /** Who the call is for (an operation's request id and span, a poll's span): its log lines and attempt spans say so. */
  readonly origin?: CallOrigin | undefined;
}

/** How the reads of one batch are made (`readMany`): as each single read, with a deadline instead of a wait. */
export interface BatchCallOptions {
  /** Default `interactive`. */
  readonly priority?: CallPriority | undefined;
  /** Clock time by which every call of the batch must have started; each is shed (PROVIDER_RATE_LIMITED) when its turn would come later. */
  readonly deadline?: number | undefined;
  readonly origin?: CallOrigin | undefined;
}

const PER_ID: BatchReadStrategy = { kind: 'per-id' };

/** What one call is about, for its log lines and spans. */
interface CallFacts {
  /** `read` or `list`. */
  readonly operation: string;
  /** The task read (its id), for reads. */
  readonly task: string | undefined;
}

/**
 * The one door through which every upstream call of one (tenant, provider) passes. Each call is
 *
 *     retry( circuit breaker( budget → bulkhead( provider call → health sample ) ) )
 *
 * (`resilience-policy.ts`): retried when throttled, 5xx or network-failed (`failure-policy.ts`), each
 * attempt refused at once while the circuit is open. An attempt first waits for its turn in the request
 * budget, where interactive calls go before background polls and a call whose callers all left is
 * dropped before it is sent; only then does it take one of `maxConcurrent` slots (a bulkhead, so one
 * hanging provider cannot tie up this process), so no query waits for a slot held by a poll that is
 * itself waiting for the budget. A call the budget cannot start in time is shed with
 * PROVIDER_RATE_LIMITED and is not retried. Every attempt that reached the provider is a health sample.
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
  /**
   * The account's task count for this (tenant, provider) as its last unfiltered listing page reported it
   * (a listing batch's or a caller's): how many pages a listing batch would cost. Undefined before any.
   */
  private listedTotal: number | undefined;

  constructor(
    readonly client: ProviderClient,
    private readonly clock: Clock,
    private readonly options: ProviderGatewayOptions,
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

  /** Reads one task. */
  read(task: TaskRef, options: GatewayCallOptions = {}): Promise<ExportTaskState> {
    return this.call((o) => this.client.read(task, o), options, { operation: 'read', task: task.id });
  }

  /** Lists tasks; the caller has checked `capabilities.listing`. */
  list(query: ListQuery, options: GatewayCallOptions = {}): Promise<ListPage> {
    const list = this.client.list;
    if (!list) throw new ServiceError(ErrorCode.UNSUPPORTED_OPERATION, `${this.client.descriptor.id} does not list tasks`);
    const page = this.call((o) => list.call(this.client, query, o), options, { operation: 'list', task: query.task?.id });
    if (!isWholeListing(query)) return page;
    return page.then((p) => {
      this.listedTotal = p.totalCount;
      return p;
    });
  }

  /**
   * Reads the distinct tasks of one batch, one promise per item in order, by the client's `batchRead`
   * strategy: `per-id` is one `read` each; `listing` lists pages (newest first) while that costs fewer
   * requests than the ids still missing, then reads the rest one by one (`listing-batch.ts`). Every page
   * and read is one call of this gateway, with its budget, retries, breaker, deadline, span and log line;
   * each item's `signal` abandons its read, and a page is abandoned when no item is wanted any more.
   */
  readMany(items: readonly BatchItem[], options: BatchCallOptions = {}): Array<Promise<ExportTaskState>> {
    const call = (signal: AbortSignal): GatewayCallOptions => ({
      priority: options.priority,
      origin: options.origin,
      signal,
      maxWaitMs: options.deadline === undefined ? undefined : options.deadline - this.clock.now(),
    });
    const strategy = this.client.batchRead ?? PER_ID;
    switch (strategy.kind) {
      case 'per-id':
        return items.map((item) => this.read(item.task, call(item.signal)));
      case 'listing':
        return readByListing(items, {
          provider: this.client.descriptor.id,
          strategy,
          total: () => this.listedTotal,
          listPage: (offset, limit, signal) =>
            this.list({ offset, limit, orderBy: { field: 'CREATED_AT', direction: 'DESC' } }, call(signal)),
          readOne: (item) => this.read(item.task, call(item.signal)),
        });
      default: {
        const unknown: never = strategy;
        throw new Error(`unknown batch read strategy ${JSON.stringify(unknown)}`);
      }
    }
  }

  private async call<T>(fn: (options: CallOptions) => Promise<T>, options: GatewayCallOptions, facts: CallFacts): Promise<T> {
    // A caller's own signal ends with its callers (all gone before the gateways are disposed at shutdown);
    // `closing` stops the calls nobody else can stop. No `AbortSignal.any` on every call: it was the
    // dearest part of a cold read's bookkeeping.
    const signal = options.signal ?? this.closing.signal;
    try {
      const where = { requestId: options.origin?.requestId, task: facts.task };
      return await this.resilience.execute((attemptSignal, retry) => this.attempt(fn, options, facts, attemptSignal, retry), signal, where);
    } catch (e) {
      throw this.classify(e, options.signal);
    }
  }

  /**
   * One upstream attempt (`retry` 0 for the first): its turn in the budget, then a slot; its outcome is a
   * health sample (latency in real ms), counted and logged (`metrics.attempt`), and, while tracing, a
   * CLIENT span from the budget wait to the answer, child of the caller's span.
   */
  private async attempt<T>(
    fn: (options: CallOptions) => Promise<T>,
    options: GatewayCallOptions,
    facts: CallFacts,
    signal: AbortSignal,
    retry: number,
  ): Promise<T> {
    const span = startAttemptSpan(options.origin, this.client.descriptor.id, facts.operation, this.tenantId, retry, facts.task);
    const queued = performance.now();
    try {
      await this.budget.acquire({ priority: options.priority, signal, maxWaitMs: options.maxWaitMs });
    } catch (e) {
      if (span)
        endAttemptSpan(span, e instanceof BudgetExceeded ? ErrorCode.PROVIDER_RATE_LIMITED : 'ABANDONED', performance.now() - queued);
      throw e;
    }
    const budgetWaitMs = performance.now() - queued;
    const call: AttemptFacts = {
      requestId: options.origin?.requestId,
      task: facts.task,
      retry,
      budgetWaitMs,
      poll: options.priority === 'background',
    };
    let status: number | undefined;
    const onStatus = span ? (s: number) => (status = s) : undefined;
    const attempt = this.bulkhead.execute(async () => {
      signal.throwIfAborted();
      const started = performance.now();
      try {
        const result = await fn({ signal, onStatus });
        this.health.success(performance.now() - started);
        this.metrics.attempt(performance.now() - started, result, call);
        if (span) endAttemptSpan(span, 'OK', budgetWaitMs, status, providerRequestIdOf(result));
        return result;
      } catch (e) {
        // An abandoned call says nothing about the provider.
        if (signal.aborted) {
          if (span) endAttemptSpan(span, 'ABANDONED', budgetWaitMs, status);
          throw e;
        }
        const err = toServiceError(e);
        // NOT_FOUND (and a rejected parameter) is an answer about the task, not a failure of the provider.
        if (isAnswer(err)) this.health.success(performance.now() - started);
        else this.health.failure(performance.now() - started, err);
        this.metrics.attempt(performance.now() - started, err, call);
        if (span) endAttemptSpan(span, err.code, budgetWaitMs, status, err.provider?.requestId, err.provider?.providerCode);
        throw err;
      }
    }, signal);
    if (!span) return attempt;
    return attempt.catch((e: unknown) => {
      // Refused a slot (the bulkhead is full), or abandoned before the call was made: the span is still open.
      if (span.isRecording())
        endAttemptSpan(span, e instanceof BulkheadRejectedError ? ErrorCode.PROVIDER_RATE_LIMITED : 'ABANDONED', budgetWaitMs);
      throw e;
    });
  }

  private classify(e: unknown, callerSignal: AbortSignal | undefined): ServiceError {
    const d = this.client.descriptor;
    if (e instanceof BudgetExceeded) {
      const seconds = Math.max(1, Math.ceil(e.waitMs / 1000));
      return new ServiceError(
        ErrorCode.PROVIDER_RATE_LIMITED,
        `Too many calls queued for ${d.name}: this tenant's request budget of ${e.requestsPerSecond}/s has no free start ` +
          `before the operation's deadline (the next is ${Math.ceil(e.waitMs / 1000)} s away); retry after ${seconds} s`,
        { provider: d.id, retryable: true, retryAfterSeconds: seconds },
        { cause: e },
      );
    }
    if (e instanceof BulkheadRejectedError) {
      return new ServiceError(
        ErrorCode.PROVIDER_RATE_LIMITED,
        `Too many calls in flight to ${d.name}; retry after 1 s`,
        {
          provider: d.id,
          retryable: true,
          retryAfterSeconds: 1,
        },
        { cause: e },
      );
    }
    if (this.closing.signal.aborted && !callerSignal?.aborted) {
      return new ServiceError(ErrorCode.PROVIDER_UNAVAILABLE, `The call to ${d.name} was cancelled: the service is shutting down`, {
        provider: d.id,
        retryable: true,
      });
    }
    if (callerSignal?.aborted) return abandonedCallError(d.id, callerSignal.reason);
    return toServiceError(e);
  }

  private get tenantId(): string {
    return this.options.tenantId ?? '-';
  }

  /** Cancels pending retries and budget waits; the budget and the client belong to whoever created the gateway. */
  dispose(): void {
    this.closing.abort();
    this.resilience.dispose();
  }
}

/** Whether a listing query lists the whole account (no filter), so that its count is the account's task count. */
function isWholeListing(query: ListQuery): boolean {
  return (
    (query.status === undefined || query.status.length === 0) &&
    (query.fileName === undefined || query.fileName === '') &&
    query.downloaded === undefined &&
    query.task === undefined
  );
}

/** Ends an attempt's span with its outcome: `OK`, the error code, or `ABANDONED` (nobody waited for it any more). */
function endAttemptSpan(
  span: Span,
  outcome: string,
  budgetWaitMs: number,
  status?: number,
  providerRequestId?: string,
  providerCode?: string,
): void {
  span.setAttribute(Attr.OUTCOME, outcome);
  span.setAttribute(Attr.BUDGET_WAIT_MS, Math.round(budgetWaitMs * 10) / 10);
  if (status !== undefined) span.setAttribute('http.response.status_code', status);
  if (providerRequestId) span.setAttribute(Attr.PROVIDER_REQUEST_ID, providerRequestId);
  if (providerCode) span.setAttribute(Attr.PROVIDER_CODE, providerCode);
  if (outcome !== 'OK') failSpan(span, outcome);
  span.end();
}

/** The provider's request id of a successful read (a task state carries it; a listed page does not). */
function providerRequestIdOf(result: unknown): string | undefined {
  const id = (result as { requestId?: unknown } | null)?.requestId;
  return typeof id === 'string' ? id : undefined;
}

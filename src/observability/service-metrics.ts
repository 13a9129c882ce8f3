import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import { ServiceError } from '../errors/service-error';
import type { Logger } from '../logging/logger';
import type { CacheMetrics } from './cache-metrics';
import type { GatewayMetrics, GatewayMetricsFactory } from './gateway-metrics';
import type { PollMetrics } from './poll-metrics';

/** The state of one (tenant, provider) gateway at scrape time. */
export interface GatewayGauge {
  readonly tenant: string;
  readonly provider: string;
  /** Calls that waited for the request budget so far (a counter the budget keeps). */
  readonly budgetWaited: number;
  /** The budget the count belongs to: a new budget starts its count again. */
  readonly budget: object;
  readonly circuit: 'closed' | 'half-open' | 'open';
}

/** What the collect-time gauges read when `/metrics` is scraped, given by the app that owns the state. */
export interface MetricSources {
  /** Every (tenant, provider) gateway created so far. */
  gateways(): Iterable<GatewayGauge>;
  /** States held by the shared task cache. */
  cacheEntries(): number;
  /** Subscription streams open in this process. */
  activeStreams(): number;
  /** Tasks this process is polling now. */
  activePollers(): number;
}

/** How one GraphQL operation ended: no errors, data with errors, or errors without data. */
export type OperationOutcome = 'ok' | 'partial' | 'error';

/** Upstream latency buckets, seconds: 5 ms to 10 s (provider reads take tens to hundreds of ms). */
const UPSTREAM_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** GraphQL operation buckets, seconds: 1 ms (warm cache) to 10 s. */
const OPERATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/**
 * Poll lateness buckets, seconds: 1 ms (a timer on an idle event loop) to 2.5 s, dense below 100 ms (the
 * p99 target of BENCHMARKS.md).
 */
const LATENESS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5];

/**
 * The service's Prometheus metrics, in a registry the app owns (never prom-client's global one, so
 * several apps in one process, as in tests, never share counters). Counters are pushed by hooks in
 * the gateway (`forGateway`), the cache (`cache`) and the GraphQL plugin (`operation`); gauges of
 * state (circuits, subscriptions, pollers, cache size, budget waits) are read when scraped, from the
 * sources given to `attach`. Names start with `exports_`; Node's default process metrics are included.
 */
export class ServiceMetrics implements GatewayMetricsFactory {
  readonly registry = new Registry();
  private sources: MetricSources | undefined;
  private readonly budgetWaitsSeen = new WeakMap<object, number>();
  private readonly operationNames = new Set<string>();

  private readonly upstreamRequests = new Counter({
    name: 'exports_upstream_requests_total',
    help: 'Upstream provider calls (each attempt, retries included) by provider and outcome: OK or the error code.',
    labelNames: ['provider', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly upstreamDuration = new Histogram({
    name: 'exports_upstream_request_duration_seconds',
    help: 'Latency of upstream provider calls (each attempt), seconds.',
    labelNames: ['provider'] as const,
    buckets: UPSTREAM_BUCKETS,
    registers: [this.registry],
  });
  private readonly upstreamRetries = new Counter({
    name: 'exports_upstream_retries_total',
    help: 'Retries of upstream provider calls, by provider and the error code that caused them.',
    labelNames: ['provider', 'code'] as const,
    registers: [this.registry],
  });
  private readonly cacheReads = new Counter({
    name: 'exports_task_cache_reads_total',
    help: 'Reads of the shared task cache by provider and result: hit (fresh state served) or miss (read upstream, or joined a read in flight).',
    labelNames: ['provider', 'result'] as const,
    registers: [this.registry],
  });
  private readonly responseCacheReads = new Counter({
    name: 'exports_response_cache_reads_total',
    help: 'Lookups of the HTTP response cache by result: hit (a kept answer served without running the query) or miss.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  private readonly operations = new Counter({
    name: 'exports_graphql_operations_total',
    help: 'GraphQL operations over HTTP by operation name, type and outcome (ok, partial: data with errors, error: no data).',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly operationDuration = new Histogram({
    name: 'exports_graphql_operation_duration_seconds',
    help: 'Duration of GraphQL operations over HTTP, seconds.',
    labelNames: ['operation', 'type'] as const,
    buckets: OPERATION_BUCKETS,
    registers: [this.registry],
  });

  private readonly pollLateness = new Histogram({
    name: 'exports_poll_lateness_seconds',
    help: 'How late each live poll started after its deadline, seconds (a busy event loop, or a read that ran past the next deadline).',
    buckets: LATENESS_BUCKETS,
    registers: [this.registry],
  });
  private readonly pollSkipped = new Counter({
    name: 'exports_poll_deadlines_skipped_total',
    help: 'Poll deadlines skipped because the read before them was still running well past them (never caught up with extra reads).',
    registers: [this.registry],
  });

  constructor(
    private readonly logger: Logger,
    /** Most distinct operation names labelled; later names count as `__other` (names are chosen by clients). Default 200. */
    private readonly maxOperationNames = 200,
  ) {
    collectDefaultMetrics({ register: this.registry });
    // Collected at scrape time: the budgets count their waits themselves; the counter takes the difference.
    const budgetWaits: Counter<'tenant' | 'provider'> = new Counter({
      name: 'exports_upstream_budget_waits_total',
      help: 'Upstream calls that had to wait for the request budget of their (tenant, provider).',
      labelNames: ['tenant', 'provider'] as const,
      registers: [this.registry],
      collect: () => {
        for (const g of this.sources?.gateways() ?? []) {
          const delta = g.budgetWaited - (this.budgetWaitsSeen.get(g.budget) ?? 0);
          this.budgetWaitsSeen.set(g.budget, g.budgetWaited);
          budgetWaits.inc({ tenant: g.tenant, provider: g.provider }, Math.max(0, delta));
        }
      },
    });
    const circuit: Gauge<'tenant' | 'provider' | 'state'> = new Gauge({
      name: 'exports_upstream_circuit_state',
      help: 'Circuit breaker of each (tenant, provider): 1 for its current state (closed, half-open, open), 0 for the others.',
      labelNames: ['tenant', 'provider', 'state'] as const,
      registers: [this.registry],
      collect: () => {
        circuit.reset();
        for (const g of this.sources?.gateways() ?? []) {
          for (const state of ['closed', 'half-open', 'open'] as const)
            circuit.set({ tenant: g.tenant, provider: g.provider, state }, g.circuit === state ? 1 : 0);
        }
      },
    });
    const gauge = (name: string, help: string, read: (s: MetricSources) => number) => {
      const g: Gauge = new Gauge({
        name,
        help,
        registers: [this.registry],
        collect: () => {
          if (this.sources) g.set(read(this.sources));
        },
      });
    };
    gauge('exports_subscriptions_active', 'Subscription streams open in this process.', (s) => s.activeStreams());
    gauge('exports_pollers_active', 'Tasks this process is polling now.', (s) => s.activePollers());
    gauge('exports_task_cache_entries', 'States held by the shared task cache.', (s) => s.cacheEntries());
  }

  /** Gives the collect-time gauges their sources (built after the metrics, which they are built with). */
  attach(sources: MetricSources): void {
    this.sources = sources;
  }

  /** The metrics of one (tenant, provider) gateway: counts and times attempts, logs them at debug. */
  forGateway(tenantId: string, provider: string): GatewayMetrics {
    const requests = this.upstreamRequests;
    const duration = this.upstreamDuration.labels({ provider });
    const retries = this.upstreamRetries;
    const logger = this.logger;
    return {
      attempt(latencyMs, outcome, call) {
        const error = outcome instanceof ServiceError ? outcome : undefined;
        const code = error ? error.code : 'OK';
        requests.inc({ provider, outcome: code });
        duration.observe(latencyMs / 1000);
        if (logger.isLevelEnabled('debug')) {
          const providerRequestId = error ? error.provider?.requestId : requestIdOf(outcome);
          logger.debug(
            {
              tenant: tenantId,
              provider,
              outcome: code,
              providerCode: error?.provider?.providerCode,
              latencyMs: Math.round(latencyMs * 10) / 10,
              providerRequestId: providerRequestId ?? null,
              ...(call && {
                ...(call.requestId !== undefined ? { requestId: call.requestId } : {}),
                ...(call.task !== undefined ? { task: call.task } : {}),
                ...(call.poll ? { poll: true } : {}),
                retry: call.retry,
                budgetWaitMs: Math.round(call.budgetWaitMs * 10) / 10,
              }),
            },
            'upstream call',
          );
        }
      },
      retries: { inc: (code) => retries.inc({ provider, code }) },
    };
  }

  /** The cache's hook. */
  readonly cache: CacheMetrics = {
    read: (provider, hit) => this.cacheReads.inc({ provider, result: hit ? 'hit' : 'miss' }),
  };

  /** Counts one lookup of the response cache. */
  responseCacheRead(hit: boolean): void {
    this.responseCacheReads.inc({ result: hit ? 'hit' : 'miss' });
  }

  /** The live pollers' hook. */
  readonly poll: PollMetrics = {
    lateness: (ms) => this.pollLateness.observe(ms / 1000),
    skipped: (count) => this.pollSkipped.inc(count),
  };

  /** Records one GraphQL operation; `name` null for anonymous or unparsable operations. */
  operation(name: string | null, type: string | null, outcome: OperationOutcome, seconds: number): void {
    const operation = this.operationLabel(name);
    const t = type ?? 'unknown';
    this.operations.inc({ operation, type: t, outcome });
    this.operationDuration.observe({ operation, type: t }, seconds);
  }

  /** The Prometheus text exposition and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private operationLabel(name: string | null): string {
    if (name === null) return '__anonymous';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= this.maxOperationNames) return '__other';
    this.operationNames.add(name);
    return name;
  }
}

function requestIdOf(result: unknown): string | undefined {
  const id = (result as { requestId?: unknown } | null)?.requestId;
  return typeof id === 'string' ? id : undefined;
}

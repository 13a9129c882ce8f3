/**
 * What a provider gateway reports about its upstream calls, bound to one (tenant, provider). The
 * gateway holds a no-op one unless the app passes a factory (src/observability/service-metrics.ts).
 */
export interface GatewayMetrics {
  /**
   * One upstream attempt finished after `latencyMs`: `outcome` is what it returned (an
   * `ExportTaskState`, a page) or the `ServiceError` it failed with. Counted by provider and code
   * ("OK" or the error code), timed, and logged at debug with the provider's request id.
   */
  attempt(latencyMs: number, outcome: unknown, call?: AttemptFacts): void;
  /** Counts one retry of an upstream call; `code` is the error code that caused it. */
  readonly retries: { inc(code: string): void };
}

/** What an attempt was for, for its log line. */
export interface AttemptFacts {
  /** The request id of the operation that made the call; undefined for a poll's. */
  readonly requestId?: string | undefined;
  /** The task read (`provider:id`); undefined for a listing. */
  readonly task?: string | undefined;
  /** 0 for the first attempt, then 1, 2… for retries. */
  readonly retry: number;
  /** How long the attempt waited for the (tenant, provider) request budget, ms. */
  readonly budgetWaitMs: number;
  /** A background read: a live task's poll. */
  readonly poll: boolean;
}

/** Builds the metrics of each (tenant, provider) gateway. */
export interface GatewayMetricsFactory {
  forGateway(tenantId: string, provider: string): GatewayMetrics;
}

/** Reports nothing. */
export const NO_GATEWAY_METRICS: GatewayMetrics = { attempt: () => {}, retries: { inc: () => {} } };

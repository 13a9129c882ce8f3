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
  attempt(latencyMs: number, outcome: unknown): void;
  /** Counts one retry of an upstream call; `code` is the error code that caused it. */
  readonly retries: { inc(code: string): void };
}

/** Builds the metrics of each (tenant, provider) gateway. */
export interface GatewayMetricsFactory {
  forGateway(tenantId: string, provider: string): GatewayMetrics;
}

/** Reports nothing. */
export const NO_GATEWAY_METRICS: GatewayMetrics = { attempt: () => {}, retries: { inc: () => {} } };

import {
  BrokenCircuitError,
  circuitBreaker,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
  type IDisposable,
  retry,
  type RetryPolicy,
} from 'cockatiel';

import { DEFAULT_RESILIENCE, type ResilienceConfig } from '../config/config';
import { ErrorCode } from '../errors/error-code';
import { ServiceError } from '../errors/service-error';
import type { Logger } from '../logging/logger';
import type { ProviderDescriptor } from '../providers/provider';
import type { Clock } from '../time/clock';
import { isBreakerFailure, isRetryable } from './failure-policy';
import type { HealthTracker } from './health-tracker';
import { retryAfterMs, retryBackoff } from './retry-backoff';

/** What one (tenant, provider)'s policy reports to and about. */
export interface ResiliencePolicyOptions {
  readonly descriptor: ProviderDescriptor;
  /** When the circuit opened, for the wait a refusal announces. */
  readonly clock: Clock;
  readonly tenantId: string;
  /** Told when the circuit opens and closes. */
  readonly health: HealthTracker;
  /** Default `DEFAULT_RESILIENCE`. */
  readonly config?: ResilienceConfig | undefined;
  readonly logger?: Logger | undefined;
  /** Jitter source (tests make it deterministic). Default `Math.random`. */
  readonly random?: (() => number) | undefined;
  /** Told of each retry with the error code that caused it (metrics). */
  readonly onRetry?: ((code: string) => void) | undefined;
}

/** The circuit of one (tenant, provider). */
export type CircuitStatus = 'closed' | 'open' | 'half-open';

/**
 * Retries and circuit breaking (cockatiel) of one (tenant, provider), around each upstream attempt:
 *
 *     retry( breaker( attempt ) )
 *
 * so every attempt, first or retried, passes the breaker (an open circuit stops the retries at once)
 * and is counted by it; the attempt itself holds the bulkhead slot and takes from the rate budget (see
 * ProviderGateway). Which failures are retried or counted is `failure-policy.ts`. The breaker is a
 * consecutive one: `breakerFailures` failures in a row open it; after `breakerHalfOpenMs` one call
 * probes, and its outcome closes or re-opens it. An open circuit answers PROVIDER_UNAVAILABLE without
 * calling the provider.
 */
export class ResiliencePolicy {
  readonly config: ResilienceConfig;
  private readonly retry: RetryPolicy;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly listeners: IDisposable[];
  /**
   * The log fields of the call each failed attempt belongs to (its operation's request id, its task), by
   * the error it failed with: cockatiel's retry listener is told the error, not the call.
   */
  private readonly callOf = new WeakMap<object, Record<string, unknown>>();
  private openedAt = 0;

  constructor(private readonly options: ResiliencePolicyOptions) {
    const config = (this.config = options.config ?? DEFAULT_RESILIENCE);
    this.breaker = circuitBreaker(
      handleWhen((e) => isBreakerFailure(e)),
      { halfOpenAfter: config.breakerHalfOpenMs, breaker: new ConsecutiveBreaker(config.breakerFailures) },
    );
    this.retry = retry(
      // A Retry-After longer than we would wait anyway is not waited for: the caller gets the error now.
      handleWhen((e) => isRetryable(e) && (retryAfterMs(e) ?? 0) <= config.retryMaxDelayMs),
      {
        maxAttempts: config.retries,
        backoff: retryBackoff({ baseDelayMs: config.retryBaseDelayMs, maxDelayMs: config.retryMaxDelayMs }, options.random),
      },
    );
    const where = { tenant: options.tenantId, provider: options.descriptor.id };
    const log = options.logger;
    this.listeners = [
      this.breaker.onBreak((reason) => {
        this.openedAt = options.clock.now();
        options.health.setCircuitOpen(true);
        const code = 'error' in reason && reason.error instanceof ServiceError ? reason.error.code : undefined;
        log?.warn(
          { ...where, code, reopenInMs: config.breakerHalfOpenMs },
          'circuit opened: provider calls refused until a probe succeeds',
        );
      }),
      this.breaker.onHalfOpen(() => log?.debug(where, 'circuit half-open: probing the provider')),
      this.breaker.onReset(() => {
        options.health.setCircuitOpen(false);
        log?.info(where, 'circuit closed: provider answering again');
      }),
      this.retry.onRetry((r) => {
        const code = 'error' in r && r.error instanceof ServiceError ? r.error.code : undefined;
        options.onRetry?.(code ?? 'UNKNOWN');
        const call = 'error' in r && typeof r.error === 'object' && r.error !== null ? this.callOf.get(r.error) : undefined;
        log?.debug({ ...where, ...call, code, attempt: r.attempt, delayMs: Math.round(r.delay) }, 'retrying upstream call');
      }),
    ];
  }

  /** The circuit's state now. */
  get circuit(): CircuitStatus {
    switch (this.breaker.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.HalfOpen:
        return 'half-open';
      default:
        return 'open';
    }
  }

  /**
   * Runs `attempt` under the retry and breaker policies, telling it its retry number (0 for the first
   * attempt). An open circuit becomes PROVIDER_UNAVAILABLE; any other failure is the last attempt's, as
   * thrown. `call` is added to the call's `retrying upstream call` lines (its request id, its task).
   */
  async execute<T>(
    attempt: (signal: AbortSignal, retry: number) => Promise<T>,
    signal: AbortSignal,
    call?: Record<string, unknown>,
  ): Promise<T> {
    const tagged = call
      ? (s: AbortSignal, retry: number) =>
          attempt(s, retry).catch((e: unknown) => {
            if (typeof e === 'object' && e !== null) this.callOf.set(e, call);
            throw e;
          })
      : attempt;
    try {
      return await this.retry.execute(
        (outer) => this.breaker.execute((inner) => tagged(inner.signal, outer.attempt), outer.signal),
        signal,
      );
    } catch (e) {
      if (e instanceof BrokenCircuitError) throw this.circuitOpenError();
      throw e;
    }
  }

  private circuitOpenError(): ServiceError {
    const { descriptor } = this.options;
    const config = this.config;
    const waitMs = Math.max(0, config.breakerHalfOpenMs - (this.options.clock.now() - this.openedAt));
    return new ServiceError(
      ErrorCode.PROVIDER_UNAVAILABLE,
      `${descriptor.name} is unavailable: the circuit is open after ${config.breakerFailures} consecutive failures, ` +
        `so no call is made; the next probe is in ${Math.ceil(waitMs / 1000)} s`,
      { provider: descriptor.id, retryable: true, retryAfterSeconds: Math.ceil(waitMs / 1000) },
    );
  }

  /** Stops reporting to health and logs. */
  dispose(): void {
    for (const l of this.listeners.splice(0)) l.dispose();
  }
}

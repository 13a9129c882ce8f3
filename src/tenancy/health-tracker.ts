import type { ServiceError } from '../errors/service-error';
import type { Clock } from '../time/clock';

/** One upstream call's outcome. */
interface Sample {
  readonly at: number;
  readonly latencyMs: number;
  readonly ok: boolean;
}

/** A point-in-time view of a provider's health for one tenant (mirrors the GraphQL `ProviderHealth`). */
export interface HealthSnapshot {
  readonly state: 'UP' | 'DEGRADED' | 'DOWN' | 'UNKNOWN';
  readonly circuitOpen: boolean;
  readonly p50LatencyMs: number | null;
  readonly errorRate: number | null;
  readonly lastError: ServiceError | null;
  readonly checkedAt: number | null;
}

/**
 * Records the outcomes of one (tenant, provider)'s recent upstream calls in a bounded window
 * (the last `maxSamples` calls within `windowMs`) and derives its health from them.
 */
export class HealthTracker {
  private readonly samples: Sample[] = [];
  private lastError: ServiceError | null = null;
  private circuitOpen = false;

  constructor(
    private readonly clock: Clock,
    /** Default 60000. */
    private readonly windowMs = 60_000,
    /** Default 200. */
    private readonly maxSamples = 200,
  ) {}

  /** Records a call that answered (successfully or with a task-level answer such as NOT_FOUND). */
  success(latencyMs: number): void {
    this.push({ at: this.clock.now(), latencyMs, ok: true });
  }

  /** Records a failed call. */
  failure(latencyMs: number, error: ServiceError): void {
    this.lastError = error;
    this.push({ at: this.clock.now(), latencyMs, ok: false });
  }

  /** Set by the circuit breaker when it opens or closes. */
  setCircuitOpen(open: boolean): void {
    this.circuitOpen = open;
  }

  private push(s: Sample): void {
    this.samples.push(s);
    if (this.samples.length > this.maxSamples) this.samples.shift();
  }

  /** The current health. */
  snapshot(): HealthSnapshot {
    const since = this.clock.now() - this.windowMs;
    while (this.samples.length > 0 && this.samples[0]!.at < since) this.samples.shift();
    const n = this.samples.length;
    const checkedAt = n > 0 ? this.samples[n - 1]!.at : null;
    if (n === 0) {
      return {
        state: this.circuitOpen ? 'DOWN' : 'UNKNOWN',
        circuitOpen: this.circuitOpen,
        p50LatencyMs: null,
        errorRate: null,
        lastError: this.lastError,
        checkedAt,
      };
    }
    const failures = this.samples.filter((s) => !s.ok).length;
    const errorRate = failures / n;
    const latencies = this.samples.map((s) => s.latencyMs).sort((a, b) => a - b);
    const p50LatencyMs = latencies[Math.floor((n - 1) / 2)]!;
    const state = this.circuitOpen || errorRate >= 0.5 ? 'DOWN' : errorRate > 0.05 ? 'DEGRADED' : 'UP';
    return { state, circuitOpen: this.circuitOpen, p50LatencyMs, errorRate, lastError: this.lastError, checkedAt };
  }
}

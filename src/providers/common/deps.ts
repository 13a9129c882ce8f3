import type { HttpClient } from '../../http/http-client';
import type { Clock } from '../../time/clock';

/** What every provider client needs besides its configuration. */
export interface ProviderClientDeps {
  /** Shared transport (possibly wrapped in retry/circuit-breaking policies); clients never dispose it. */
  readonly http: HttpClient;
  /** Signing timestamps and `observedAt`. */
  readonly clock: Clock;
}

import type { ProviderId } from '../../domain/provider-id';
import type { HealthSnapshot } from '../../tenancy/health-tracker';
import { providerErrorView } from './provider-error.view';
import type { ProviderHealth } from './provider-health.type';
import { ProviderState } from './provider-state.enum';

/** The GraphQL `ProviderHealth` for a snapshot; UNKNOWN when the provider was never called. */
export function healthView(provider: ProviderId, s: HealthSnapshot | undefined): ProviderHealth {
  if (!s)
    return { state: ProviderState.UNKNOWN, circuitOpen: false, p50LatencyMs: null, errorRate: null, lastError: null, checkedAt: null };
  return {
    state: ProviderState[s.state],
    circuitOpen: s.circuitOpen,
    p50LatencyMs: s.p50LatencyMs,
    errorRate: s.errorRate,
    lastError: s.lastError ? providerErrorView(s.lastError, provider) : null,
    checkedAt: s.checkedAt,
  };
}

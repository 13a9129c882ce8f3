import type { ProviderId } from '../../domain/provider-id';
import { descriptors } from '../../providers/registry';
import type { TenantRuntime } from '../../tenancy/tenant-runtime';
import type { Provider } from './provider.type';

const byId = new Map(descriptors.map((d) => [d.id, d]));

/**
 * The GraphQL `Provider` object for a provider id. `capabilities.maxRequestsPerSecond` is the tenant's
 * budget when it configures one; the other tenant-specific fields resolve separately.
 */
export function providerView(id: ProviderId, tenant: TenantRuntime): Provider {
  const d = byId.get(id)!;
  const configured = tenant.config.providers[id];
  return {
    id: d.id,
    name: d.name,
    vendor: d.vendor,
    apiAction: d.apiAction,
    apiVersion: d.apiVersion,
    capabilities: { ...d.capabilities, maxRequestsPerSecond: configured?.maxRequestsPerSecond ?? d.capabilities.maxRequestsPerSecond },
  };
}

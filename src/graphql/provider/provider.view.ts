import { ServiceError } from '../../errors/service-error';
import type { ProviderId } from '../../providers/provider-id';
import { isProviderId, PROVIDER_IDS } from '../../providers/provider-id';
import { descriptors } from '../../providers/registry';
import type { GraphQLContext } from '../context';
import type { Provider } from './provider.type';

const byId = new Map(descriptors.map((d) => [d.id, d]));

/**
 * The GraphQL `Provider` object for a provider id. `capabilities.maxRequestsPerSecond` is the caller's
 * tenant's budget when it configures one; the other tenant-specific fields resolve separately.
 */
export function providerView(id: ProviderId, ctx?: GraphQLContext): Provider {
  const d = byId.get(id)!;
  const configured = ctx?.tenant.config.providers[id];
  return {
    id: d.id,
    name: d.name,
    vendor: d.vendor,
    apiAction: d.apiAction,
    apiVersion: d.apiVersion,
    capabilities: { ...d.capabilities, maxRequestsPerSecond: configured?.maxRequestsPerSecond ?? d.capabilities.maxRequestsPerSecond },
  };
}

/** Validates a provider id argument: BAD_USER_INPUT naming the four ids when unknown. */
export function requireProviderId(id: string): ProviderId {
  if (!isProviderId(id)) {
    const shown = id.length > 64 ? `${id.slice(0, 64)}...` : id;
    throw ServiceError.badInput(`Unknown provider "${shown}": expected one of ${PROVIDER_IDS.join(', ')}`);
  }
  return id;
}

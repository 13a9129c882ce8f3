import type { ProviderId } from '../domain/provider-id';

/** The key of a (tenant, task) in every per-task map of this process: the tenant is always part of it. */
export function taskKey(tenantId: string, provider: ProviderId, providerTaskId: string): string {
  return `${tenantId}\u0000${provider}:${providerTaskId}`;
}

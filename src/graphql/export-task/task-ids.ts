import { ServiceError } from '../../errors/service-error';
import { parseTaskId } from '../../providers/task-id';
import type { ProviderId } from '../../providers/provider-id';
import type { TenantRuntime } from '../../tenancy/tenant-runtime';

/** Most ids one `exportTasks` query or `exportTaskUpdates` subscription may name. */
export const MAX_IDS = 100;

/** A validated task id. */
export interface ParsedTaskId {
  readonly id: string;
  readonly provider: ProviderId;
  readonly providerTaskId: string;
}

/**
 * Validates a list of global ids before anything reaches a provider: at most `MAX_IDS`, each well
 * formed. Throws BAD_USER_INPUT naming the offending index.
 */
export function parseTaskIds(ids: readonly string[]): ParsedTaskId[] {
  if (ids.length > MAX_IDS) {
    throw ServiceError.badInput(`Too many ids: expected at most ${MAX_IDS}, but got ${ids.length}`);
  }
  return ids.map((id, i) => {
    try {
      return { id, ...parseTaskId(id) };
    } catch (e) {
      if (e instanceof ServiceError) throw ServiceError.badInput(`ids[${i}]: ${e.message}`);
      throw e;
    }
  });
}

/** Throws PROVIDER_NOT_CONFIGURED for the first id whose provider the tenant has no credentials for. */
export function requireConfigured(tenant: TenantRuntime, ids: readonly ParsedTaskId[]): void {
  for (const t of ids) tenant.requireConfigured(t.provider);
}

import { taskGlobalId } from '../domain/export-task';
import { isProviderId, PROVIDER_IDS, type ProviderId } from '../domain/provider-id';
import type { TaskRef } from '../domain/task-ref';
import { echo } from '../errors/echo';
import { ServiceError } from '../errors/service-error';
import { providerModules } from './registry';

/** Most ids one operation may name (`exportTasks`, `exportTaskUpdates`). */
export const MAX_IDS = 100;

/**
 * Splits and validates a global task id `<providerId>:<providerTaskId>` (README, "Querying") by the
 * provider's own rule: the one place a `TaskRef` is made.
 * @throws ServiceError `BAD_USER_INPUT` saying what was expected and (a bounded excerpt of) what was given.
 */
export function parseTaskId(globalId: string): TaskRef {
  const colon = globalId.indexOf(':');
  const provider = colon < 0 ? '' : globalId.slice(0, colon);
  if (!isProviderId(provider)) {
    throw ServiceError.badInput(
      `Invalid task id ${echo(globalId)}: expected "<providerId>:<providerTaskId>" with providerId one of ${PROVIDER_IDS.join(', ')}`,
    );
  }
  const providerTaskId = globalId.slice(colon + 1);
  const rule = providerModules[provider].taskId;
  if (!rule.test(providerTaskId)) {
    throw ServiceError.badInput(`Invalid task id ${echo(globalId)}: expected the ${provider} task id to be ${rule.description}`);
  }
  return { id: globalId, provider, providerTaskId } as TaskRef;
}

/**
 * A bare provider task id (e.g. a listing's `providerTaskId` filter) as a `TaskRef` of `provider`.
 * @throws ServiceError `BAD_USER_INPUT` naming `what` (the argument) and the provider's rule.
 */
export function parseProviderTaskId(provider: ProviderId, providerTaskId: string, what: string): TaskRef {
  const rule = providerModules[provider].taskId;
  if (!rule.test(providerTaskId)) {
    throw ServiceError.badInput(`Invalid ${what} ${echo(providerTaskId)}: expected a ${provider} task id, ${rule.description}`);
  }
  return { id: taskGlobalId(provider, providerTaskId), provider, providerTaskId } as TaskRef;
}

/**
 * Validates the ids of one operation before anything reaches a provider: 1 to `MAX_IDS`, each well
 * formed. Throws BAD_USER_INPUT naming the offending index.
 */
export function parseTaskIds(ids: readonly string[]): TaskRef[] {
  if (ids.length > MAX_IDS) {
    throw ServiceError.badInput(`Too many ids: expected at most ${MAX_IDS}, but got ${ids.length}`);
  }
  return ids.map((id, i) => {
    try {
      return parseTaskId(id);
    } catch (e) {
      if (e instanceof ServiceError) throw ServiceError.badInput(`ids[${i}]: ${e.message}`);
      throw e;
    }
  });
}

/**
 * Validates a provider id argument.
 * @throws ServiceError `BAD_USER_INPUT` naming the four ids when unknown.
 */
export function parseProviderId(id: string): ProviderId {
  if (!isProviderId(id)) {
    const shown = id.length > 64 ? `${id.slice(0, 64)}...` : id;
    throw ServiceError.badInput(`Unknown provider "${shown}": expected one of ${PROVIDER_IDS.join(', ')}`);
  }
  return id;
}

import type { ProviderId } from '../../src/domain/provider-id';
import type { TaskRef } from '../../src/domain/task-ref';
import { parseTaskId } from '../../src/providers/task-id';

/** The validated id of `provider`'s task `providerTaskId`, as the resolvers make it. */
export function taskRef(provider: ProviderId, providerTaskId: string): TaskRef {
  return parseTaskId(`${provider}:${providerTaskId}`);
}

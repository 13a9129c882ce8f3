import type { ProviderId } from './provider-id';

declare const validated: unique symbol;

/**
 * A task id that has been validated (README, "Querying"): `id` is `<providerId>:<providerTaskId>`
 * and `providerTaskId` is well formed for `provider`. Only `parseTaskId` (providers/task-id.ts) makes
 * one, so a `TaskRef` that reaches a provider client or an upstream URL has always been checked; it
 * travels typed from the resolver to the request, never parsed again.
 */
export interface TaskRef {
  /** The global id, canonical: the key of loaders, caches and topics. */
  readonly id: string;
  readonly provider: ProviderId;
  /** The provider's own id, verbatim. */
  readonly providerTaskId: string;
  readonly [validated]: true;
}

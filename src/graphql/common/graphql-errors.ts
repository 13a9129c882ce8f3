import { GraphQLError } from 'graphql';

import { type ServiceError, toServiceError } from '../../errors/service-error';

/**
 * The `extensions` of a service error as a GraphQL error (the README's error table): `code` always;
 * `provider`, `providerCode`, `requestId` and `retryable` (and `retryAfterSeconds` when known) for
 * provider errors.
 */
export function graphQLExtensions(err: ServiceError): Record<string, unknown> {
  const extensions: Record<string, unknown> = { code: err.code };
  if (err.provider) {
    extensions['provider'] = err.provider.provider;
    extensions['providerCode'] = err.provider.providerCode ?? null;
    extensions['requestId'] = err.provider.requestId ?? null;
    extensions['retryable'] = err.provider.retryable;
    if (err.provider.retryAfterSeconds !== undefined) extensions['retryAfterSeconds'] = err.provider.retryAfterSeconds;
  }
  return extensions;
}

/**
 * A failure as the GraphQL error a resolver returns in a list (graphql-js puts null at its index with
 * the error located there). A failure a resolver throws needs no conversion: `server/format-error.ts`
 * gives every thrown `ServiceError` these same extensions where the response is formatted, so resolvers
 * neither catch nor wrap (and pay nothing for it when they succeed). Unknown failures become a generic
 * INTERNAL_SERVER_ERROR (their details go to the log only).
 */
export function toGraphQLError(e: unknown): GraphQLError {
  if (e instanceof GraphQLError) return e;
  const err = toServiceError(e);
  return new GraphQLError(err.message, { extensions: graphQLExtensions(err), originalError: err });
}

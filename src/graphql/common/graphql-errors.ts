import { GraphQLError } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';

import { toServiceError } from '../../errors/service-error';

/**
 * Turns anything thrown inside a resolver into the GraphQL error of CONTRACT.md section 4:
 * `extensions.code` always; `provider`, `providerCode`, `requestId` and `retryable` for provider errors.
 * Unknown failures become a generic INTERNAL_SERVER_ERROR (their details go to the log only).
 */
export function toGraphQLError(e: unknown): GraphQLError {
  if (e instanceof GraphQLError) return e;
  const err = toServiceError(e);
  const extensions: Record<string, unknown> = { code: err.code };
  if (err.provider) {
    extensions['provider'] = err.provider.provider;
    extensions['providerCode'] = err.provider.providerCode ?? null;
    extensions['requestId'] = err.provider.requestId ?? null;
    extensions['retryable'] = err.provider.retryable;
  }
  return new GraphQLError(err.message, { extensions, originalError: err });
}

/**
 * The one place a resolver's failure becomes a GraphQL error: a type-graphql middleware for the
 * resolvers that can fail (`@UseMiddleware(GraphQLErrors)`); plain fields are left unwrapped.
 */
export const GraphQLErrors: MiddlewareFn = async (_data, next) => {
  try {
    return await next();
  } catch (e) {
    throw toGraphQLError(e);
  }
};

/** `GraphQLErrors` for resolver functions that type-graphql does not call (subscribe, reference resolvers). */
export function withGraphQLErrors<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    try {
      const result = fn(...args);
      return (result instanceof Promise ? result.catch((e: unknown) => Promise.reject(toGraphQLError(e))) : result) as R;
    } catch (e) {
      throw toGraphQLError(e);
    }
  };
}

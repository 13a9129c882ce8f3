import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../errors/error-code';
import { ServiceError, toServiceError } from '../../errors/service-error';

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

/** A `BAD_USER_INPUT` GraphQL error. */
export function badUserInput(message: string): GraphQLError {
  return toGraphQLError(new ServiceError(ErrorCode.BAD_USER_INPUT, message));
}

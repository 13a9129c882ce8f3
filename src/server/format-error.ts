import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';

import { ErrorCode } from '../errors/error-code';
import { ensureError, ServiceError } from '../errors/service-error';
import { graphQLExtensions } from '../graphql/common/graphql-errors';
import type { Logger } from '../logging/logger';
import { withoutSuggestions } from './limits/schema-details';

/** Options of `formatError`. */
export interface FormatErrorOptions {
  /** Remove "Did you mean …?" suggestions (set when introspection is off). Default false. */
  readonly hideSchemaDetails?: boolean;
}

/** Apollo's `formatError` signature, also used for WebSocket operations. */
export type ErrorFormatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * Apollo's `formatError`, and the one place where a failure a resolver threw becomes its GraphQL error:
 * a `ServiceError` gets the extensions the README's error table lists (`graphQLExtensions`); errors this
 * service built as GraphQL errors pass through as built; anything else that would reach a caller as
 * INTERNAL_SERVER_ERROR is logged and replaced by a generic message, so that no internal detail (paths,
 * hosts, secrets) leaks. An INTERNAL_SERVER_ERROR about a provider (an answer no table classifies, a
 * failure inside a client) is logged too, but keeps its message and provider details: its message is
 * built from fixed text and the provider's code, and an operator needs the provider's request id.
 */
export function formatError(logger: Logger, options: FormatErrorOptions = {}): ErrorFormatter {
  return (given: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const service = original instanceof ServiceError ? original : undefined;
    const formatted =
      service && (service.code !== ErrorCode.INTERNAL_SERVER_ERROR || service.provider)
        ? { ...given, message: service.message, extensions: graphQLExtensions(service) }
        : given;
    const code = formatted.extensions?.['code'];
    if (code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      return options.hideSchemaDetails ? { ...formatted, message: withoutSuggestions(formatted.message) } : formatted;
    }
    const cause = service ? (service.cause ?? service) : original;
    const err = ensureError(cause);
    logger.error({ err: { message: err.message, stack: err.stack } }, 'internal error');
    if (service?.provider) return formatted;
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/**
 * Formats an error that graphql-js produced outside Apollo (WebSocket operations): it gets the code
 * Apollo would give it when it has none (a request error such as a bad variable is BAD_USER_INPUT;
 * anything thrown while executing is INTERNAL_SERVER_ERROR), then goes through `format`.
 */
export function formatExecutionError(format: ErrorFormatter, error: GraphQLError): GraphQLFormattedError {
  const json = error.toJSON();
  if (json.extensions?.['code'] !== undefined) return format(json, error);
  const code = error.originalError || error.path ? ErrorCode.INTERNAL_SERVER_ERROR : ErrorCode.BAD_USER_INPUT;
  return format({ ...json, extensions: { ...json.extensions, code } }, error);
}

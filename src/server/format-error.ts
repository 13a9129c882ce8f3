import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ServiceError } from '../errors/service-error';
import type { Logger } from '../logging/logger';

/**
 * Apollo's `formatError`: errors this service raised on purpose pass through as built; anything
 * else that would reach a caller as INTERNAL_SERVER_ERROR is logged and replaced by a generic
 * message, so that no internal detail (paths, hosts, secrets) leaks.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.['code'];
    if (code !== 'INTERNAL_SERVER_ERROR') return formatted;
    const cause = original instanceof ServiceError ? original.cause : original;
    logger.error({ err: cause instanceof Error ? { message: cause.message, stack: cause.stack } : String(cause) }, 'internal error');
    return { message: 'Internal server error', ...(formatted.path ? { path: formatted.path } : {}), ...(formatted.locations ? { locations: formatted.locations } : {}), extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

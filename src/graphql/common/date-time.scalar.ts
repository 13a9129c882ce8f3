import { GraphQLScalarType, Kind } from 'graphql';

import { ServiceError } from '../../errors/service-error';

/**
 * `DateTime`: an ISO-8601 UTC string with milliseconds, e.g. `2026-11-22T09:30:00.000Z`
 * (schema/schema.graphql). Internally times are epoch milliseconds; resolvers return `Date` or a number.
 */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An ISO-8601 UTC date-time string with milliseconds, e.g. "2026-11-22T09:30:00.000Z".',
  serialize(value: unknown): string {
    const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : NaN;
    if (!Number.isFinite(ms)) throw new TypeError(`DateTime cannot represent ${String(value)}`);
    return new Date(ms).toISOString();
  },
  parseValue(value: unknown): Date {
    return parseIso(value);
  },
  parseLiteral(ast): Date {
    if (ast.kind !== Kind.STRING) throw ServiceError.badInput('DateTime must be an ISO-8601 string');
    return parseIso(ast.value);
  },
});

function parseIso(value: unknown): Date {
  const d = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value) ? new Date(value) : null;
  if (!d || Number.isNaN(d.getTime()))
    throw ServiceError.badInput(`DateTime must be an ISO-8601 UTC string such as "2026-11-22T09:30:00.000Z"`);
  return d;
}

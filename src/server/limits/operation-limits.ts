import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';

import { KnownOperationTypesRule } from './known-operation-types.rule';

/** Static limits every operation must keep, over HTTP and WebSocket alike. */
export interface OperationLimits {
  /** Deepest field nesting; fragments are flattened (a spread adds no level). Introspection (`__schema`) is exempt. */
  readonly maxDepth: number;
  /** Most aliases in one operation (fragments counted where spread). */
  readonly maxAliases: number;
  /** Most directives in one operation. */
  readonly maxDirectives: number;
  /**
   * Highest graphql-armor cost: 1 per scalar, 2 per object, each level weighted ×1.5 and a selection with a
   * literal `first` multiplied by it. Introspection is exempt.
   */
  readonly maxCost: number;
  /** Most lexical tokens in one document (graphql-js `parse` option: the parser stops at once beyond it). */
  readonly maxTokens: number;
}

/**
 * Defaults, set from the operations in `schema/operations` with ample head-room: the deepest
 * (a listing with task fields) is depth 6, a full 100-task listing page costs about 15,000, and the
 * GraphiQL introspection query is exempt from depth and cost.
 */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 10,
  maxAliases: 30,
  maxDirectives: 50,
  maxCost: 50_000,
  maxTokens: 5000,
};

/** Options of `graphql.parse` that enforce `maxTokens`. */
export function limitParseOptions(limits: OperationLimits = DEFAULT_OPERATION_LIMITS): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

/**
 * The validation rules beyond graphql-js's own: `KnownOperationTypesRule` and the graphql-armor rules for
 * `limits`. A rejected operation gets one validation error saying
 * which limit and by how much (e.g. `Query depth limit of 10 exceeded, found 50.`); the rule reports it
 * through the validation context (rather than throwing, armor's default) so graphql-js collects it with
 * the other validation errors and Apollo answers 400 `GRAPHQL_VALIDATION_FAILED`.
 */
export function limitValidationRules(limits: OperationLimits = DEFAULT_OPERATION_LIMITS): ValidationRule[] {
  const callbacks = { onReject: [report], propagateOnRejection: false, exposeLimits: true };
  return [
    KnownOperationTypesRule,
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true, ...callbacks }),
    maxAliasesRule({ n: limits.maxAliases, ...callbacks }),
    maxDirectivesRule({ n: limits.maxDirectives, ...callbacks }),
    costLimitRule({ maxCost: limits.maxCost, flattenFragments: true, ignoreIntrospection: true, ...callbacks }),
  ] as unknown as ValidationRule[];
}

// armor prefixes its messages with "Syntax Error: ", which they are not.
function report(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')));
}

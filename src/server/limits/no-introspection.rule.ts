import { ApolloServerValidationErrorCode } from '@apollo/server/errors';
import { type ASTVisitor, GraphQLError, type ValidationContext } from 'graphql';

/** The message of an introspection field in an operation while introspection is off. */
export const INTROSPECTION_DISABLED_MESSAGE = 'GraphQL introspection is not allowed, but the query contained __schema or __type';

/**
 * Refuses `__schema` and `__type` (under any alias) when `server.introspection` is false, over HTTP and
 * WebSocket alike: it is one of the validation rules both paths run, rather than Apollo Server's own
 * `introspection: false`, which only guards HTTP (WebSocket operations never pass through Apollo). The
 * error is a validation error (GRAPHQL_VALIDATION_FAILED) with Apollo's `validationErrorCode:
 * INTROSPECTION_DISABLED`, as Apollo's rule reported it. `__typename` stays allowed: it reveals nothing.
 */
export function NoIntrospectionRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (node.name.value !== '__schema' && node.name.value !== '__type') return;
      context.reportError(
        new GraphQLError(INTROSPECTION_DISABLED_MESSAGE, {
          nodes: node,
          extensions: { validationErrorCode: ApolloServerValidationErrorCode.INTROSPECTION_DISABLED },
        }),
      );
    },
  };
}

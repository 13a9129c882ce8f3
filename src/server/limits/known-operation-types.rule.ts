import { type ASTVisitor, GraphQLError, type ValidationContext } from 'graphql';

/**
 * Refuses an operation whose type the schema does not have (this service has no mutations) at
 * validation, with GRAPHQL_VALIDATION_FAILED, rather than letting graphql-js 16 fail it at execution
 * (which Apollo would report as an internal error). graphql-js 17 has the same rule built in.
 */
export function KnownOperationTypesRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      const root =
        node.operation === 'query'
          ? schema.getQueryType()
          : node.operation === 'mutation'
            ? schema.getMutationType()
            : schema.getSubscriptionType();
      if (!root) context.reportError(new GraphQLError(`The schema has no ${node.operation} operations.`, { nodes: node }));
    },
  };
}

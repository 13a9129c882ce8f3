import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError } from 'graphql';

import type { GraphQLContext } from '../../graphql/context';
import { admitTaskIds, type TaskIdLimit } from '../limits/task-id-limit';

/** Refuses an HTTP operation over too many task ids (or beyond the tenant's id rate) once it is parsed, before it runs. */
export function taskIdLimitPlugin(limit: TaskIdLimit): ApolloServerPlugin<GraphQLContext> {
  // One hooks object for every request: it holds no per-request state.
  const hooks: GraphQLRequestListener<GraphQLContext> = {
    async didResolveOperation({ document, operationName, request, contextValue }) {
      const refused = await admitTaskIds(limit, contextValue.tenant.id, document, operationName, request.variables);
      if (!refused) return;
      const retry = refused.retryAfterSeconds;
      throw new GraphQLError(refused.message, {
        extensions: {
          code: refused.code,
          ...(retry === undefined ? {} : { retryAfterSeconds: retry }),
          // Apollo answers with this status and these headers, and leaves `http` out of the body.
          http: { status: refused.status, headers: new Map(retry === undefined ? [] : [['retry-after', String(retry)]]) },
        },
      });
    },
  };
  return { requestDidStart: async () => hooks };
}

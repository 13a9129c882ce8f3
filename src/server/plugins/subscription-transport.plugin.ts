import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError } from 'graphql';

import { ErrorCode } from '../../errors/error-code';
import type { GraphQLContext } from '../../graphql/context';

/** The message of a subscription sent over plain HTTP: where subscriptions are served instead. */
export const SUBSCRIPTION_TRANSPORTS_MESSAGE =
  'A subscription needs a streaming transport: a WebSocket on /graphql (graphql-transport-ws), GraphQL over SSE ' +
  '("Accept: text/event-stream"), or multipart HTTP ("Accept: multipart/mixed;subscriptionSpec=1.0"); ' +
  'plain HTTP with a JSON answer serves queries only';

/**
 * Refuses a subscription that reached Apollo's plain HTTP path (a `POST` or `GET` asking for JSON only,
 * not one of the streaming transports, which are routed before Apollo) with a GraphQL error naming the
 * three transports, before any resolver runs: a `POST` with 400 (without this, Apollo would run the
 * subscription field's resolver as a query's and answer 200 with an internal error), a `GET` with
 * Apollo's own 405 (`Allow: POST`), whose message this replaces.
 */
export function subscriptionTransportPlugin(): ApolloServerPlugin<GraphQLContext> {
  // One hooks object for every request: it holds no per-request state.
  const hooks: GraphQLRequestListener<GraphQLContext> = {
    async didResolveOperation({ operation }) {
      if (operation?.operation !== 'subscription') return;
      throw new GraphQLError(SUBSCRIPTION_TRANSPORTS_MESSAGE, {
        extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } },
      });
    },
    async willSendResponse({ operation, response }) {
      // Apollo refuses a GET of a subscription before `didResolveOperation` ("GET requests only support query operations").
      if (operation?.operation !== 'subscription' || response.body.kind !== 'single') return;
      const result = response.body.singleResult;
      if (result.data === undefined && result.errors?.length)
        result.errors = [{ message: SUBSCRIPTION_TRANSPORTS_MESSAGE, extensions: { code: ErrorCode.BAD_REQUEST } }];
    },
  };
  return { requestDidStart: async () => hooks };
}

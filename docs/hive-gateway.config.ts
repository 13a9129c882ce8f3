/**
 * Hive Gateway configuration for a supergraph composed from docs/supergraph.yaml. This is the config
 * file of the Hive Gateway CLI (`@graphql-hive/gateway`, which reads the `gatewayConfig` export of a
 * `gateway.config.ts`, or of the file given with `--config-path`):
 *
 *   rover supergraph compose --config docs/supergraph.yaml > supergraph.graphql
 *   npx hive-gateway supergraph supergraph.graphql --config-path docs/hive-gateway.config.ts --port 4100
 *
 * It has the shape the CLI's `defineConfig` accepts, written as a plain object with types only from
 * `@graphql-hive/gateway-runtime` (the runtime the CLI is built on), so that it loads without the CLI
 * installed: test/integration/hive-gateway.test.ts passes these very options to the runtime's
 * `createGatewayRuntime` and drives queries and subscriptions through it.
 *
 * Transports to the `exports` subgraph (this service):
 * - queries: POST application/json to its routing URL;
 * - subscriptions, by default: over SSE on the same URL, a GET with the operation in the query string
 *   and `accept: text/event-stream` (the graphql-sse protocol's distinct connections mode);
 * - subscriptions, with EXPORTS_SUBSCRIPTIONS=ws: over a WebSocket on the same path with the
 *   graphql-transport-ws protocol instead (as docs/router.yaml does for Apollo Router).
 */
import type { GatewayConfigSupergraph } from '@graphql-hive/gateway-runtime';

/** The part of the CLI's config this file sets; the supergraph comes from the command line. */
type HiveGatewayConfig = Omit<GatewayConfigSupergraph, 'supergraph' | 'cache'>;

/** Graphql-ws to the `exports` subgraph for subscriptions instead of SSE (`EXPORTS_SUBSCRIPTIONS=ws`). */
const subscriptionsOverWebSocket: HiveGatewayConfig['transportEntries'] = {
  exports: {
    options: {
      subscriptions: {
        kind: 'ws',
        // Relative to the subgraph's routing URL; http(s) becomes ws(s).
        location: '/graphql',
        options: {
          // A WebSocket carries no headers of the client's: the service reads the API key from
          // connectionParams.authorization. `context.headers` holds the client's request headers
          // (and its own connectionParams when it came over a WebSocket itself).
          connectionParams: { authorization: '{context.headers.authorization}' },
        },
      },
    },
  },
};

export const gatewayConfig = {
  // The service authenticates every request by its API key (`authorization: Bearer <key>`): pass the
  // client's on to the `exports` subgraph, and only to it. This sets the header on every HTTP request
  // to it: queries, entity fetches and SSE subscriptions. A client on a WebSocket to the gateway
  // gives the key as connectionParams.authorization, which the gateway merges into context.headers.
  propagateHeaders: {
    fromClientToSubgraphs: ({ context, request, subgraphName }) =>
      subgraphName === 'exports' ? { authorization: context.headers?.['authorization'] ?? request.headers.get('authorization') } : {},
  },
  ...(process.env['EXPORTS_SUBSCRIPTIONS'] === 'ws' ? { transportEntries: subscriptionsOverWebSocket } : {}),
} satisfies HiveGatewayConfig;

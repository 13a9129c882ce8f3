import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import { isProviderId } from '../providers/provider-id';
import { toGraphQLError } from './common/graphql-errors';
import type { GraphQLContext } from './context';
import { ExportTaskResolver, loadTask } from './export-task/export-task.resolver';
import { ExportTaskUpdatesResolver } from './export-task/export-task-updates.resolver';
import { ProviderResolver } from './provider/provider.resolver';
import { providerView } from './provider/provider.view';

/** The federation link of CONTRACT.md section 1. */
const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';

/** type-graphql cannot describe root types; these descriptions are added to the printed SDL. */
const ROOT_DESCRIPTIONS = {
  Query: "Read export tasks and providers. Every read uses the caller tenant's own credentials.",
  Subscription: 'Live progress over WebSocket (graphql-transport-ws).',
};

/** How the gateway asks for entities of this subgraph; both go through the operation's loaders. */
const referenceResolvers = {
  ExportTask: {
    async __resolveReference(ref: { id: string }, ctx: GraphQLContext) {
      try {
        return await loadTask(ctx, ref.id);
      } catch (e) {
        throw toGraphQLError(e);
      }
    },
  },
  Provider: {
    __resolveReference(ref: { id: string }, ctx: GraphQLContext) {
      return isProviderId(ref.id) ? providerView(ref.id, ctx) : null;
    },
  },
};

/**
 * Builds the executable Apollo Federation v2 subgraph schema: type-graphql classes → SDL with the
 * `@key`/`@shareable` directives kept (`printSchemaWithDirectives`; plain `printSchema` drops them) →
 * `buildSubgraphSchema`, with `createResolversMap` carrying every resolver, subscriptions included.
 */
export async function buildServiceSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [ExportTaskResolver, ExportTaskUpdatesResolver, ProviderResolver],
    validate: false,
    skipCheck: true,
    // Our one subscription has its own `subscribe` (live/); type-graphql still insists on a PubSub
    // for topic-based ones, which this schema does not have.
    pubSub: {
      publish: () => {
        throw new Error('topic-based subscriptions are not used');
      },
      subscribe: () => {
        throw new Error('topic-based subscriptions are not used');
      },
    },
  });
  const sdl = printSchemaWithDirectives(schema)
    .replace(/^type Query \{/m, `"${ROOT_DESCRIPTIONS.Query}"\ntype Query {`)
    .replace(/^type Subscription \{/m, `"${ROOT_DESCRIPTIONS.Subscription}"\ntype Subscription {`);
  const typeDefs = parse(`${FEDERATION_LINK}\n\n${sdl}`);
  const resolvers = { ...createResolversMap(schema) } as Record<string, Record<string, unknown>>;
  for (const [type, extra] of Object.entries(referenceResolvers)) resolvers[type] = { ...resolvers[type], ...extra };
  return buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap<GraphQLContext> }]);
}

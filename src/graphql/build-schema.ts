import 'reflect-metadata';

import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, parse } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';

import type { GraphQLContext } from './context';
import { resolveExportTaskReference } from './export-task/export-task.reference';
import { ExportTaskResolver } from './export-task/export-task.resolver';
import { ExportTaskUpdatesResolver } from './export-task/export-task-updates.resolver';
import { resolveProviderReference } from './provider/provider.reference';
import { ProviderResolver } from './provider/provider.resolver';

/** The federation link of the subgraph (Apollo Federation v2). */
const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';

/** type-graphql cannot describe root types; these descriptions are added to the printed SDL. */
const ROOT_DESCRIPTIONS = {
  Query: "Read export tasks and providers. Every read uses the caller tenant's own credentials.",
  Subscription: 'Live progress over WebSocket (graphql-transport-ws).',
};

/** How a federation gateway asks for the entities of this subgraph. */
const referenceResolvers = {
  ExportTask: { __resolveReference: resolveExportTaskReference },
  Provider: { __resolveReference: resolveProviderReference },
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

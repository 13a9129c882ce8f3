import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';

import { PROVIDER_IDS } from '../../domain/provider-id';
import { ErrorCode } from '../../errors/error-code';
import { ServiceError } from '../../errors/service-error';
import type { ListQuery } from '../../providers/provider';
import { descriptors } from '../../providers/registry';
import { parseProviderId, parseProviderTaskId } from '../../providers/task-id';
import type { GraphQLContext } from '../context';
import { taskView } from '../export-task/export-task.view';
import { ExportTaskConnection } from './export-task-connection.type';
import { ExportTaskFilter } from './export-task-filter.input';
import { ExportTaskOrder } from './export-task-order.input';
import { decodeCursor, encodeCursor, listingFingerprint, validatePageSize } from './listing-cursor';
import { Provider } from './provider.type';
import { providerView } from './provider.view';
import { ProviderHealth } from './provider-health.type';
import { healthView } from './provider-health.view';

const listing = new Map(descriptors.map((d) => [d.id, d.capabilities.listing]));

@Resolver(() => Provider)
export class ProviderResolver {
  @Query(() => [Provider], { description: 'The four providers, configured for the caller or not.' })
  providers(@Ctx() ctx: GraphQLContext): Provider[] {
    return PROVIDER_IDS.map((id) => providerView(id, ctx.tenant));
  }

  @Query(() => Provider, { nullable: true, description: 'One provider by id; an unknown id is a BAD_USER_INPUT error.' })
  provider(@Arg('id', () => ID, { description: 'A provider id, e.g. "tencent-tcss".' }) id: string, @Ctx() ctx: GraphQLContext): Provider {
    return providerView(parseProviderId(id), ctx.tenant);
  }

  @FieldResolver(() => Boolean, { description: "The caller's tenant has credentials for this provider." })
  configured(@Root() provider: Provider, @Ctx() ctx: GraphQLContext): boolean {
    return ctx.tenant.isConfigured(provider.id);
  }

  @FieldResolver(() => ProviderHealth, {
    description: "Health from this service's own recent calls to the provider, for the caller's tenant.",
  })
  health(@Root() provider: Provider, @Ctx() ctx: GraphQLContext): ProviderHealth {
    return healthView(provider.id, ctx.tenant.existingGateway(provider.id)?.health.snapshot());
  }

  @FieldResolver(() => ExportTaskConnection, {
    description: 'Tasks as the provider lists them. Only where capabilities.listing is true; elsewhere an UNSUPPORTED_OPERATION error.',
  })
  async exportTasks(
    @Root() provider: Provider,
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => ExportTaskFilter, { nullable: true, description: 'Conditions on the tasks.' }) filter?: ExportTaskFilter | null,
    @Arg('orderBy', () => ExportTaskOrder, { nullable: true, description: "Order; the provider's own order when absent." })
    orderBy?: ExportTaskOrder | null,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' }) first = 20,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after?: string | null,
  ): Promise<ExportTaskConnection> {
    if (!listing.get(provider.id)) {
      throw new ServiceError(ErrorCode.UNSUPPORTED_OPERATION, `${provider.id} does not support listing tasks`, {
        provider: provider.id,
        retryable: false,
      });
    }
    const limit = validatePageSize(first);
    const task =
      filter?.providerTaskId != null ? parseProviderTaskId(provider.id, filter.providerTaskId, 'filter.providerTaskId') : undefined;
    if (filter?.fileName != null && (filter.fileName.length > 255 || /[\u0000-\u001f]/.test(filter.fileName))) {
      throw ServiceError.badInput('Invalid filter.fileName: expected at most 255 characters without control characters');
    }
    const query: Omit<ListQuery, 'offset' | 'limit'> = {
      status: filter?.status ?? undefined,
      fileName: filter?.fileName ?? undefined,
      downloaded: filter?.downloaded ?? undefined,
      task,
      orderBy: orderBy ? { field: orderBy.field, direction: orderBy.direction } : undefined,
    };
    const fingerprint = listingFingerprint([provider.id, query]);
    const offset = after ? decodeCursor(after, fingerprint) : 0;
    const page = await ctx.tasks.list(provider.id, { ...query, offset, limit });
    const edges = page.tasks.map((state, i) => ({ cursor: encodeCursor(offset + i + 1, fingerprint), node: taskView(ctx, state) }));
    const next = offset + page.tasks.length;
    const hasNextPage = page.tasks.length > 0 && next < page.totalCount;
    return {
      edges,
      pageInfo: { hasNextPage, endCursor: edges.length > 0 ? edges[edges.length - 1]!.cursor : (after ?? null) },
      totalCount: page.totalCount,
    };
  }
}

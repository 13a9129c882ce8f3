import { Arg, Ctx, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { ServiceError } from '../../errors/service-error';
import type { TaskUpdateEvent } from '../../live/live-updates';
import { toGraphQLError } from '../common/graphql-errors';
import type { GraphQLContext } from '../context';
import { providerErrorView } from '../provider/provider-error.view';
import { parseTaskId } from '../../providers/task-id';
import { viewOf } from './export-task.resolver';
import { ExportTaskUpdate } from './export-task-update.type';
import { parseTaskIds, requireConfigured } from './task-ids';

interface SubscribeArgs {
  readonly ids: string[];
}

/** Validates the subscription before any stream starts; a throw here rejects the subscription itself. */
function subscribe({ args, context }: SubscribeResolverData<unknown, SubscribeArgs, GraphQLContext>): AsyncIterable<TaskUpdateEvent> {
  try {
    const { ids } = args;
    if (ids.length === 0) throw ServiceError.badInput('Expected 1 to 100 task ids, but got none');
    const parsed = parseTaskIds(ids);
    requireConfigured(context.tenant, parsed);
    // One stream entry per distinct id: the subscriber asked about each task once.
    const distinct = [...new Map(parsed.map((p) => [p.id, p])).values()];
    return context.services.live.watch(context.tenant, distinct);
  } catch (e) {
    throw toGraphQLError(e);
  }
}

@Resolver(() => ExportTaskUpdate)
export class ExportTaskUpdatesResolver {
  @Subscription(() => ExportTaskUpdate, {
    subscribe,
    description: 'Current state of each task at once, then each change, until every task is final; then the stream completes.',
  })
  exportTaskUpdates(
    @Root() event: TaskUpdateEvent,
    @Arg('ids', () => [ID], { description: 'Global task ids, 1 to 100.' }) _ids: string[],
    @Ctx() ctx: GraphQLContext,
  ): ExportTaskUpdate {
    return {
      id: event.id,
      task: event.state ? viewOf(ctx, event.state) : null,
      error: event.error ? providerErrorView(parseTaskId(event.id).provider, event.error) : null,
      final: event.final,
    };
  }
}

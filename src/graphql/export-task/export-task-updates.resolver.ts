import { Arg, Ctx, ID, Resolver, Root, type SubscribeResolverData, Subscription } from 'type-graphql';

import { ServiceError } from '../../errors/service-error';
import type { TaskEvent } from '../../live/task-event';
import { parseTaskIds } from '../../providers/task-id';
import type { GraphQLContext } from '../context';
import { providerErrorView } from '../provider/provider-error.view';
import { taskView } from './export-task.view';
import { ExportTaskUpdate } from './export-task-update.type';

/** Validates the subscription before any stream starts; a throw here rejects the subscription itself. */
function subscribe({
  args,
  context,
}: SubscribeResolverData<unknown, { readonly ids: string[] }, GraphQLContext>): AsyncIterable<TaskEvent> {
  if (args.ids.length === 0) throw ServiceError.badInput('Expected 1 to 100 task ids, but got none');
  return context.tasks.watch(parseTaskIds(args.ids));
}

@Resolver(() => ExportTaskUpdate)
export class ExportTaskUpdatesResolver {
  @Subscription(() => ExportTaskUpdate, {
    subscribe,
    description: 'Current state of each task at once, then each change, until every task is final; then the stream completes.',
  })
  exportTaskUpdates(
    @Root() event: TaskEvent,
    @Arg('ids', () => [ID], { description: 'Global task ids, 1 to 100.' }) _ids: string[],
    @Ctx() ctx: GraphQLContext,
  ): ExportTaskUpdate {
    return {
      id: event.task.id,
      task: event.state ? taskView(ctx, event.state) : null,
      error: event.error ? providerErrorView(event.error, event.task.provider) : null,
      final: event.final,
    };
  }
}

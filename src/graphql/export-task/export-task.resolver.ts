import type { GraphQLError } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';

import { parseTaskId, parseTaskIds } from '../../providers/task-id';
import { toGraphQLError } from '../common/graphql-errors';
import type { GraphQLContext } from '../context';
import { Provider } from '../provider/provider.type';
import { providerView } from '../provider/provider.view';
import { ExportTask } from './export-task.type';
import { taskView } from './export-task.view';

@Resolver(() => ExportTask)
export class ExportTaskResolver {
  @Query(() => ExportTask, {
    nullable: true,
    description: 'One task by its global id "<providerId>:<providerTaskId>". Null with an error when it cannot be read.',
  })
  async exportTask(@Arg('id', () => ID, { description: 'Global task id.' }) id: string, @Ctx() ctx: GraphQLContext): Promise<ExportTask> {
    return taskView(ctx, await ctx.tasks.load(parseTaskId(id)));
  }

  @Query(() => [ExportTask], {
    nullable: 'items',
    description: 'Up to 100 ids; the list keeps their order; a task that cannot be read is null with an error at its index.',
  })
  async exportTasks(
    @Arg('ids', () => [ID], { description: 'Global task ids, at most 100; repeats are read once.' }) ids: string[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<Array<ExportTask | GraphQLError>> {
    const results = await ctx.tasks.loadMany(parseTaskIds(ids));
    // An Error in a list makes graphql-js put null at that index with the error located there.
    return results.map((r) => (r instanceof Error ? toGraphQLError(r) : taskView(ctx, r)));
  }

  @FieldResolver(() => Provider, { description: 'The provider that runs the task.' })
  provider(@Root() task: ExportTask, @Ctx() ctx: GraphQLContext): Provider {
    return providerView(task.providerId, ctx.tenant);
  }
}

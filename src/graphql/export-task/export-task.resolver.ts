import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLError } from 'graphql';
import { parseTaskId } from '../../providers/task-id';
import type { ExportTaskState } from '../../providers/export-task';
import { toGraphQLError } from '../common/graphql-errors';
import type { GraphQLContext } from '../context';
import { providerView } from '../provider/provider.view';
import { Provider } from '../provider/provider.type';
import { ExportTask } from './export-task.type';
import { exportTaskView } from './export-task.view';
import { parseTaskIds } from './task-ids';

/** The view of a loaded state, with its completion estimate. */
export function viewOf(ctx: GraphQLContext, state: ExportTaskState): ExportTask {
  return exportTaskView(state, ctx.services.estimator.estimate(ctx.tenant.id, state));
}

/** Loads one task through the operation's loader; throws the GraphQL error of a failed read. */
export async function loadTask(ctx: GraphQLContext, id: string): Promise<ExportTask> {
  parseTaskId(id); // BAD_USER_INPUT before any upstream call
  return viewOf(ctx, await ctx.loaders.task.load(id));
}

@Resolver(() => ExportTask)
export class ExportTaskResolver {
  @Query(() => ExportTask, {
    nullable: true,
    description: 'One task by its global id "<providerId>:<providerTaskId>". Null with an error when it cannot be read.',
  })
  async exportTask(@Arg('id', () => ID, { description: 'Global task id.' }) id: string, @Ctx() ctx: GraphQLContext): Promise<ExportTask> {
    try {
      return await loadTask(ctx, id);
    } catch (e) {
      throw toGraphQLError(e);
    }
  }

  @Query(() => [ExportTask], {
    nullable: 'items',
    description: 'Up to 100 ids; the list keeps their order; a task that cannot be read is null with an error at its index.',
  })
  async exportTasks(
    @Arg('ids', () => [ID], { description: 'Global task ids, at most 100; repeats are read once.' }) ids: string[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<Array<ExportTask | GraphQLError>> {
    let parsed;
    try {
      parsed = parseTaskIds(ids);
    } catch (e) {
      throw toGraphQLError(e);
    }
    const results = await ctx.loaders.task.loadMany(parsed.map((p) => p.id));
    // An Error in a list makes graphql-js put null at that index with the error located there.
    return results.map((r) => (r instanceof Error ? toGraphQLError(r) : viewOf(ctx, r)));
  }

  @FieldResolver(() => Provider, { description: 'The provider that runs the task.' })
  provider(@Root() task: ExportTask, @Ctx() ctx: GraphQLContext): Provider {
    return providerView(task.providerId, ctx);
  }
}

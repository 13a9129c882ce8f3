import { parseTaskId } from '../../providers/task-id';
import { withGraphQLErrors } from '../common/graphql-errors';
import type { GraphQLContext } from '../context';
import type { ExportTask } from './export-task.type';
import { taskView } from './export-task.view';

/**
 * `ExportTask.__resolveReference`: how a federation gateway asks this subgraph for tasks (`_entities`);
 * every representation goes through the operation's loader, like `exportTasks`.
 */
export const resolveExportTaskReference = withGraphQLErrors(async (ref: { id: string }, ctx: GraphQLContext): Promise<ExportTask> =>
  taskView(ctx, await ctx.tasks.load(parseTaskId(ref.id))),
);

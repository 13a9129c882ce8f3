import { describeValue } from '../../errors/echo';
import { ServiceError } from '../../errors/service-error';
import { parseTaskId } from '../../providers/task-id';
import type { GraphQLContext } from '../context';
import type { ExportTask } from './export-task.type';
import { taskView } from './export-task.view';

/**
 * `ExportTask.__resolveReference`: how a federation gateway asks this subgraph for tasks (`_entities`);
 * every representation goes through the operation's loader, like `exportTasks`. A representation whose
 * `id` is not a string is the caller's mistake (BAD_USER_INPUT), like any malformed id.
 */
export async function resolveExportTaskReference(ref: { id?: unknown }, ctx: GraphQLContext): Promise<ExportTask> {
  if (typeof ref.id !== 'string') {
    throw ServiceError.badInput(`Invalid ExportTask representation: expected "id" to be a task id string, but ${describeValue(ref.id)}`);
  }
  return taskView(ctx, await ctx.tasks.load(parseTaskId(ref.id)));
}

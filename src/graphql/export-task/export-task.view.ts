import { type ExportTaskState, isTerminal, taskGlobalId } from '../../domain/export-task';
import type { GraphQLContext } from '../context';
import type { ExportTask } from './export-task.type';

/** The GraphQL `ExportTask` object for one observed state, with its completion estimate. */
export function exportTaskView(state: ExportTaskState, estimatedCompletionAt: number | null): ExportTask {
  return {
    id: taskGlobalId(state.provider, state.providerTaskId),
    providerTaskId: state.providerTaskId,
    providerId: state.provider,
    status: state.status,
    providerStatus: state.providerStatus,
    terminal: isTerminal(state.status),
    progress: state.progress,
    fileName: state.fileName,
    downloadUrl: state.downloadUrl,
    exportType: state.exportType,
    exportedCount: state.exportedCount,
    totalCount: state.totalCount,
    message: state.message,
    failureReason: state.failureReason,
    errorCode: state.errorCode,
    downloaded: state.downloaded,
    createdAt: state.createdAt,
    finishedAt: state.finishedAt,
    observedAt: state.observedAt,
    estimatedCompletionAt,
    requestId: state.requestId,
  };
}

/** The view of a state read in this operation, estimated for the operation's tenant. */
export function taskView(ctx: GraphQLContext, state: ExportTaskState): ExportTask {
  return exportTaskView(state, ctx.tasks.estimate(state));
}

import { isTerminal, taskGlobalId, type ExportTaskState } from '../../providers/export-task';
import type { ExportTask } from './export-task.type';

/** The GraphQL `ExportTask` object for one observed state. */
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

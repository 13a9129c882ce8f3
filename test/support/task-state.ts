import { ExportStatus, type ExportTaskState } from '../../src/domain/export-task';

/** A running Tencent task state with every optional field null; override what a test is about. */
export function taskState(overrides: Partial<ExportTaskState> = {}): ExportTaskState {
  return {
    provider: 'tencent-tcss',
    providerTaskId: 'job-1',
    status: ExportStatus.RUNNING,
    providerStatus: 'RUNNING',
    progress: null,
    fileName: null,
    downloadUrl: null,
    exportType: null,
    exportedCount: null,
    totalCount: null,
    message: null,
    failureReason: null,
    errorCode: null,
    downloaded: null,
    createdAt: null,
    finishedAt: null,
    observedAt: 0,
    requestId: null,
    ...overrides,
  };
}

import { TOKEN_TASK_ID } from '../common/token-task-id';
import type { ProviderModule } from '../provider';
import { createWorkspaceClient } from './client';
import { workspaceDescriptor } from './descriptor';
import { readWorkspaceOptions, type WorkspaceOptions } from './options';

/** Huawei Cloud Workspace (`huawei-workspace`). */
export const workspaceProvider: ProviderModule<WorkspaceOptions> = {
  descriptor: workspaceDescriptor,
  taskId: TOKEN_TASK_ID,
  readOptions: readWorkspaceOptions,
  createClient: createWorkspaceClient,
};

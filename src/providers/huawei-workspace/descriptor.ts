import type { ProviderDescriptor } from '../provider';

/** Huawei Cloud Workspace `ListExportTasks` (v2). */
export const workspaceDescriptor: ProviderDescriptor = {
  id: 'huawei-workspace',
  name: 'Huawei Cloud Workspace',
  vendor: 'Huawei Cloud',
  apiAction: 'ListExportTasks',
  apiVersion: 'v2',
  capabilities: {
    listing: true,
    // No percentage on the wire: progress is only derived (SUCCESS → 100).
    progress: false,
    counts: false,
    failureReason: true,
    downloadTracking: true,
    // No documented quota: a safe default.
    maxRequestsPerSecond: 10,
  },
};

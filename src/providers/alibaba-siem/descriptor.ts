import type { ProviderDescriptor } from '../provider';

/** Alibaba Cloud Threat Analysis (Cloud SIEM, `cloud-siem`) `GetExportTask` 2024-12-12. */
export const siemDescriptor: ProviderDescriptor = {
  id: 'alibaba-siem',
  name: 'Alibaba Cloud Threat Analysis (Cloud SIEM)',
  vendor: 'Alibaba Cloud',
  apiAction: 'GetExportTask',
  apiVersion: '2024-12-12',
  capabilities: {
    listing: false,
    progress: true,
    counts: false,
    failureReason: false,
    downloadTracking: false,
    // No documented quota: a safe default.
    maxRequestsPerSecond: 10,
  },
};

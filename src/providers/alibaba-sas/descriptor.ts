import type { ProviderDescriptor } from '../provider';

/** Alibaba Cloud Security Center (Sas) `DescribeExportInfo` 2018-12-03. */
export const sasDescriptor: ProviderDescriptor = {
  id: 'alibaba-sas',
  name: 'Alibaba Cloud Security Center',
  vendor: 'Alibaba Cloud',
  apiAction: 'DescribeExportInfo',
  apiVersion: '2018-12-03',
  capabilities: {
    listing: false,
    progress: true,
    counts: true,
    failureReason: false,
    downloadTracking: false,
    // No documented quota: a safe default.
    maxRequestsPerSecond: 10,
  },
};

import type { ProviderDescriptor } from '../provider';

/** Tencent Cloud Container Security Service (tcss) `DescribeExportJobResult` 2020-11-01. */
export const tcssDescriptor: ProviderDescriptor = {
  id: 'tencent-tcss',
  name: 'Tencent Cloud Container Security Service',
  vendor: 'Tencent Cloud',
  apiAction: 'DescribeExportJobResult',
  apiVersion: '2020-11-01',
  capabilities: {
    listing: false,
    progress: true,
    counts: false,
    failureReason: true,
    downloadTracking: false,
    // The documented quota of this action.
    maxRequestsPerSecond: 20,
  },
};

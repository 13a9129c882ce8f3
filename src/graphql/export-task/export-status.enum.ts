import { registerEnumType } from 'type-graphql';

import { ExportStatus } from '../../domain/export-task';

registerEnumType(ExportStatus, {
  name: 'ExportStatus',
  description: 'Lifecycle of an export task, the same across providers.',
  valuesConfig: {
    PENDING: { description: 'Accepted, nothing produced yet (Alibaba SAS "init").' },
    RUNNING: { description: 'Producing the file (SAS/SIEM "exporting", Tencent "RUNNING", Huawei "CREATING").' },
    SUCCEEDED: { description: 'File ready ("success", "SUCCESS").' },
    FAILED: { description: 'Gave up (Tencent "FAILURE", Huawei "FAIL").' },
    EXPIRED: { description: 'The file was ready but is gone (Huawei "EXPIRED").' },
    UNKNOWN: { description: 'A value no provider documents; providerStatus holds it verbatim.' },
  },
});

export { ExportStatus };

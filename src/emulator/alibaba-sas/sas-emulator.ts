import { alibabaExportState, lookupExport } from '../alibaba-rpc/export-lookup';
import { RawJsonNumber } from '../alibaba-rpc/raw-json';
import { type AlibabaRpcProduct, createAlibabaRpcHandler } from '../alibaba-rpc/rpc-handler';
import { alibabaTaskIdRule } from '../alibaba-rpc/rpc-params';
import type { ProviderEmulator } from '../provider-emulator';

/** Default `TotalCount` of a SAS task. */
export const SAS_DEFAULT_TOTAL_COUNT = 100;

/**
 * Alibaba Cloud Security Center, DescribeExportInfo (2018-12-03). Parameters `ExportId` (required int64)
 * and `ResourceDirectoryAccountId` (optional int64; acting for an account the caller may not answers 400
 * `RdCheckNoPermission`). Unknown or foreign ids: 404 with the `NotFound`/`NotExist` code of
 * `EmulatorOptions.unknownTask` (undocumented; default `ExportTaskNotExist`). Throttling: 400 `Throttling.User`. `Id` is written as a bare JSON number with every digit.
 */
export const sasProduct: AlibabaRpcProduct = {
  product: 'Sas',
  action: 'DescribeExportInfo',
  version: '2018-12-03',
  throttle: { status: 400, code: 'Throttling.User', message: 'Request was denied due to user flow control.' },
  answer(call) {
    const found = lookupExport(call, {
      name: 'ResourceDirectoryAccountId',
      refusal: { status: 400, code: 'RdCheckNoPermission', message: 'caller has no permission on the resource directory account' },
    });
    if ('error' in found) return found;
    const { task } = found;
    const state = alibabaExportState(task, call.now, 'init');
    const fileName = task.fileName ?? `export_${task.id}.xlsx`;
    const totalCount = task.totalCount ?? SAS_DEFAULT_TOTAL_COUNT;
    return {
      fields: {
        Link: state.ready ? `https://sas-export-cn-shanghai.oss-cn-shanghai.aliyuncs.com/${encodeURIComponent(fileName)}` : '',
        Progress: state.progress,
        RequestId: call.requestId,
        CurrentCount: Math.floor((totalCount * state.progress) / 100),
        Message: 'success',
        FileName: fileName,
        TotalCount: totalCount,
        ExportStatus: state.status,
        Id: new RawJsonNumber(task.id),
      },
    };
  },
};

export const alibabaSasEmulator: ProviderEmulator = {
  taskIdRule: alibabaTaskIdRule,
  createHandler: (context) => createAlibabaRpcHandler(sasProduct, context),
};

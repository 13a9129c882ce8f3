import { alibabaExportState, lookupExport } from '../alibaba-rpc/export-lookup';
import { RawJsonNumber } from '../alibaba-rpc/raw-json';
import { RpcErrors } from '../alibaba-rpc/rpc-envelope';
import { type AlibabaRpcProduct, createAlibabaRpcHandler } from '../alibaba-rpc/rpc-handler';
import { alibabaTaskIdRule } from '../alibaba-rpc/rpc-params';
import type { ProviderEmulator } from '../provider-emulator';

const REGION_IDS: ReadonlySet<string> = new Set(['cn-hangzhou', 'ap-southeast-1']);
const LANGS: ReadonlySet<string> = new Set(['zh', 'en']);

/**
 * Alibaba Cloud Threat Analysis (cloud-siem), GetExportTask (2024-12-12). Parameters, form-encoded in the
 * POST body (the query is read too): `ExportId` int64, `RoleFor` int64 (acting for an account the caller
 * may not answers 403 `NoPermission`), `RegionId` (`cn-hangzhou`|`ap-southeast-1`), `Lang` (`zh`|`en`);
 * other values answer 400 `InvalidParameter`. The documentation marks ExportId optional; without it there is
 * nothing to describe, so this emulator answers 400 `MissingExportId`. Unknown or foreign ids: 404 with the
 * code of `EmulatorOptions.unknownTask` (undocumented; default `ExportTaskNotExist`). Throttling: 429 `Throttling.Api`.
 * `Id` is a bare JSON number with every digit; `GmtCreate` is epoch ms as a string.
 */
export const siemProduct: AlibabaRpcProduct = {
  product: 'cloud-siem',
  action: 'GetExportTask',
  version: '2024-12-12',
  throttle: { status: 429, code: 'Throttling.Api', message: 'Request was denied due to api flow control.' },
  answer(call) {
    for (const [name, allowed] of [
      ['RegionId', REGION_IDS],
      ['Lang', LANGS],
    ] as const) {
      const value = call.params.get(name);
      if (value !== undefined && !allowed.has(value)) {
        return { error: RpcErrors.invalidParameter(name, `one of ${[...allowed].join(', ')}`, value) };
      }
    }
    const found = lookupExport(call, { name: 'RoleFor', refusal: RpcErrors.noPermission() });
    if ('error' in found) return found;
    const { task } = found;
    const state = alibabaExportState(task, call.now, 'exporting');
    const fileName = task.fileName ?? `export_${task.id}.xlsx`;
    return {
      fields: {
        RequestId: call.requestId,
        FileName: fileName,
        Id: new RawJsonNumber(task.id),
        ExportType: task.exportType ?? 'incident_list',
        ExportStatus: state.status,
        Progress: state.progress,
        GmtCreate: String(Math.trunc(state.createdAt)),
        Link: state.ready ? `https://cloud-siem-export.oss-cn-shanghai.aliyuncs.com/${encodeURIComponent(fileName)}` : '',
      },
    };
  },
};

export const alibabaSiemEmulator: ProviderEmulator = {
  taskIdRule: alibabaTaskIdRule,
  createHandler: (context) => createAlibabaRpcHandler(siemProduct, context),
};

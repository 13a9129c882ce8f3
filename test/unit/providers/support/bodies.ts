import type { ExportTaskState } from '../../../../src/domain/export-task';
import { ALIBABA_INT64_KEYS, type AlibabaMapContext } from '../../../../src/providers/alibaba/mapping';
import { sasDescriptor } from '../../../../src/providers/alibaba-sas/descriptor';
import { mapSasResponse } from '../../../../src/providers/alibaba-sas/mapping';
import { siemDescriptor } from '../../../../src/providers/alibaba-siem/descriptor';
import { mapSiemResponse } from '../../../../src/providers/alibaba-siem/mapping';
import { parseJsonBody, WireObject } from '../../../../src/providers/common/wire';
import { workspaceDescriptor } from '../../../../src/providers/huawei-workspace/descriptor';
import { mapWorkspaceList, type WorkspaceMapContext } from '../../../../src/providers/huawei-workspace/mapping';
import type { ListPage } from '../../../../src/providers/provider';
import { tcssDescriptor } from '../../../../src/providers/tencent-tcss/descriptor';
import { mapTcssResponse, type TcssMapContext, tcssResponseObject } from '../../../../src/providers/tencent-tcss/mapping';

/*
 * Each provider's mapping over a raw body text, parsed as its client parses it (int64 keys kept exact
 * for Alibaba): the mapping tests speak in the bodies that come over the wire.
 */

/** `mapSasResponse` of a `DescribeExportInfo` body text. */
export function mapSasBody(text: string, ctx: AlibabaMapContext): ExportTaskState {
  const body = parseJsonBody(sasDescriptor, text, { int64Keys: ALIBABA_INT64_KEYS, requestId: ctx.requestId });
  return mapSasResponse(WireObject.of(sasDescriptor, body, '', ctx.requestId), ctx);
}

/** `mapSiemResponse` of a `GetExportTask` body text. */
export function mapSiemBody(text: string, ctx: AlibabaMapContext): ExportTaskState {
  const body = parseJsonBody(siemDescriptor, text, { int64Keys: ALIBABA_INT64_KEYS, requestId: ctx.requestId });
  return mapSiemResponse(WireObject.of(siemDescriptor, body, '', ctx.requestId), ctx);
}

/** `mapTcssResponse` of a `DescribeExportJobResult` body text. */
export function mapTcssBody(text: string, ctx: TcssMapContext): ExportTaskState {
  return mapTcssResponse(tcssResponseObject(parseJsonBody(tcssDescriptor, text)), ctx);
}

/** `mapWorkspaceList` of a `ListExportTasks` body text. */
export function mapWorkspaceListBody(text: string, ctx: WorkspaceMapContext & { readonly offset: number }): ListPage {
  return mapWorkspaceList(parseJsonBody(workspaceDescriptor, text, { requestId: ctx.requestId }), ctx);
}

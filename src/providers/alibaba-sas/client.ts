import type { AlibabaSasConfig } from '../../config/provider-config';
import type { ExportTaskState } from '../export-task';
import type { CallOptions, ProviderClient } from '../provider';
import { assertProviderTaskId } from '../task-id';
import { parseEndpoint } from '../common/endpoint';
import { callFailure } from '../common/upstream-error';
import { type AlibabaClientDeps, type AlibabaRpcCall, type AlibabaRpcTarget, callAlibabaRpc } from '../alibaba/rpc';
import { sasDescriptor } from './descriptor';
import { mapSasResponse } from './mapping';

/** `DescribeExportInfo` parameters: `ExportId`, and `ResourceDirectoryAccountId` when configured. */
export function sasCall(config: AlibabaSasConfig, exportId: string): AlibabaRpcCall {
  const query: Array<readonly [string, string]> = [['ExportId', exportId]];
  if (config.resourceDirectoryAccountId) query.push(['ResourceDirectoryAccountId', config.resourceDirectoryAccountId]);
  return { query };
}

/**
 * A SAS client for one tenant: `POST /?ExportId=…` signed with ACS3-HMAC-SHA256, parameters in the query,
 * empty body. It does not own `deps.http`, so `dispose()` has nothing to release.
 */
export function createSasClient(config: AlibabaSasConfig, deps: AlibabaClientDeps): ProviderClient {
  const target: AlibabaRpcTarget = {
    descriptor: sasDescriptor,
    endpoint: parseEndpoint(sasDescriptor.id, config.endpoint),
    credentials: config,
    timeoutMs: config.timeoutMs,
    deps,
  };
  return {
    descriptor: sasDescriptor,
    async read(providerTaskId: string, options?: CallOptions): Promise<ExportTaskState> {
      try {
        assertProviderTaskId(sasDescriptor.id, providerTaskId);
        const result = await callAlibabaRpc(target, sasCall(config, providerTaskId), providerTaskId, options);
        return mapSasResponse(result.body, { providerTaskId, observedAt: result.observedAt, requestId: result.requestId });
      } catch (e) {
        throw callFailure(sasDescriptor, e, config.timeoutMs); // ServiceErrors pass through; anything else is internal
      }
    },
    async dispose(): Promise<void> {},
  };
}

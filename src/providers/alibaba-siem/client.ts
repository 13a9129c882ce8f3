import type { AlibabaSiemConfig } from '../../config/provider-config';
import type { ExportTaskState } from '../export-task';
import type { CallOptions, ProviderClient } from '../provider';
import { assertProviderTaskId } from '../task-id';
import { parseEndpoint } from '../common/endpoint';
import { callFailure } from '../common/upstream-error';
import { type AlibabaClientDeps, type AlibabaRpcCall, type AlibabaRpcTarget, callAlibabaRpc } from '../alibaba/rpc';
import { siemDescriptor } from './descriptor';
import { mapSiemResponse } from './mapping';

/** `GetExportTask` parameters, form-encoded in the body: `RegionId`, `Lang`, `ExportId`, `RoleFor` when configured. */
export function siemCall(config: AlibabaSiemConfig, exportId: string): AlibabaRpcCall {
  const form: Array<readonly [string, string]> = [
    ['RegionId', config.regionId],
    ['Lang', config.lang],
    ['ExportId', exportId],
  ];
  if (config.roleFor) form.push(['RoleFor', config.roleFor]);
  return { query: [], form };
}

/**
 * A Cloud SIEM client for one tenant: `POST /` with a form-encoded body, signed with ACS3-HMAC-SHA256.
 * It does not own `deps.http`, so `dispose()` has nothing to release.
 */
export function createSiemClient(config: AlibabaSiemConfig, deps: AlibabaClientDeps): ProviderClient {
  const target: AlibabaRpcTarget = {
    descriptor: siemDescriptor,
    endpoint: parseEndpoint(siemDescriptor.id, config.endpoint),
    credentials: config,
    timeoutMs: config.timeoutMs,
    deps,
  };
  return {
    descriptor: siemDescriptor,
    async read(providerTaskId: string, options?: CallOptions): Promise<ExportTaskState> {
      try {
        assertProviderTaskId(siemDescriptor.id, providerTaskId);
        const result = await callAlibabaRpc(target, siemCall(config, providerTaskId), providerTaskId, options);
        return mapSiemResponse(result.body, { providerTaskId, observedAt: result.observedAt, requestId: result.requestId });
      } catch (e) {
        throw callFailure(siemDescriptor, e, config.timeoutMs); // ServiceErrors pass through; anything else is internal
      }
    },
    async dispose(): Promise<void> {},
  };
}

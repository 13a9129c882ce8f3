import { type AlibabaClientDeps, type AlibabaProduct, createAlibabaClient } from '../alibaba/client';
import type { AlibabaRpcCall } from '../alibaba/rpc';
import { pairsOf } from '../common/endpoint';
import type { ProviderClient } from '../provider';
import { siemDescriptor } from './descriptor';
import { mapSiemResponse } from './mapping';
import type { SiemOptions } from './options';
import type { SiemExportTaskParams, SiemExportTaskResponse } from './types';

/** `GetExportTask` parameters, form-encoded in the body: `RegionId`, `Lang`, `ExportId`, `RoleFor` when configured. */
export function siemCall(options: SiemOptions, exportId: string): AlibabaRpcCall {
  const params: SiemExportTaskParams = { RegionId: options.regionId, Lang: options.lang, ExportId: exportId, RoleFor: options.roleFor };
  return { query: [], form: pairsOf(params) };
}

const siemProduct: AlibabaProduct<SiemOptions, SiemExportTaskResponse> = {
  descriptor: siemDescriptor,
  call: siemCall,
  map: mapSiemResponse,
};

/** A Cloud SIEM client for one tenant: `POST /` with a form-encoded body, signed with ACS3-HMAC-SHA256. */
export function createSiemClient(options: SiemOptions, deps: AlibabaClientDeps): ProviderClient {
  return createAlibabaClient(siemProduct, options, deps);
}

import { type AlibabaClientDeps, type AlibabaProduct, createAlibabaClient } from '../alibaba/client';
import type { AlibabaRpcCall } from '../alibaba/rpc';
import { pairsOf } from '../common/endpoint';
import type { ProviderClient } from '../provider';
import { sasDescriptor } from './descriptor';
import { mapSasResponse } from './mapping';
import type { SasOptions } from './options';
import type { SasExportInfoParams, SasExportInfoResponse } from './types';

/** `DescribeExportInfo` parameters, in the query: `ExportId`, and `ResourceDirectoryAccountId` when configured. */
export function sasCall(options: SasOptions, exportId: string): AlibabaRpcCall {
  const params: SasExportInfoParams = { ExportId: exportId, ResourceDirectoryAccountId: options.resourceDirectoryAccountId };
  return { query: pairsOf(params) };
}

const sasProduct: AlibabaProduct<SasOptions, SasExportInfoResponse> = { descriptor: sasDescriptor, call: sasCall, map: mapSasResponse };

/** A SAS client for one tenant: `POST /?ExportId=…` signed with ACS3-HMAC-SHA256, empty body. */
export function createSasClient(options: SasOptions, deps: AlibabaClientDeps): ProviderClient {
  return createAlibabaClient(sasProduct, options, deps);
}

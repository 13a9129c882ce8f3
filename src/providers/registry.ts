import type { AlibabaSasConfig, AlibabaSiemConfig, HuaweiWorkspaceConfig, TencentTcssConfig } from '../config/provider-config';
import type { HttpClient } from '../http/http-client';
import type { Clock } from '../time/clock';
import { createSasClient } from './alibaba-sas/client';
import { sasDescriptor } from './alibaba-sas/descriptor';
import { createSiemClient } from './alibaba-siem/client';
import { siemDescriptor } from './alibaba-siem/descriptor';
import { createWorkspaceClient } from './huawei-workspace/client';
import { workspaceDescriptor } from './huawei-workspace/descriptor';
import type { ProviderClient, ProviderDescriptor } from './provider';
import { PROVIDER_IDS, type ProviderId } from './provider-id';
import { isAlibabaTaskId, isTokenTaskId } from './task-id';
import { createTcssClient } from './tencent-tcss/client';
import { tcssDescriptor } from './tencent-tcss/descriptor';

/** Everything the rest of the service knows about one provider. */
export interface ProviderModule<C> {
  /** Static metadata and capabilities. */
  readonly descriptor: ProviderDescriptor;
  /** Whether `id` is a well-formed task id of this provider (CONTRACT.md section 2); no call is made. */
  isValidTaskId(id: string): boolean;
  /** A client bound to one tenant's configuration; it uses `deps.http` without owning it. */
  createClient(config: C, deps: { readonly http: HttpClient; readonly clock: Clock }): ProviderClient;
}

/** Each provider id's configuration type. */
export interface ProviderConfigById {
  readonly 'alibaba-sas': AlibabaSasConfig;
  readonly 'alibaba-siem': AlibabaSiemConfig;
  readonly 'tencent-tcss': TencentTcssConfig;
  readonly 'huawei-workspace': HuaweiWorkspaceConfig;
}

/** The four provider modules by id. */
export const providerModules: { readonly [P in ProviderId]: ProviderModule<ProviderConfigById[P]> } = {
  'alibaba-sas': { descriptor: sasDescriptor, isValidTaskId: isAlibabaTaskId, createClient: createSasClient },
  'alibaba-siem': { descriptor: siemDescriptor, isValidTaskId: isAlibabaTaskId, createClient: createSiemClient },
  'tencent-tcss': { descriptor: tcssDescriptor, isValidTaskId: isTokenTaskId, createClient: createTcssClient },
  'huawei-workspace': { descriptor: workspaceDescriptor, isValidTaskId: isTokenTaskId, createClient: createWorkspaceClient },
};

/** The four descriptors, in `PROVIDER_IDS` order. */
export const descriptors: readonly ProviderDescriptor[] = PROVIDER_IDS.map((id) => providerModules[id].descriptor);

import { PROVIDER_IDS, type ProviderId } from '../domain/provider-id';
import { sasProvider } from './alibaba-sas';
import { siemProvider } from './alibaba-siem';
import { workspaceProvider } from './huawei-workspace';
import type { ProviderDescriptor, ProviderModule } from './provider';
import { tcssProvider } from './tencent-tcss';

/**
 * The provider modules by id: everything the rest of the service knows about each provider (its
 * descriptor and default rate, task-id rule, options and client) comes from here. The mapped type
 * makes a missing module a compile error; the registry test checks each sits under its own id.
 */
export const providerModules = {
  'alibaba-sas': sasProvider,
  'alibaba-siem': siemProvider,
  'tencent-tcss': tcssProvider,
  'huawei-workspace': workspaceProvider,
} as const satisfies { readonly [P in ProviderId]: Pick<ProviderModule, 'descriptor' | 'taskId'> };

/** The options type of each provider, as its module reads them. */
export type ProviderOptionsById = {
  readonly [P in ProviderId]: (typeof providerModules)[P] extends ProviderModule<infer O> ? O : never;
};

/** The module of `provider`, typed by its options. */
export function providerModule<P extends ProviderId>(provider: P): ProviderModule<ProviderOptionsById[P]> {
  return providerModules[provider] as unknown as ProviderModule<ProviderOptionsById[P]>;
}

/** The four descriptors, in `PROVIDER_IDS` order. */
export const descriptors: readonly ProviderDescriptor[] = PROVIDER_IDS.map((id) => providerModules[id].descriptor);

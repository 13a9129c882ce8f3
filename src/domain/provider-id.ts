/** The four provider ids, in display order. */
export const PROVIDER_IDS = ['alibaba-sas', 'alibaba-siem', 'tencent-tcss', 'huawei-workspace'] as const;

/** A provider id: `alibaba-sas` | `alibaba-siem` | `tencent-tcss` | `huawei-workspace`. */
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** Narrows an arbitrary string to a `ProviderId`. */
export function isProviderId(value: string): value is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(value);
}

/** The two `RegionId` values of Cloud SIEM: where the assets are, not where the endpoint is. */
export const SIEM_REGION_IDS = ['cn-hangzhou', 'ap-southeast-1'] as const;

/** A Cloud SIEM `RegionId`. */
export type SiemRegionId = (typeof SIEM_REGION_IDS)[number];

/** `RegionId` when neither the option nor the endpoint says otherwise: assets in the Chinese mainland. */
export const DEFAULT_SIEM_REGION_ID: SiemRegionId = 'cn-hangzhou';

/**
 * The `RegionId` each Cloud SIEM endpoint serves: the public and VPC endpoints of the API reference's
 * endpoint list (China (Shanghai), Singapore), and the Hangzhou host of the mainland region id. The
 * mainland site answers for `cn-hangzhou` (not its endpoint's own region), the international one for
 * `ap-southeast-1`.
 */
const REGION_BY_HOST: ReadonlyMap<string, SiemRegionId> = new Map([
  ['cloud-siem.cn-shanghai.aliyuncs.com', 'cn-hangzhou'],
  ['cloud-siem-vpc.cn-shanghai.aliyuncs.com', 'cn-hangzhou'],
  ['cloud-siem.cn-hangzhou.aliyuncs.com', 'cn-hangzhou'],
  ['cloud-siem.ap-southeast-1.aliyuncs.com', 'ap-southeast-1'],
  ['cloud-siem-vpc.ap-southeast-1.aliyuncs.com', 'ap-southeast-1'],
]);

/**
 * The `RegionId` a Cloud SIEM endpoint implies, by its host name (port and path ignored); undefined for
 * any other host (a proxy, a private endpoint, an emulator), which implies nothing.
 */
export function siemRegionOfEndpoint(endpoint: string): SiemRegionId | undefined {
  let hostname: string;
  try {
    hostname = new URL(endpoint).hostname;
  } catch {
    return undefined;
  }
  return REGION_BY_HOST.get(hostname.toLowerCase());
}

import type { OptionReader } from '../../options/option-reader';
import { type AlibabaOptions, readAlibabaCredentials, readInt64Option } from '../alibaba/options';
import { readCommonOptions } from '../common/options';
import { siemDescriptor } from './descriptor';
import { DEFAULT_SIEM_REGION_ID, SIEM_REGION_IDS, type SiemRegionId, siemRegionOfEndpoint } from './region';

/** A tenant's `alibaba-siem` options. */
export interface SiemOptions extends AlibabaOptions {
  /**
   * `cn-hangzhou` (assets in mainland China) or `ap-southeast-1` (elsewhere). Default: the region the
   * endpoint serves (`ap-southeast-1` for `cloud-siem.ap-southeast-1.aliyuncs.com`, `cn-hangzhou` for the
   * mainland endpoints), `cn-hangzhou` for any other endpoint.
   */
  readonly regionId: SiemRegionId;
  /** `zh` or `en`. Default `en` (the API's own default is `zh`). */
  readonly lang: string;
  /** int64 as a decimal string: administrator acting as this member account. */
  readonly roleFor?: string | undefined;
}

/**
 * Reads `tenants[].providers["alibaba-siem"]`. A `regionId` that contradicts a Cloud SIEM endpoint (the
 * international one with `cn-hangzhou`, a mainland one with `ap-southeast-1`) is refused: that site
 * cannot answer for the other region's assets.
 */
export function readSiemOptions(r: OptionReader): SiemOptions {
  const common = readCommonOptions(r, siemDescriptor);
  const implied = r.ok('endpoint') ? siemRegionOfEndpoint(common.endpoint) : undefined;
  const regionId = r.oneOf('regionId', SIEM_REGION_IDS, { default: implied ?? DEFAULT_SIEM_REGION_ID });
  if (implied !== undefined && r.ok('regionId') && regionId !== implied) {
    r.reject(
      'regionId',
      `"${implied}" (or no regionId) with the endpoint ${new URL(common.endpoint).host}, which serves ` +
        `${implied === 'ap-southeast-1' ? 'assets outside' : 'assets in'} the Chinese mainland`,
      `"${regionId}"`,
    );
  }
  return {
    ...common,
    ...readAlibabaCredentials(r),
    regionId,
    lang: r.oneOf('lang', ['zh', 'en'], { default: 'en' }),
    roleFor: readInt64Option(r, 'roleFor'),
  };
}

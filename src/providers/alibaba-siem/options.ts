import type { OptionReader } from '../../options/option-reader';
import { type AlibabaOptions, readAlibabaCredentials, readInt64Option } from '../alibaba/options';
import { readCommonOptions } from '../common/options';
import { siemDescriptor } from './descriptor';

/** A tenant's `alibaba-siem` options. */
export interface SiemOptions extends AlibabaOptions {
  /** `cn-hangzhou` (assets in mainland China) or `ap-southeast-1`. Default `cn-hangzhou`. */
  readonly regionId: string;
  /** `zh` or `en`. Default `en`. */
  readonly lang: string;
  /** int64 as a decimal string: administrator acting as this member account. */
  readonly roleFor?: string | undefined;
}

/** Reads `tenants[].providers["alibaba-siem"]`. */
export function readSiemOptions(r: OptionReader): SiemOptions {
  return {
    ...readCommonOptions(r, siemDescriptor),
    ...readAlibabaCredentials(r),
    regionId: r.oneOf('regionId', ['cn-hangzhou', 'ap-southeast-1'], { default: 'cn-hangzhou' }),
    lang: r.oneOf('lang', ['zh', 'en'], { default: 'en' }),
    roleFor: readInt64Option(r, 'roleFor'),
  };
}

import type { OptionReader } from '../../options/option-reader';
import { type AlibabaOptions, readAlibabaCredentials, readInt64Option } from '../alibaba/options';
import { readCommonOptions } from '../common/options';
import { sasDescriptor } from './descriptor';

/** A tenant's `alibaba-sas` options. */
export interface SasOptions extends AlibabaOptions {
  /** int64 as a decimal string: act on this member account. */
  readonly resourceDirectoryAccountId?: string | undefined;
}

/** Reads `tenants[].providers["alibaba-sas"]`. */
export function readSasOptions(r: OptionReader): SasOptions {
  return {
    ...readCommonOptions(r, sasDescriptor),
    ...readAlibabaCredentials(r),
    resourceDirectoryAccountId: readInt64Option(r, 'resourceDirectoryAccountId'),
  };
}

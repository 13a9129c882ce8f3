import type { OptionReader } from '../../options/option-reader';
import { readCommonOptions } from '../common/options';
import type { CommonProviderOptions } from '../provider';
import { tcssDescriptor } from './descriptor';

/** A tenant's `tencent-tcss` options. */
export interface TcssOptions extends CommonProviderOptions {
  readonly secretId: string;
  readonly secretKey: string;
  /** STS token, sent as `X-TC-Token`. */
  readonly token?: string | undefined;
  /** Sent as `X-TC-Region` when set. */
  readonly region?: string | undefined;
  /** Sent as `X-TC-Language` when set, e.g. `en-US`. */
  readonly language?: string | undefined;
}

/** Reads `tenants[].providers["tencent-tcss"]`. */
export function readTcssOptions(r: OptionReader): TcssOptions {
  return {
    ...readCommonOptions(r, tcssDescriptor),
    secretId: r.string('secretId', { secret: true }),
    secretKey: r.string('secretKey', { secret: true }),
    token: r.optionalString('token', { secret: true }),
    region: r.optionalString('region', { pattern: /^[a-z]{2}-[a-z0-9-]{2,40}$/, expected: 'a region such as "ap-guangzhou"' }),
    language: r.optionalString('language', { pattern: /^(zh-CN|en-US)$/, expected: '"zh-CN" or "en-US"' }),
  };
}

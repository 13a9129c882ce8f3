import type { OptionReader } from '../../options/option-reader';
import type { CommonProviderOptions } from '../provider';
import { isInt64Decimal } from './int64';

/** An Alibaba AccessKey, optionally with an STS token. */
export interface AlibabaCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** STS token, sent as `x-acs-security-token`. */
  readonly securityToken?: string | undefined;
}

/** The options of both Alibaba products. */
export type AlibabaOptions = CommonProviderOptions & AlibabaCredentials;

/** Reads `accessKeyId`, `accessKeySecret` and `securityToken` (all secrets: never echoed). */
export function readAlibabaCredentials(r: OptionReader): AlibabaCredentials {
  return {
    accessKeyId: r.string('accessKeyId', { secret: true }),
    accessKeySecret: r.string('accessKeySecret', { secret: true }),
    securityToken: r.optionalString('securityToken', { secret: true }),
  };
}

/** An optional int64 option (an account id) written as a decimal string, as the API takes it. */
export function readInt64Option(r: OptionReader, key: string): string | undefined {
  const expected = 'an int64 written as a decimal string';
  const value = r.optionalString(key, { expected });
  if (value !== undefined && !isInt64Decimal(value)) {
    r.reject(key, expected, `"${value}"`);
    return undefined;
  }
  return value;
}

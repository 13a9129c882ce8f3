import { ServiceError } from '../errors/service-error';
import { PROVIDER_IDS, isProviderId, type ProviderId } from './provider-id';

/** A parsed `ExportTask.id` (CONTRACT.md section 2). */
export interface ParsedTaskId {
  readonly provider: ProviderId;
  /** Everything after the first colon, verbatim and validated for that provider. */
  readonly providerTaskId: string;
}

/** Largest Alibaba task id: int64 max, as a decimal string. */
export const ALIBABA_TASK_ID_MAX = '9223372036854775807';

/** Longest Tencent/Huawei task id, in characters. */
export const TOKEN_TASK_ID_MAX_LENGTH = 128;

/** How many characters of a rejected id an error message echoes; the rest is summarised by its length. */
const ECHO_LIMIT = 64;

const DIGITS = /^[0-9]+$/;
const TOKEN = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * An Alibaba (SAS, SIEM) task id: an int64 in canonical decimal form, 0 to 9223372036854775807,
 * ASCII digits only, no sign, no leading zeros (so `0` is the only id starting with `0`). Compared as a
 * string, never through a JS number (which loses digits beyond 2^53).
 *
 * Leading zeros are rejected rather than normalised: `007` and `7` would otherwise be two GraphQL ids for
 * one task (two cache entries, two polls) and the response's `Id` (`7`) would not match the id asked for.
 */
export function isAlibabaTaskId(id: string): boolean {
  if (!DIGITS.test(id)) return false;
  if (id.length > 1 && id.startsWith('0')) return false;
  if (id.length < ALIBABA_TASK_ID_MAX.length) return true;
  // Same length and digits only: lexicographic order is numeric order.
  return id.length === ALIBABA_TASK_ID_MAX.length && id <= ALIBABA_TASK_ID_MAX;
}

/** A Tencent or Huawei task id: 1 to 128 characters of `[A-Za-z0-9_.-]`. */
export function isTokenTaskId(id: string): boolean {
  return TOKEN.test(id);
}

/** Whether `providerTaskId` is a well-formed task id of `provider`. */
export function isValidProviderTaskId(provider: ProviderId, providerTaskId: string): boolean {
  switch (provider) {
    case 'alibaba-sas':
    case 'alibaba-siem':
      return isAlibabaTaskId(providerTaskId);
    case 'tencent-tcss':
    case 'huawei-workspace':
      return isTokenTaskId(providerTaskId);
  }
}

/** What a valid task id of `provider` looks like, for error messages. */
export function describeProviderTaskId(provider: ProviderId): string {
  switch (provider) {
    case 'alibaba-sas':
    case 'alibaba-siem':
      return `a decimal integer from 0 to ${ALIBABA_TASK_ID_MAX}, digits only, without sign or leading zeros`;
    case 'tencent-tcss':
    case 'huawei-workspace':
      return `1 to ${TOKEN_TASK_ID_MAX_LENGTH} characters of A-Z, a-z, 0-9, "_", "." and "-"`;
  }
}

/**
 * Splits and validates a GraphQL task id `<providerId>:<providerTaskId>`.
 * @throws ServiceError `BAD_USER_INPUT` saying what was expected and (a bounded excerpt of) what was given.
 */
export function parseTaskId(globalId: string): ParsedTaskId {
  const colon = globalId.indexOf(':');
  const provider = colon < 0 ? '' : globalId.slice(0, colon);
  if (!isProviderId(provider)) {
    throw ServiceError.badInput(
      `Invalid task id ${echo(globalId)}: expected "<providerId>:<providerTaskId>" with providerId one of ${PROVIDER_IDS.join(', ')}`,
    );
  }
  const providerTaskId = globalId.slice(colon + 1);
  assertProviderTaskId(provider, providerTaskId, globalId);
  return { provider, providerTaskId };
}

/**
 * Validates a bare provider task id (e.g. a `providerTaskId` filter).
 * @throws ServiceError `BAD_USER_INPUT`.
 */
export function assertProviderTaskId(provider: ProviderId, providerTaskId: string, shown = `${provider}:${providerTaskId}`): void {
  if (!isValidProviderTaskId(provider, providerTaskId)) {
    throw ServiceError.badInput(
      `Invalid task id ${echo(shown)}: expected the ${provider} task id to be ${describeProviderTaskId(provider)}`,
    );
  }
}

/**
 * A user-supplied value quoted for an error message: JSON-escaped (control characters and quotes are
 * visible) and cut to `ECHO_LIMIT` characters, so megabytes of input are never echoed back.
 */
export function echo(value: string): string {
  if (value.length <= ECHO_LIMIT) return JSON.stringify(value);
  let cut = value.slice(0, ECHO_LIMIT);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1); // do not split a surrogate pair
  return `${JSON.stringify(cut + '…')} (${value.length} characters)`;
}

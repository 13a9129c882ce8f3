import type { TaskIdRule } from '../provider';

/** The largest int64, as a decimal string: Alibaba's ids (`ExportId`, `Id`, account ids) are int64. */
export const INT64_MAX = '9223372036854775807';

const DIGITS = /^[0-9]+$/;

/**
 * An int64 in canonical decimal form, 0 to 9223372036854775807: ASCII digits only, no sign, no leading
 * zeros (so `0` is the only one starting with `0`). Compared as a string, never through a JS number
 * (which loses digits beyond 2^53).
 *
 * Leading zeros are rejected rather than normalised: `007` and `7` would otherwise be two ids for one
 * task (two cache entries, two polls) and a response's `Id` (`7`) would not match the id asked for.
 */
export function isInt64Decimal(value: string): boolean {
  if (!DIGITS.test(value)) return false;
  if (value.length > 1 && value.startsWith('0')) return false;
  if (value.length < INT64_MAX.length) return true;
  // Same length and digits only: lexicographic order is numeric order.
  return value.length === INT64_MAX.length && value <= INT64_MAX;
}

/** Alibaba (SAS, SIEM) task ids: int64 decimal strings. */
export const ALIBABA_TASK_ID: TaskIdRule = {
  test: isInt64Decimal,
  description: `a decimal integer from 0 to ${INT64_MAX}, digits only, without sign or leading zeros`,
};

/** How many characters of a rejected value an error message echoes; the rest is summarised by its length. */
const ECHO_LIMIT = 64;

/**
 * A caller-supplied (or provider-supplied) value quoted for an error message: JSON-escaped (control
 * characters and quotes are visible) and cut to 64 characters, so megabytes of input are never
 * echoed back.
 */
export function echo(value: string): string {
  if (value.length <= ECHO_LIMIT) return JSON.stringify(value);
  let cut = value.slice(0, ECHO_LIMIT);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1); // do not split a surrogate pair
  return `${JSON.stringify(cut + '…')} (${value.length} characters)`;
}

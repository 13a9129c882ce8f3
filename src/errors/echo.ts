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

/** The type of a JSON value in words (never the value itself: it may be large or sensitive). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'it is missing';
  if (value === null) return 'got null';
  if (Array.isArray(value)) return 'got an array';
  if (value === '') return 'got an empty string';
  switch (typeof value) {
    case 'string':
      return 'got a string';
    case 'number':
      return 'got a number';
    case 'boolean':
      return 'got a boolean';
    default:
      return 'got an object';
  }
}

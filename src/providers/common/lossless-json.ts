/**
 * `JSON.parse` that keeps the integer values of the named keys exact: a bare number such as
 * `"Id": 9223372036854775807` is read as the string `"9223372036854775807"` instead of a JS number
 * (which would round it to 9223372036854775808). Values of those keys that are already strings, or
 * numbers with a fraction or exponent, are left as they are; every other key parses as usual.
 *
 * Node 20's `JSON.parse` has no access to a number's source text, so the text is scanned once first
 * (strings are skipped as wholes, so a key-like sequence inside a string value is never touched) and
 * the matching integer tokens are wrapped in quotes.
 *
 * @throws SyntaxError as `JSON.parse` does when the text is not JSON.
 */
export function parseJsonKeepingIntegers(text: string, keys: ReadonlySet<string>): unknown {
  let out = '';
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (text.charCodeAt(i) !== QUOTE) {
      i++;
      continue;
    }
    const end = endOfString(text, i);
    if (end < 0) break; // unterminated: JSON.parse reports it
    let j = skipWhitespace(text, end + 1);
    if (text.charCodeAt(j) !== COLON) {
      i = end + 1;
      continue;
    }
    j = skipWhitespace(text, j + 1);
    if (keys.has(decodeKey(text.slice(i + 1, end)))) {
      let k = j;
      while (k < n && NUMBER_CHARS.test(text[k] as string)) k++;
      const token = text.slice(j, k);
      if (INTEGER.test(token)) {
        out += `${text.slice(copied, j)}"${token}"`;
        copied = k;
      }
      i = k > j ? k : j;
      continue;
    }
    i = j;
  }
  return JSON.parse(copied === 0 ? text : out + text.slice(copied));
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const NUMBER_CHARS = /[-+0-9.eE]/;
const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/** Index of the quote closing the string that opens at `start`, or -1. */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return -1;
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

function decodeKey(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

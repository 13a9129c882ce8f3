/** A JSON number written exactly as these digits, never through a JS number (int64 ids exceed 2^53). */
export class RawJsonNumber {
  constructor(readonly digits: string) {
    if (!/^-?(0|[1-9]\d*)$/.test(digits)) throw new Error(`RawJsonNumber must be decimal digits but got: "${digits}"`);
  }
}

/**
 * `JSON.stringify` of a flat object, except that {@link RawJsonNumber} values are written as bare numbers
 * with every digit, e.g. `{"Id":9223372036854775807}`. Keys keep their order.
 */
export function stringifyWithRawNumbers(object: Readonly<Record<string, unknown>>): string {
  const members = Object.entries(object)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${JSON.stringify(key)}:${value instanceof RawJsonNumber ? value.digits : JSON.stringify(value)}`);
  return `{${members.join(',')}}`;
}

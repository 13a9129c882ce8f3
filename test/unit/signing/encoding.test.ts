import { orderedCanonicalQuery, sortedCanonicalQuery } from '../../../src/signing/canonical-query';
import { sha256Hex, signaturesEqual } from '../../../src/signing/crypto';
import { encodePath, encodeRfc3986 } from '../../../src/signing/rfc3986';

describe('encodeRfc3986', () => {
  it.each([
    ['a b', 'a%20b'],
    ['*', '%2A'],
    ['~-._', '~-._'],
    ["!'()", '%21%27%28%29'],
    ['+/=&?#%', '%2B%2F%3D%26%3F%23%25'],
    ['未命名', '%E6%9C%AA%E5%91%BD%E5%90%8D'],
    ['😀', '%F0%9F%98%80'],
    ['\ud800', '%EF%BF%BD'],
    ['', ''],
  ])('encodes %j as %j', (raw, encoded) => {
    expect(encodeRfc3986(raw)).toBe(encoded);
  });
});

describe('encodePath', () => {
  it('encodes each segment and keeps the slashes', () => {
    expect(encodePath('/v2/a b/é/')).toBe('/v2/a%20b/%C3%A9/');
    expect(encodePath('/')).toBe('/');
    expect(encodePath('')).toBe('/');
  });
});

describe('canonical query', () => {
  const query = [
    ['b', '2'],
    ['a', 'y'],
    ['a', 'x'],
    ['A', ' '],
  ] as const;

  it('sorts by name then value, in code-unit order, when the scheme sorts', () => {
    expect(sortedCanonicalQuery(query)).toBe('A=%20&a=x&a=y&b=2');
  });

  it('keeps the order given when it does not', () => {
    expect(orderedCanonicalQuery(query)).toBe('b=2&a=y&a=x&A=%20');
  });
});

describe('crypto helpers', () => {
  it('hashes strings as UTF-8 and bytes as they are', () => {
    expect(sha256Hex('é')).toBe(sha256Hex(Uint8Array.of(0xc3, 0xa9)));
  });

  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['', '', true],
    ['', 'a', false],
  ])('signaturesEqual(%j, %j) is %s', (a, b, equal) => {
    expect(signaturesEqual(a, b)).toBe(equal);
  });
});

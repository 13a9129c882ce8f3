import { MAX_REQUEST_ID_LENGTH, requestIdFrom } from '../../../src/server/request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('requestIdFrom: the caller’s x-request-id, or a fresh one', () => {
  it.each([
    'abc',
    '0b5c2f5e-9d1a-4a8e-8c1e-2f0d3b6a7c9d',
    '01HZX3Q8M7K2V9T4R6N5P0W1YB',
    'Root=1-5759e988-bd862e3fe1be46a994272793',
    'trace:span/op=1+2-3.4_5',
    'x'.repeat(MAX_REQUEST_ID_LENGTH),
  ])('keeps a safe one: %s', (id) => {
    expect(requestIdFrom(id)).toBe(id);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['too long', 'x'.repeat(MAX_REQUEST_ID_LENGTH + 1)],
    ['with a space', 'a b'],
    ['with a newline (log injection)', 'a\nb'],
    ['with a comma (two joined headers)', 'a,b'],
    ['with quotes', '"a"'],
    ['with a semicolon', 'a;b'],
    ['non-ASCII', 'ünï'],
    ['HTML', '<script>'],
  ])('replaces one that is %s with a fresh UUID', (_what, id) => {
    const out = requestIdFrom(id);
    expect(out).toMatch(UUID);
    expect(requestIdFrom(id)).not.toBe(out);
  });

  it('replaces a repeated header (an array)', () => {
    expect(requestIdFrom(['a', 'b'])).toMatch(UUID);
  });
});

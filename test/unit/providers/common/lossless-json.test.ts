import { parseJsonKeepingIntegers } from '../../../../src/providers/common/lossless-json';

const KEYS = new Set(['Id', 'ExportId']);

describe('parseJsonKeepingIntegers', () => {
  it.each([
    ['{"Id":9223372036854775807}', { Id: '9223372036854775807' }],
    ['{"Id": 9223372036854775807 ,"x":1}', { Id: '9223372036854775807', x: 1 }],
    ['{\n  "Id" :\t131231\n}', { Id: '131231' }],
    ['{"Id":-12}', { Id: '-12' }],
    ['{"Id":0}', { Id: '0' }],
    ['{"Id":"400185"}', { Id: '400185' }], // already a string
    ['{"Id":1.5}', { Id: 1.5 }], // not an integer: left alone
    ['{"Id":1e3}', { Id: 1000 }],
    ['{"Id":null}', { Id: null }],
    ['{"ExportId":12345678901234567890,"TotalCount":100}', { ExportId: '12345678901234567890', TotalCount: 100 }],
    ['{"Other":9223372036854775807}', { Other: 9223372036854775807 }], // other keys parse as usual
    ['{"a":{"Id":9007199254740993}}', { a: { Id: '9007199254740993' } }], // nested
    ['[{"Id":1},{"Id":2}]', [{ Id: '1' }, { Id: '2' }]],
    ['{"FileName":"\\"Id\\":9223372036854775807","Id":5}', { FileName: '"Id":9223372036854775807', Id: '5' }], // inside a string
    ['{"x\\"Id":9223372036854775807}', { 'x"Id': 9223372036854775807 }],
    ['{"\\u0049d":9223372036854775807}', { Id: '9223372036854775807' }], // escaped key
    ['{"Id":[1,2]}', { Id: [1, 2] }],
    ['{}', {}],
  ])('%s', (text, expected) => {
    expect(parseJsonKeepingIntegers(text, KEYS)).toEqual(expected);
  });

  it.each(['', '{', '{"Id":}', '{"Id":12', '{"Id":12,}', 'not json', '{"Id":0012}', '{"Id":1-2}'])('throws SyntaxError on %j', (text) => {
    expect(() => parseJsonKeepingIntegers(text, KEYS)).toThrow(SyntaxError);
  });
});

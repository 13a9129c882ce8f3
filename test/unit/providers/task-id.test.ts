import type { ProviderId } from '../../../src/domain/provider-id';
import { echo } from '../../../src/errors/echo';
import { ErrorCode } from '../../../src/errors/error-code';
import { ServiceError } from '../../../src/errors/service-error';
import { isInt64Decimal as isAlibabaTaskId } from '../../../src/providers/alibaba/int64';
import { TOKEN_TASK_ID } from '../../../src/providers/common/token-task-id';
import { providerModules } from '../../../src/providers/registry';
import { MAX_IDS, parseProviderId, parseProviderTaskId, parseTaskId, parseTaskIds } from '../../../src/providers/task-id';

const isTokenTaskId = (id: string): boolean => TOKEN_TASK_ID.test(id);
const isValidProviderTaskId = (provider: ProviderId, id: string): boolean => providerModules[provider].taskId.test(id);

function rejection(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw e;
  }
  throw new Error('expected a ServiceError');
}

const FORMAT = 'expected "<providerId>:<providerTaskId>" with providerId one of alibaba-sas, alibaba-siem, tencent-tcss, huawei-workspace';
const ALIBABA = 'a decimal integer from 0 to 9223372036854775807, digits only, without sign or leading zeros';
const TOKEN = '1 to 128 characters of A-Z, a-z, 0-9, "_", "." and "-"';

describe('Alibaba task ids (int64, compared as strings)', () => {
  it.each([
    ['0', true],
    ['7', true],
    ['131231', true],
    ['400185', true],
    ['9223372036854775807', true], // int64 max
    ['9223372036854775806', true],
    ['999999999999999999', true], // 18 digits
    ['1000000000000000000', true], // 19 digits, below max
    ['9223372036854775808', false], // int64 max + 1
    ['9999999999999999999', false], // 19 digits, above max
    ['12345678901234567890', false], // 20 digits
    ['00000000000000000001', false], // 20 digits, leading zeros
    ['007', false], // leading zeros
    ['00', false],
    ['-1', false], // negative
    ['+1', false], // sign
    ['', false], // empty
    [' 1', false], // whitespace
    ['1 ', false],
    ['1\n', false],
    ['1.0', false],
    ['1e3', false],
    ['0x1f', false],
    ['١٢٣', false], // Arabic-Indic digits
    ['１２３', false], // full-width digits
    ['12a', false],
  ])('%j → %s', (id, valid) => {
    expect(isAlibabaTaskId(id)).toBe(valid);
    expect(isValidProviderTaskId('alibaba-sas', id)).toBe(valid);
    expect(isValidProviderTaskId('alibaba-siem', id)).toBe(valid);
  });
});

describe('Tencent and Huawei task ids ([A-Za-z0-9_.-]{1,128})', () => {
  it.each([
    ['e4409223-8e92-45db-a857-11b1ff547c79', true],
    ['7d8f', true],
    ['a_b.c-D', true],
    ['x'.repeat(128), true],
    ['x'.repeat(129), false], // too long
    ['', false], // empty
    ['../x', false], // path traversal
    ['a/b', false],
    ['a%2Fb', false], // encoded slash
    ['a b', false], // whitespace
    [' a', false],
    ['a\t', false],
    ['a\n', false],
    ['tâche', false], // unicode
    ['😀', false],
    ['a:b', false],
    ['a?b=c', false],
    ['a&b', false],
  ])('%j → %s', (id, valid) => {
    expect(isTokenTaskId(id)).toBe(valid);
    expect(isValidProviderTaskId('tencent-tcss', id)).toBe(valid);
    expect(isValidProviderTaskId('huawei-workspace', id)).toBe(valid);
  });
});

describe('parseTaskId', () => {
  it.each([
    ['alibaba-sas:131231', 'alibaba-sas', '131231'],
    ['alibaba-siem:9223372036854775807', 'alibaba-siem', '9223372036854775807'],
    ['tencent-tcss:e4409223-8e92-45db-a857-11b1ff547c79', 'tencent-tcss', 'e4409223-8e92-45db-a857-11b1ff547c79'],
    ['huawei-workspace:7d8f.a_b-C', 'huawei-workspace', '7d8f.a_b-C'],
  ])('%s → %s / %s', (id, provider, providerTaskId) => {
    expect(parseTaskId(id)).toEqual({ id, provider, providerTaskId });
  });

  it.each([
    ['x', `Invalid task id "x": ${FORMAT}`],
    ['', `Invalid task id "": ${FORMAT}`],
    [':1', `Invalid task id ":1": ${FORMAT}`],
    ['aws:1', `Invalid task id "aws:1": ${FORMAT}`],
    ['Alibaba-SAS:1', `Invalid task id "Alibaba-SAS:1": ${FORMAT}`],
    [' alibaba-sas:1', `Invalid task id " alibaba-sas:1": ${FORMAT}`],
    ['131231', `Invalid task id "131231": ${FORMAT}`],
    ['alibaba-sas:', `Invalid task id "alibaba-sas:": expected the alibaba-sas task id to be ${ALIBABA}`],
    [
      'alibaba-sas:9223372036854775808',
      `Invalid task id "alibaba-sas:9223372036854775808": expected the alibaba-sas task id to be ${ALIBABA}`,
    ],
    ['alibaba-siem:-5', `Invalid task id "alibaba-siem:-5": expected the alibaba-siem task id to be ${ALIBABA}`],
    [
      'alibaba-sas:12345678901234567890',
      `Invalid task id "alibaba-sas:12345678901234567890": expected the alibaba-sas task id to be ${ALIBABA}`,
    ],
    ['alibaba-sas:007', `Invalid task id "alibaba-sas:007": expected the alibaba-sas task id to be ${ALIBABA}`],
    ['alibaba-sas:1:2', `Invalid task id "alibaba-sas:1:2": expected the alibaba-sas task id to be ${ALIBABA}`],
    ['tencent-tcss:../x', `Invalid task id "tencent-tcss:../x": expected the tencent-tcss task id to be ${TOKEN}`],
    ['tencent-tcss:', `Invalid task id "tencent-tcss:": expected the tencent-tcss task id to be ${TOKEN}`],
    ['huawei-workspace:a%2Fb', `Invalid task id "huawei-workspace:a%2Fb": expected the huawei-workspace task id to be ${TOKEN}`],
    ['huawei-workspace:a b', `Invalid task id "huawei-workspace:a b": expected the huawei-workspace task id to be ${TOKEN}`],
    ['huawei-workspace:tâche', `Invalid task id "huawei-workspace:tâche": expected the huawei-workspace task id to be ${TOKEN}`],
    ['huawei-workspace:a\nb', `Invalid task id "huawei-workspace:a\\nb": expected the huawei-workspace task id to be ${TOKEN}`],
  ])('rejects %j with BAD_USER_INPUT', (id, message) => {
    const e = rejection(() => parseTaskId(id));
    expect(e.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(e.message).toBe(message);
    expect(e.provider).toBeUndefined();
  });

  it('rejects a 129-character Tencent id, echoing it truncated', () => {
    const e = rejection(() => parseTaskId(`tencent-tcss:${'a'.repeat(129)}`));
    expect(e.message).toBe(
      `Invalid task id "tencent-tcss:${'a'.repeat(51)}…" (142 characters): expected the tencent-tcss task id to be ${TOKEN}`,
    );
  });

  it('never echoes megabytes of input', () => {
    const huge = `huawei-workspace:${'A'.repeat(5_000_000)}`;
    const e = rejection(() => parseTaskId(huge));
    expect(e.message.length).toBeLessThan(300);
    expect(e.message).toContain('(5000017 characters)');
    const unknown = rejection(() => parseTaskId('z'.repeat(2_000_000)));
    expect(unknown.message).toBe(`Invalid task id "${'z'.repeat(64)}…" (2000000 characters): ${FORMAT}`);
  });
});

describe('parseProviderTaskId (a bare id, e.g. a listing filter)', () => {
  it('accepts valid ids as the TaskRef of that provider, and rejects invalid ones naming the argument', () => {
    expect(parseProviderTaskId('huawei-workspace', 'abc', 'filter.providerTaskId')).toEqual({
      id: 'huawei-workspace:abc',
      provider: 'huawei-workspace',
      providerTaskId: 'abc',
    });
    const e = rejection(() => parseProviderTaskId('huawei-workspace', 'a/b', 'filter.providerTaskId'));
    expect(e.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(e.message).toBe(`Invalid filter.providerTaskId "a/b": expected a huawei-workspace task id, ${TOKEN}`);
    expect(rejection(() => parseProviderTaskId('alibaba-sas', '+1', 'x')).message).toBe(
      `Invalid x "+1": expected a alibaba-sas task id, ${ALIBABA}`,
    );
  });
});

describe('parseTaskIds', () => {
  it(`takes up to ${MAX_IDS} ids, naming the index of a bad one`, () => {
    const ids = Array.from({ length: MAX_IDS }, (_, i) => `tencent-tcss:job-${i}`);
    expect(parseTaskIds(ids).map((t) => t.id)).toEqual(ids);
    expect(rejection(() => parseTaskIds([...ids, 'tencent-tcss:x'])).message).toBe(
      `Too many ids: expected at most ${MAX_IDS}, but got 101`,
    );
    expect(rejection(() => parseTaskIds(['tencent-tcss:a', 'x'])).message).toBe(`ids[1]: Invalid task id "x": ${FORMAT}`);
  });
});

describe('parseProviderId', () => {
  it('accepts the four ids and names them when given another', () => {
    expect(parseProviderId('huawei-workspace')).toBe('huawei-workspace');
    const e = rejection(() => parseProviderId('aws'));
    expect(e.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(e.message).toBe('Unknown provider "aws": expected one of alibaba-sas, alibaba-siem, tencent-tcss, huawei-workspace');
  });
});

describe('echo', () => {
  it('JSON-quotes, escapes control characters, and does not split a surrogate pair', () => {
    expect(echo('a"b')).toBe('"a\\"b"');
    expect(echo('\u0000')).toBe('"\\u0000"');
    const s = `${'x'.repeat(63)}😀tail`;
    expect(echo(s)).toBe(`"${'x'.repeat(63)}…" (${s.length} characters)`);
  });
});

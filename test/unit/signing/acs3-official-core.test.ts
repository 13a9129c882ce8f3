import OpenApiUtil from '@alicloud/openapi-util';

import { sha256Hex, signAcs3 } from '../../../src/signing/acs3';
import type { SignableRequest } from '../../../src/signing/signable-request';
import { ANY_TEXT, chars, Random, randomBody, randomHeaderValue, randomHost, randomPath, UNICODE, UNRESERVED } from './random-requests';

type TeaRequest = Parameters<typeof OpenApiUtil.getAuthorization>[0];

const credentials = { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret+/=0123456789abcdef' };
// openapi-util takes the path already encoded (as its getEncodePath would), so encode independently of ours.
const rfc3986 = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * A request both signers can take. openapi-util leaves query names unencoded and keeps them in an
 * object, so names here are unique and unreserved; values hold anything.
 */
function randomRequest(random: Random): SignableRequest {
  const names = new Set(Array.from({ length: random.int(0, 5) }, () => random.text(UNRESERVED, 1, 8)));
  const headers: Record<string, string> = {
    host: randomHost(random, true),
    'x-acs-action': random.pick(['DescribeExportInfo', 'GetExportTask']),
    'x-acs-version': random.pick(['2018-12-03', '2024-12-12']),
    'x-acs-date': `20${random.int(10, 39)}-0${random.int(1, 9)}-1${random.int(0, 9)}T0${random.int(0, 9)}:1${random.int(0, 9)}:2${random.int(0, 9)}Z`,
    'x-acs-signature-nonce': random.text(chars('0123456789abcdef'), 32, 32),
    'user-agent': randomHeaderValue(random, false),
  };
  if (random.chance(0.5)) headers['content-type'] = random.pick(['application/x-www-form-urlencoded', 'application/json; charset=utf-8']);
  if (random.chance(0.3)) headers['x-acs-security-token'] = randomHeaderValue(random, true);
  if (random.chance(0.3)) headers['X-Acs-Caller-Tag'] = randomHeaderValue(random, true);
  const body = randomBody(random);
  headers['x-acs-content-sha256'] = sha256Hex(body);
  return {
    method: random.pick(['GET', 'POST']),
    path: random.chance(0.5) ? '/' : randomPath(random, [...UNRESERVED, ...chars(' !$&()*+,;=:@%'), ...UNICODE]),
    query: [...names].map((name) => [name, random.text(ANY_TEXT, 0, 12)] as const),
    headers,
    body,
  };
}

function officialAuthorization(request: SignableRequest): string {
  const teaRequest = {
    method: request.method,
    pathname: request.path.split('/').map(rfc3986).join('/'),
    query: Object.fromEntries(request.query),
    headers: { ...request.headers },
  } as Partial<TeaRequest> as TeaRequest;
  return OpenApiUtil.getAuthorization(
    teaRequest,
    'ACS3-HMAC-SHA256',
    sha256Hex(request.body),
    credentials.accessKeyId,
    credentials.accessKeySecret,
  );
}

describe('signAcs3 agrees with @alicloud/openapi-util getAuthorization', () => {
  const random = new Random(0xac53);
  const requests = Array.from({ length: 250 }, () => randomRequest(random));

  it.each(requests.map((request, index) => [index, request] as const))('on generated request %i', (_, request) => {
    expect(signAcs3(request, credentials).authorization).toBe(officialAuthorization(request));
  });
});

describe('where openapi-util differs from the V3 specification', () => {
  it('does not encode query names, so a name with a reserved character signs differently', () => {
    const request: SignableRequest = {
      method: 'POST',
      path: '/',
      query: [['Tag.1 Key', 'v']],
      headers: { host: 'tds.cn-shanghai.aliyuncs.com', 'x-acs-action': 'DescribeExportInfo' },
      body: '',
    };
    expect(signAcs3(request, credentials).canonicalRequest.split('\n')[2]).toBe('Tag.1%20Key=v');
    expect(signAcs3(request, credentials).authorization).not.toBe(officialAuthorization(request));
  });
});

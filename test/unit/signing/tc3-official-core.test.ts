import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import * as coreFetch from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/http/fetch';
import Sign from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign';

import type { SignableRequest } from '../../../src/signing/signable-request';
import { parseTc3Authorization, signTc3 } from '../../../src/signing/tc3';
import { ANY_TEXT, chars, Random, randomBody, randomHeaderValue, randomHost, randomPath, UNICODE, UNRESERVED } from './random-requests';

const credentials = { secretId: 'AKIDexampleexampleexample', secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE' };
// The core signs the query and path as they are in the URL, so the URL is encoded independently of ours.
const rfc3986 = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded'];

interface Case {
  readonly request: SignableRequest;
  readonly url: string;
  readonly service: string;
  readonly timestamp: number;
}

/**
 * A request both signers can take. The core signs `URL.hostname` (no port) and the content type
 * verbatim, so here hosts have no port and content types are lower-case with no outer spaces.
 */
function randomCase(random: Random): Case {
  const host = randomHost(random, false);
  const path = randomPath(random, [...UNRESERVED, ...chars(' !$&()*+,;=:@%'), ...UNICODE]);
  const query = Array.from({ length: random.int(0, 4) }, () => [random.text(ANY_TEXT, 1, 6), random.text(ANY_TEXT, 0, 10)] as const);
  const encodedQuery = query.map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`).join('&');
  const encodedPath = path.split('/').map(rfc3986).join('/');
  const method = random.pick(['GET', 'POST']);
  const request: SignableRequest = {
    method,
    path,
    query,
    headers: {
      'Content-Type': random.pick(CONTENT_TYPES),
      Host: host,
      'X-TC-Action': random.pick(['DescribeExportJobResult', 'DescribeInstances']),
      'X-TC-Language': randomHeaderValue(random, true),
    },
    body: method === 'GET' ? '' : randomBody(random),
  };
  return {
    request,
    url: `https://${host}${encodedPath}${query.length > 0 ? `?${encodedQuery}` : ''}`,
    service: random.pick(['tcss', 'cvm', 'tcss-intl']),
    timestamp: random.int(0, 4_102_444_800),
  };
}

function officialAuthorization({ request, url, service, timestamp }: Case): string {
  return Sign.sign3({
    method: request.method,
    url,
    payload: Buffer.from(request.body),
    timestamp,
    service,
    secretId: credentials.secretId,
    secretKey: credentials.secretKey,
    multipart: false,
    boundary: '',
    headers: { 'Content-Type': request.headers['Content-Type'] ?? '' },
  });
}

describe('signTc3 agrees with tencentcloud-sdk-nodejs-common Sign.sign3', () => {
  const random = new Random(0x7c3);
  const cases = Array.from({ length: 250 }, () => randomCase(random));

  it.each(cases.map((c, index) => [index, c] as const))('on generated request %i', (_, c) => {
    expect(signTc3(c.request, credentials, { service: c.service, timestamp: c.timestamp }).authorization).toBe(officialAuthorization(c));
  });
});

describe("the official core's defects, against our signer", () => {
  const request: SignableRequest = {
    method: 'POST',
    path: '/',
    query: [],
    headers: { 'Content-Type': 'application/json', Host: '127.0.0.1:34567' },
    body: '{"JobId":"job-1"}',
  };

  it('the core\'s client signs for service "127" when the endpoint is an IP; ours signs for tcss', async () => {
    const sent: Array<{ url: string; headers: Record<string, string> }> = [];
    jest.spyOn(coreFetch, 'default').mockImplementation(async (url, options) => {
      sent.push({ url, headers: options.headers ?? {} });
      const body = { Response: { RequestId: 'r-1', ExportStatus: 'RUNNING' } };
      return { status: 200, headers: new Headers({ 'content-type': 'application/json' }), json: async () => body } as never;
    });
    const client = new CommonClient('127.0.0.1:34567', '2020-11-01', {
      credential: credentials,
      profile: { httpProfile: { protocol: 'http://' } },
    });

    await client.request('DescribeExportJobResult', { JobId: 'job-1' });

    const [call] = sent;
    const authorization = call?.headers['Authorization'] ?? '';
    const timestamp = Number(call?.headers['X-TC-Timestamp']);
    expect(call?.url).toBe('http://127.0.0.1:34567/');
    expect(call?.headers['Host']).toBe('127.0.0.1:34567');
    expect(parseTc3Authorization(authorization)?.service).toBe('127');
    // What it sent is exactly our signature for service "127" and the port-less host it signs.
    const asTheCoreSigns = { ...request, headers: { ...request.headers, Host: '127.0.0.1' } };
    expect(signTc3(asTheCoreSigns, credentials, { service: '127', timestamp }).authorization).toBe(authorization);
    const ours = signTc3(request, credentials, { service: 'tcss', timestamp });
    expect(parseTc3Authorization(ours.authorization)?.service).toBe('tcss');
    expect(ours.canonicalRequest).toContain('\nhost:127.0.0.1:34567\n');
  });

  it('the core signs the host without its port while it sends the port in the Host header', () => {
    const timestamp = 1700000000;
    const official = officialAuthorization({ request, url: 'https://127.0.0.1:34567/', service: 'tcss', timestamp });
    const withPort = signTc3(request, credentials, { service: 'tcss', timestamp });
    const withoutPort = signTc3({ ...request, headers: { ...request.headers, Host: '127.0.0.1' } }, credentials, {
      service: 'tcss',
      timestamp,
    });
    expect(official).toBe(withoutPort.authorization);
    expect(official).not.toBe(withPort.authorization);
  });
});

import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import { HttpRequestBuilder } from '@huaweicloud/huaweicloud-sdk-core/http/IHttpRequestBuilder';

import { sha256Hex, signSdkHmac } from '../../../src/signing/sdk-hmac';
import type { SignableRequest } from '../../../src/signing/signable-request';
import { capturingOutputSync } from '../../support/captured-output';
import { ANY_TEXT, chars, Random, randomBody, randomHeaderValue, randomHost, randomPath, UNICODE, UNRESERVED } from './random-requests';

const credentials = { ak: 'QTWAOYTTINDUT2QVKYUC', sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' };
const officialCredentials = new BasicCredentials().withAk(credentials.ak).withSk(credentials.sk);

/** A request in both forms: ours, and the core's inputs (it adds `host` itself from the endpoint). */
interface Case {
  readonly request: SignableRequest;
  readonly endpoint: string;
  readonly headers: Record<string, string>;
  readonly queryParams: Record<string, string | string[]>;
  /** A JSON body the core serialises itself; otherwise the body's hash goes in X-Sdk-Content-Sha256. */
  readonly data?: unknown;
}

// url.parse escapes some path characters itself and the core then encodes them again, so paths use
// only characters it leaves alone (the defect is shown below).
const PATH_CHARS = [...UNRESERVED, ...chars('!$&()*+,;=:@[]'), ...UNICODE];
const HEADER_NAMES = ['Content-Type', 'X-Project-Id', 'x-request-tag', 'X-Custom-1', 'accept'];

function randomCase(random: Random): Case {
  const host = randomHost(random, true);
  const path = randomPath(random, PATH_CHARS);
  const queryParams: Record<string, string | string[]> = {};
  for (let i = random.int(0, 4); i > 0; i -= 1) {
    const name = random.text(ANY_TEXT, 1, 6);
    queryParams[name] = random.chance(0.3)
      ? Array.from({ length: random.int(2, 3) }, () => random.text(ANY_TEXT, 0, 8))
      : random.text(ANY_TEXT, 0, 8);
  }
  const headers: Record<string, string> = {
    'X-Sdk-Date': `20${random.int(10, 39)}${random.int(10, 12)}${random.int(10, 28)}T${random.int(10, 23)}${random.int(10, 59)}${random.int(10, 59)}Z`,
  };
  for (const name of HEADER_NAMES) if (random.chance(0.5)) headers[name] = randomHeaderValue(random, false);
  let body: string | Uint8Array = '';
  let data: unknown;
  switch (random.int(0, 3)) {
    case 0:
      data = { task_id: random.text(ANY_TEXT, 0, 10), limit: random.int(1, 100) };
      body = JSON.stringify(data);
      break;
    case 1:
      body = randomBody(random);
      headers['X-Sdk-Content-Sha256'] = sha256Hex(body);
      break;
    case 2:
      body = randomBody(random);
      headers['X-Sdk-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
      break;
    default:
  }
  const query = Object.entries(queryParams).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((item) => [name, item] as const),
  );
  return {
    request: { method: random.pick(['GET', 'POST', 'PUT', 'DELETE']), path, query, headers: { ...headers, host }, body },
    endpoint: `https://${host}${path}`,
    headers,
    queryParams,
    data,
  };
}

function officialAuthorization(c: Case): string {
  const request = new HttpRequestBuilder()
    .withEndpoint(c.endpoint)
    .withMethod(c.request.method)
    .withHeaders({ ...c.headers })
    .withQueryParams(c.queryParams)
    .withData(c.data)
    .build();
  const { result } = capturingOutputSync(() => AKSKSigner.sign(request, officialCredentials) as Record<string, string>);
  return result['Authorization'] ?? '';
}

describe('signSdkHmac agrees with @huaweicloud/huaweicloud-sdk-core AKSKSigner', () => {
  const random = new Random(0x5d4);
  const cases = Array.from({ length: 250 }, () => randomCase(random));

  it.each(cases.map((c, index) => [index, c] as const))('on generated request %i', (_, c) => {
    expect(signSdkHmac(c.request, credentials).authorization).toBe(officialAuthorization(c));
  });
});

describe("where AKSKSigner differs from the gateway's rules", () => {
  const base: Case = {
    request: {
      method: 'GET',
      path: '/v2/p/export-tasks',
      query: [],
      headers: { 'X-Sdk-Date': '20261122T093000Z', host: 'h.example.com' },
      body: '',
    },
    endpoint: 'https://h.example.com/v2/p/export-tasks',
    headers: { 'X-Sdk-Date': '20261122T093000Z' },
    queryParams: {},
  };

  it('does not trim header values; ours does', () => {
    const padded = { ...base.request, headers: { ...base.request.headers, 'X-Project-Id': ' p ' } };
    const trimmed = { ...base.request, headers: { ...base.request.headers, 'X-Project-Id': 'p' } };
    expect(officialAuthorization({ ...base, headers: { ...base.headers, 'X-Project-Id': ' p ' } })).not.toBe(
      signSdkHmac(padded, credentials).authorization,
    );
    expect(signSdkHmac(padded, credentials).authorization).toBe(signSdkHmac(trimmed, credentials).authorization);
  });

  it('re-reads X-Sdk-Date with moment, which warns on the console for a non-ISO date; ours rejects it', () => {
    const headers = { 'X-Sdk-Date': '2019/11/15 03:36:55' };
    const request = new HttpRequestBuilder().withEndpoint(base.endpoint).withMethod('GET').withHeaders(headers).build();
    const { output } = capturingOutputSync(() => AKSKSigner.sign(request, officialCredentials));
    expect(output.join('\n')).toContain('Deprecation warning: value provided is not in a recognized RFC2822 or ISO format.');
    expect(() => signSdkHmac({ ...base.request, headers: { ...headers, host: 'h.example.com' } }, credentials)).toThrow(
      'x-sdk-date must be yyyyMMddTHHmmssZ (e.g. 20191115T033655Z) but got: "2019/11/15 03:36:55"',
    );
  });

  it('misses a lower-case x-sdk-date key, adds its own from the clock and signs x-sdk-date twice', () => {
    const request = new HttpRequestBuilder()
      .withEndpoint(base.endpoint)
      .withMethod('GET')
      .withHeaders({ 'x-sdk-date': '20261122T093000Z' })
      .build();
    const { result } = capturingOutputSync(() => AKSKSigner.sign(request, officialCredentials) as Record<string, string>);
    expect(result['Authorization']).toContain('SignedHeaders=host;x-sdk-date;x-sdk-date,');
    expect(signSdkHmac(base.request, credentials).signedHeaders).toBe('host;x-sdk-date');
  });

  it('encodes twice a path character that url.parse already escaped (space becomes %2520)', () => {
    const official = officialAuthorization({ ...base, endpoint: 'https://h.example.com/v2/a b' });
    expect(official).not.toBe(signSdkHmac({ ...base.request, path: '/v2/a b' }, credentials).authorization);
    expect(official).toBe(signSdkHmac({ ...base.request, path: '/v2/a%20b' }, credentials).authorization);
  });
});

import { parseSdkHmacAuthorization, sha256Hex, SigningError, signSdkHmac } from '../../../src/signing/sdk-hmac';
import type { SignableRequest } from '../../../src/signing/signable-request';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
// Huawei's published example (API Gateway AK/SK signing documentation, VPC list).
const vectorRequest: SignableRequest = {
  method: 'GET',
  path: '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs',
  query: [
    ['marker', '13551d6b-755d-4757-b956-536f674975c0'],
    ['limit', '2'],
  ],
  headers: { 'Content-Type': 'application/json', 'X-Sdk-Date': '20191115T033655Z', Host: 'service.region.example.com' },
  body: '',
};
const vectorCredentials = { ak: 'QTWAOYTTINDUT2QVKYUC', sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' };

describe('signSdkHmac: the published vector', () => {
  const signed = signSdkHmac(vectorRequest, vectorCredentials);

  it('builds the canonical request, its URI ending in a slash', () => {
    expect(signed.canonicalRequest).toBe(
      [
        'GET',
        '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/',
        'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
        'content-type:application/json',
        'host:service.region.example.com',
        'x-sdk-date:20191115T033655Z',
        '',
        'content-type;host;x-sdk-date',
        EMPTY_SHA256,
      ].join('\n'),
    );
  });

  it('builds the string to sign, the signature and the header', () => {
    expect(signed.stringToSign).toBe('SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a');
    expect(sha256Hex(signed.canonicalRequest)).toBe('b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a');
    expect(signed.signature).toBe('7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe');
    expect(signed.authorization).toBe(
      'SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, ' +
        'Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
    );
  });
});

describe('signSdkHmac: canonical form', () => {
  const request: SignableRequest = {
    method: 'GET',
    path: '/v2/0a1b/export-tasks',
    query: [
      ['file_name', 'a b*~'],
      ['status', 'SUCCESS'],
      ['file_name', 'é'],
    ],
    headers: { 'X-Sdk-Date': '20261122T093000Z', host: '127.0.0.1:34567', 'X-Project-Id': ' 0a1b ' },
    body: '',
  };

  it('encodes the path and query as RFC 3986, trims values, signs the host with its port', () => {
    expect(signSdkHmac(request, vectorCredentials).canonicalRequest.split('\n').slice(0, 6)).toEqual([
      'GET',
      '/v2/0a1b/export-tasks/',
      'file_name=a%20b%2A~&file_name=%C3%A9&status=SUCCESS',
      'host:127.0.0.1:34567',
      'x-project-id:0a1b',
      'x-sdk-date:20261122T093000Z',
    ]);
  });

  it('signs exactly the headers asked for', () => {
    expect(signSdkHmac(request, vectorCredentials, { signedHeaders: ['x-sdk-date', 'Host'] }).signedHeaders).toBe('host;x-sdk-date');
  });

  it('uses UNSIGNED-PAYLOAD as the payload hash when x-sdk-content-sha256 says so', () => {
    const unsigned = { ...request, body: 'ignored', headers: { ...request.headers, 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' } };
    expect(signSdkHmac(unsigned, vectorCredentials).canonicalRequest.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
  });
});

describe('signSdkHmac: errors', () => {
  it('throws when x-sdk-date is missing', () => {
    const { 'X-Sdk-Date': _, ...withoutDate } = vectorRequest.headers;
    const request = { ...vectorRequest, headers: withoutDate };
    expect(() => signSdkHmac(request, vectorCredentials)).toThrow(SigningError);
    expect(() => signSdkHmac(request, vectorCredentials)).toThrow(
      'request.headers must hold x-sdk-date (yyyyMMddTHHmmssZ, e.g. 20191115T033655Z) but it is absent',
    );
  });

  it('throws when x-sdk-date is not in the basic format', () => {
    const request = { ...vectorRequest, headers: { ...vectorRequest.headers, 'X-Sdk-Date': '2019-11-15T03:36:55Z' } };
    expect(() => signSdkHmac(request, vectorCredentials)).toThrow(
      'x-sdk-date must be yyyyMMddTHHmmssZ (e.g. 20191115T033655Z) but got: "2019-11-15T03:36:55Z"',
    );
  });

  it('throws when a signed header is absent', () => {
    expect(() => signSdkHmac(vectorRequest, vectorCredentials, { signedHeaders: ['host', 'X-Project-Id'] })).toThrow(
      new SigningError(
        'signed header "x-project-id" must be present in request.headers but is absent (present: content-type, host, x-sdk-date)',
      ),
    );
  });
});

describe('parseSdkHmacAuthorization', () => {
  it('reads back what signSdkHmac wrote', () => {
    const signed = signSdkHmac(vectorRequest, vectorCredentials);
    expect(parseSdkHmacAuthorization(signed.authorization)).toEqual({
      accessKey: 'QTWAOYTTINDUT2QVKYUC',
      signedHeaders: ['content-type', 'host', 'x-sdk-date'],
      signature: signed.signature,
    });
  });

  const signature = '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe';
  const good = `SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=host;x-sdk-date, Signature=${signature}`;
  it.each([
    ['an empty value', ''],
    ['another algorithm', good.replace('SDK-HMAC-SHA256', 'SDK-HMAC-SM3')],
    ['a missing Access', good.replace('Access=QTWAOYTTINDUT2QVKYUC, ', '')],
    ['an ACS3-style field', good.replace('Access', 'Credential')],
    ['a space inside a value', good.replace('QTWAOYTTINDUT2QVKYUC', 'QTWAOY TTINDUT2QVKYUC')],
    ['a trailing comma', `${good},`],
    ['a signed header list with a space', good.replace('host;x-sdk-date', 'host; x-sdk-date')],
    ['a 63-digit signature', good.replace(signature, signature.slice(1))],
  ])('returns undefined for %s', (_, value) => {
    expect(parseSdkHmacAuthorization(good)).toBeDefined();
    expect(parseSdkHmacAuthorization(value)).toBeUndefined();
  });
});

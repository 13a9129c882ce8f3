import type { SignableRequest } from '../../../src/signing/signable-request';
import { parseTc3Authorization, sha256Hex, SigningError, signTc3 } from '../../../src/signing/tc3';

// Tencent's published example (API 3.0 signature documentation, CVM DescribeInstances). The body's
// `\u672a\u547d\u540d` are literal backslash escapes, not the characters they name.
const vectorBody = String.raw`{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`;
const vectorRequest: SignableRequest = {
  method: 'POST',
  path: '/',
  query: [],
  headers: {
    'Content-Type': 'application/json; charset=utf-8',
    Host: 'cvm.tencentcloudapi.com',
    'X-TC-Action': 'DescribeInstances',
    'X-TC-Timestamp': '1551113065',
    'X-TC-Version': '2017-03-12',
    'X-TC-Region': 'ap-guangzhou',
  },
  body: vectorBody,
};
const vectorCredentials = { secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE', secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE' };
const vectorOptions = { service: 'cvm', timestamp: 1551113065 };

describe('signTc3: the published vector', () => {
  const signed = signTc3(vectorRequest, vectorCredentials, vectorOptions);

  it('builds the canonical request, with the body hashed byte for byte', () => {
    expect(vectorBody).toContain('\\u672a');
    expect(signed.canonicalRequest).toBe(
      [
        'POST',
        '/',
        '',
        'content-type:application/json; charset=utf-8',
        'host:cvm.tencentcloudapi.com',
        '',
        'content-type;host',
        '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
      ].join('\n'),
    );
    expect(sha256Hex(signed.canonicalRequest)).toBe('5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031');
  });

  it('builds the string to sign and the signature', () => {
    expect(signed.credentialScope).toBe('2019-02-25/cvm/tc3_request');
    expect(signed.stringToSign).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
    expect(signed.signature).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
    expect(signed.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, ' +
        'SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('gives the same signature for the body as bytes', () => {
    const bytes = { ...vectorRequest, body: new TextEncoder().encode(vectorBody) };
    expect(signTc3(bytes, vectorCredentials, vectorOptions).signature).toBe(signed.signature);
  });
});

describe('signTc3: canonical form', () => {
  const request: SignableRequest = {
    method: 'GET',
    path: '/a b/ü',
    query: [
      ['z', 'a b*~'],
      ['a', '1'],
    ],
    headers: { 'content-type': '  Application/JSON ', host: '127.0.0.1:34567', 'x-tc-action': 'DescribeExportJobResult' },
    body: '',
  };

  it('signs the product as service whatever the host, and the host with its port', () => {
    const signed = signTc3(request, vectorCredentials, { service: 'tcss', timestamp: 1700000000 });
    expect(signed.credentialScope).toBe('2023-11-14/tcss/tc3_request');
    expect(signed.canonicalRequest.split('\n').slice(0, 5)).toEqual([
      'GET',
      '/a%20b/%C3%BC',
      'z=a%20b%2A~&a=1',
      'content-type:application/json',
      'host:127.0.0.1:34567',
    ]);
  });

  it('signs extra headers when asked, sorted and lower-cased', () => {
    const signed = signTc3(request, vectorCredentials, {
      service: 'tcss',
      timestamp: 1700000000,
      signedHeaders: ['X-TC-Action', 'host', 'content-type'],
    });
    expect(signed.signedHeaders).toBe('content-type;host;x-tc-action');
    expect(signed.canonicalRequest).toContain('\nx-tc-action:describeexportjobresult\n\ncontent-type;host;x-tc-action\n');
  });
});

describe('signTc3: errors', () => {
  const credentials = vectorCredentials;

  it.each([
    [
      'a signed header is absent',
      { service: 'tcss', timestamp: 1, signedHeaders: ['host', 'x-tc-token'] },
      'signed header "x-tc-token" must be present in request.headers but is absent ' +
        '(present: content-type, host, x-tc-action, x-tc-region, x-tc-timestamp, x-tc-version)',
    ],
    ['the service is empty', { service: '', timestamp: 1 }, 'service must be a product name such as "tcss" but got: ""'],
    [
      'the timestamp is in milliseconds',
      { service: 'tcss', timestamp: 1551113065123.5 },
      'timestamp must be whole unix seconds between 0 and 253402300799 but got: 1551113065123.5',
    ],
    [
      'signedHeaders is empty',
      { service: 'tcss', timestamp: 1, signedHeaders: [] },
      'signedHeaders must name at least one header but got: []',
    ],
  ])('throws when %s', (_, options, message) => {
    expect(() => signTc3(vectorRequest, credentials, options)).toThrow(new SigningError(message));
    expect(() => signTc3(vectorRequest, credentials, options)).toThrow(SigningError);
  });

  it('throws when two header keys name the same header', () => {
    const request = { ...vectorRequest, headers: { ...vectorRequest.headers, host: 'other' } };
    expect(() => signTc3(request, credentials, vectorOptions)).toThrow(
      'request.headers must name each header once but names "host" twice: "Host" and "host"',
    );
  });
});

describe('parseTc3Authorization', () => {
  it('reads back what signTc3 wrote', () => {
    const signed = signTc3(vectorRequest, vectorCredentials, vectorOptions);
    expect(parseTc3Authorization(signed.authorization)).toEqual({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      date: '2019-02-25',
      service: 'cvm',
      signedHeaders: ['content-type', 'host'],
      signature: signed.signature,
    });
  });

  const signature = '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168';
  const good = `TC3-HMAC-SHA256 Credential=AKID/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`;
  it.each([
    ['an empty value', ''],
    ['another algorithm', good.replace('TC3-HMAC-SHA256', 'TC3-HMAC-SHA1')],
    ['no fields', 'TC3-HMAC-SHA256'],
    ['a missing Signature', good.replace(/, Signature=.*/, '')],
    ['a repeated field', `${good}, Signature=${signature}`],
    ['an unknown field', `${good}, Extra=1`],
    ['a scope without tc3_request', good.replace('/tc3_request', '/tc3')],
    ['a scope without service', good.replace('/cvm/', '/')],
    ['a malformed date', good.replace('2019-02-25', '20190225')],
    ['an empty SecretId', good.replace('AKID/', '/')],
    ['an empty signed header', good.replace('content-type;host', 'content-type;;host')],
    ['upper-case signed headers', good.replace('content-type;host', 'Content-Type;Host')],
    ['a short signature', good.slice(0, -1)],
    ['an upper-case signature', good.replace(signature, signature.toUpperCase())],
  ])('returns undefined for %s', (_, value) => {
    expect(parseTc3Authorization(good)).toBeDefined();
    expect(parseTc3Authorization(value)).toBeUndefined();
  });
});

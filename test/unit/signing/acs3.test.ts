import { parseAcs3Authorization, sha256Hex, signAcs3, SigningError } from '../../../src/signing/acs3';
import type { SignableRequest } from '../../../src/signing/signable-request';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
// Alibaba's published example (signature V3 documentation, ECS RunInstances).
const vectorRequest: SignableRequest = {
  method: 'POST',
  path: '/',
  query: [
    ['RegionId', 'cn-shanghai'],
    ['ImageId', 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd'],
  ],
  headers: {
    host: 'ecs.cn-shanghai.aliyuncs.com',
    'x-acs-action': 'RunInstances',
    'x-acs-version': '2014-05-26',
    'x-acs-date': '2023-10-26T10:22:32Z',
    'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
    'x-acs-content-sha256': EMPTY_SHA256,
  },
  body: '',
};
const vectorCredentials = { accessKeyId: 'YourAccessKeyId', accessKeySecret: 'YourAccessKeySecret' };

describe('signAcs3: the published vector', () => {
  const signed = signAcs3(vectorRequest, vectorCredentials);

  it('builds the canonical request', () => {
    expect(sha256Hex('')).toBe(EMPTY_SHA256);
    expect(signed.canonicalRequest).toBe(
      [
        'POST',
        '/',
        'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
        'host:ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action:RunInstances',
        `x-acs-content-sha256:${EMPTY_SHA256}`,
        'x-acs-date:2023-10-26T10:22:32Z',
        'x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d',
        'x-acs-version:2014-05-26',
        '',
        'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
        EMPTY_SHA256,
      ].join('\n'),
    );
  });

  it('builds the string to sign, the signature and the header', () => {
    expect(signed.stringToSign).toBe('ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259');
    expect(signed.signature).toBe('06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0');
    expect(signed.authorization).toBe(
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,' +
        'SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,' +
        'Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    );
  });
});

describe('signAcs3: canonical form', () => {
  const request: SignableRequest = {
    method: 'POST',
    path: '/',
    query: [
      ['b', 'x'],
      ['a', 'q 1*~/é'],
      ['a', 'p'],
    ],
    headers: {
      Host: '127.0.0.1:34567',
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Acs-Action': '  GetExportTask ',
      'user-agent': 'not signed by default',
    },
    body: 'ExportId=1&Lang=en',
  };

  it('sorts and RFC 3986-encodes the query, signs host with its port, content-type and x-acs-*', () => {
    const signed = signAcs3(request, vectorCredentials);
    expect(signed.signedHeaders).toBe('content-type;host;x-acs-action');
    expect(signed.canonicalRequest.split('\n')).toEqual([
      'POST',
      '/',
      'a=p&a=q%201%2A~%2F%C3%A9&b=x',
      'content-type:application/x-www-form-urlencoded',
      'host:127.0.0.1:34567',
      'x-acs-action:GetExportTask',
      '',
      'content-type;host;x-acs-action',
      sha256Hex('ExportId=1&Lang=en'),
    ]);
  });

  it('signs exactly the headers asked for', () => {
    expect(signAcs3(request, vectorCredentials, { signedHeaders: ['User-Agent', 'host'] }).signedHeaders).toBe('host;user-agent');
  });
});

describe('signAcs3: errors', () => {
  it('throws when a signed header is absent, by default host', () => {
    const { host: _, ...withoutHost } = vectorRequest.headers;
    const request = { ...vectorRequest, headers: withoutHost };
    expect(() => signAcs3(request, vectorCredentials)).toThrow(SigningError);
    expect(() => signAcs3(request, vectorCredentials)).toThrow(
      'signed header "host" must be present in request.headers but is absent ' +
        '(present: x-acs-action, x-acs-content-sha256, x-acs-date, x-acs-signature-nonce, x-acs-version)',
    );
  });

  it('throws when a signed header name is not a header name', () => {
    expect(() => signAcs3(vectorRequest, vectorCredentials, { signedHeaders: ['host', 'x acs'] })).toThrow(
      'signedHeaders must hold header names but got: "x acs"',
    );
  });

  it('throws when the path does not start with a slash', () => {
    expect(() => signAcs3({ ...vectorRequest, path: 'v2/tasks' }, vectorCredentials)).toThrow(
      'request.path must start with "/" but got: "v2/tasks"',
    );
  });
});

describe('parseAcs3Authorization', () => {
  it('reads back what signAcs3 wrote', () => {
    const signed = signAcs3(vectorRequest, vectorCredentials);
    expect(parseAcs3Authorization(signed.authorization)).toEqual({
      accessKeyId: 'YourAccessKeyId',
      signedHeaders: signed.signedHeaders.split(';'),
      signature: signed.signature,
    });
  });

  const signature = '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0';
  const good = `ACS3-HMAC-SHA256 Credential=LTAIexample,SignedHeaders=host;x-acs-date,Signature=${signature}`;
  it.each([
    ['an empty value', ''],
    ['another algorithm', good.replace('ACS3-HMAC-SHA256', 'ACS3-HMAC-SM3')],
    ['the v1 (HMAC-SHA1) form', 'acs LTAIexample:OLeaidS1JvxuMvnyHOwuJ+uX5qY='],
    ['a missing Credential', good.replace('Credential=LTAIexample,', '')],
    ['an empty Credential', good.replace('Credential=LTAIexample', 'Credential=')],
    ['a TC3-style field', good.replace('Credential', 'Access')],
    ['a repeated field', `${good},SignedHeaders=host`],
    ['a missing separator', good.replace(',Signature', ' Signature')],
    ['an empty signed header list', good.replace('host;x-acs-date', '')],
    ['a non-hex signature', good.replace(signature, 'z'.repeat(64))],
  ])('returns undefined for %s', (_, value) => {
    expect(parseAcs3Authorization(good)).toBeDefined();
    expect(parseAcs3Authorization(value)).toBeUndefined();
  });
});

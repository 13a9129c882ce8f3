import { parseConfig } from '../../../src/config/load-config';

const tencent = { secretId: 'env:TC_ID', secretKey: 'env:TC_KEY', endpoint: 'https://tcss.tencentcloudapi.com' };
const env = { TC_ID: 'AKIDsecretid', TC_KEY: 'very-secret-key-value', KEY_A: 'team-a-api-key-0123456789' };
const doc = (over: Record<string, unknown> = {}, tenant: Record<string, unknown> = {}) => ({
  tenants: [{ id: 'team-a', apiKeys: ['env:KEY_A'], providers: { 'tencent-tcss': tencent }, ...tenant }],
  ...over,
});

describe('parseConfig', () => {
  it('applies defaults and resolves env: references', () => {
    const c = parseConfig(doc(), env);
    expect(c.server).toEqual({
      host: '127.0.0.1',
      port: 4000,
      playground: true,
      introspection: true,
      shutdownGraceMs: 8000,
      shutdownTimeoutMs: 10000,
      rateLimit: { requests: 1000, ids: 10000, windowSeconds: 10 },
      cors: { origins: [], maxAgeSeconds: 600 },
      metrics: {},
    });
    expect(c.limits).toEqual({
      operationTimeoutMs: 30000,
      idsPerOperation: 100,
      watchedTasksPerTenant: 1000,
      subscriptionsPerTenant: 10000,
    });
    expect(c.polling).toEqual({ intervalMs: 1000, maxIntervalMs: 30000 });
    expect(c.cache).toEqual({ freshMs: 1000, terminalMs: 3600000, maxEntries: 100000 });
    expect(c.redis).toBeUndefined();
    expect(c.tenants[0]!.apiKeys).toEqual(['team-a-api-key-0123456789']);
    expect(c.tenants[0]!.providers['tencent-tcss']).toEqual({
      endpoint: 'https://tcss.tencentcloudapi.com',
      timeoutMs: 5000,
      maxRequestsPerSecond: 20,
      maxConcurrentRequests: 64,
      secretId: 'AKIDsecretid',
      secretKey: 'very-secret-key-value',
      token: undefined,
      region: undefined,
      language: undefined,
    });
    expect(c.auth).toBe(true);
    expect(c.demo).toBe(false);
  });

  it.each([
    [doc({ server: { port: 70000 } }), '$.server.port: expected an integer from 0 to 65535, but got 70000'],
    [doc({ server: { port: '4000' } }), '$.server.port: expected an integer from 0 to 65535, but got "4000"'],
    [
      doc({ polling: { intervalMs: 5000, maxIntervalMs: 1000 } }),
      '$.polling.maxIntervalMs: expected at least polling.intervalMs (5000), but got 1000',
    ],
    [doc({ cache: { freshMs: -1 } }), '$.cache.freshMs: expected an integer from 0 to 3600000, but got -1'],
    [doc({ sever: {} }), '$: unknown option(s) "sever"'],
    [doc({ tenants: [] }), '$.tenants: expected an array of at least 1 element(s), but got []'],
    [doc({ redis: { url: 'http://x' } }), '$.redis.url: expected a redis:// or rediss:// URL, but got a string of 8 characters'],
    [doc({ redis: { url: 'redis://h:6379', leaseMs: 10 } }), '$.redis.leaseMs: expected an integer from 500 to 600000, but got 10'],
    [doc({}, { id: 'bad id!' }), '$.tenants[0].id: expected a tenant id of 1 to 64 characters [A-Za-z0-9_.-], but got "bad id!"'],
    [
      doc({}, { apiKeys: ['short'] }),
      '$.tenants[0].apiKeys[0]: expected an API key of at least 16 characters, but got a string of 5 characters',
    ],
    [
      doc({}, { providers: { aws: {} } }),
      '$.tenants[0].providers: unknown provider "aws", expected one of alibaba-sas, alibaba-siem, tencent-tcss, huawei-workspace',
    ],
    [
      doc({}, { providers: { 'tencent-tcss': { endpoint: 'https://x' } } }),
      '$.tenants[0].providers.tencent-tcss.secretId: required option is missing',
    ],
    [
      doc(
        {},
        {
          providers: {
            'alibaba-sas': {
              accessKeyId: 'a',
              accessKeySecret: 'b',
              endpoint: 'https://x',
              resourceDirectoryAccountId: '9223372036854775808',
            },
          },
        },
      ),
      '$.tenants[0].providers.alibaba-sas.resourceDirectoryAccountId: expected an int64 written as a decimal string, but got "9223372036854775808"',
    ],
    [
      doc(
        {},
        { providers: { 'alibaba-siem': { accessKeyId: 'a', accessKeySecret: 'b', endpoint: 'https://x', regionId: 'cn-shanghai' } } },
      ),
      '$.tenants[0].providers.alibaba-siem.regionId: expected one of "cn-hangzhou", "ap-southeast-1", but got "cn-shanghai"',
    ],
  ])('rejects a bad value with a message naming the option (%#)', (document, message) => {
    expect(() => parseConfig(document, env)).toThrow(message);
  });

  describe('a provider endpoint', () => {
    const endpoint = (value: unknown) => parseConfig(doc({}, { providers: { 'tencent-tcss': { ...tencent, endpoint: value } } }), env);
    const EXPECTED =
      '$.tenants[0].providers.tencent-tcss.endpoint: expected an http(s):// URL of a host, optional port and optional path prefix ' +
      '(segments of letters, digits, "-", ".", "_", "~"), with no credentials, query or fragment, but got';

    it.each([
      ['https://tcss.tencentcloudapi.com', 'https://tcss.tencentcloudapi.com'],
      ['https://tcss.tencentcloudapi.com/', 'https://tcss.tencentcloudapi.com'],
      ['http://127.0.0.1:8443', 'http://127.0.0.1:8443'],
      ['https://proxy.example/tencent/tcss', 'https://proxy.example/tencent/tcss'],
      ['https://proxy.example/tencent/tcss/', 'https://proxy.example/tencent/tcss'],
      ['https://Proxy.Example:443/cloud-proxy/v1.2_a~b', 'https://proxy.example/cloud-proxy/v1.2_a~b'],
    ])('keeps a path prefix, without its trailing slash: %s → %s', (value, kept) => {
      expect(endpoint(value).tenants[0]!.providers['tencent-tcss']!.endpoint).toBe(kept);
    });

    it.each([
      ['ftp://x', `${EXPECTED} "ftp://x" (scheme "ftp:")`],
      ['tcss.tencentcloudapi.com', `${EXPECTED} "tcss.tencentcloudapi.com", which is not a URL`],
      ['https://proxy.example/a b', `${EXPECTED} "https://proxy.example/a b" (path "/a%20b")`],
      ['https://proxy.example/a//b', `${EXPECTED} "https://proxy.example/a//b" (path "/a//b")`],
      ['https://proxy.example/a?', `${EXPECTED} "https://proxy.example/a?***" (a query)`],
      [42, `${EXPECTED} 42`],
    ])('rejects %j saying what it accepts', (value, message) => {
      expect(() => endpoint(value)).toThrow(message);
    });

    it.each([
      [
        'https://user:pw-secret@proxy.example/p',
        `${EXPECTED} "https://***@proxy.example/p" (credentials in the URL: give them in the key options)`,
      ],
      ['https://user:pw/secret@proxy.example', `${EXPECTED} "https://***@proxy.example", which is not a URL`],
      ['https://user:pw#secret@proxy.example', `${EXPECTED} "https://***@proxy.example", which is not a URL`],
      ['https://proxy.example/p?token=secret', `${EXPECTED} "https://proxy.example/p?***" (a query)`],
      ['https://proxy.example/p#secret', `${EXPECTED} "https://proxy.example/p#***" (a fragment)`],
    ])('never shows credentials, a query or a fragment: %s', (value, message) => {
      expect(() => endpoint(value)).toThrow(message);
      expect(() => endpoint(value)).not.toThrow(/secret/);
    });
  });

  it('reads server.cors: exact origins or "*" alone, and the preflight max-age', () => {
    const cors = (value: unknown) => parseConfig(doc({ server: { cors: value } }), env).server.cors;
    expect(cors({ origins: ['https://console.example.com', 'http://127.0.0.1:5173'], maxAgeSeconds: 0 })).toEqual({
      origins: ['https://console.example.com', 'http://127.0.0.1:5173'],
      maxAgeSeconds: 0,
    });
    expect(cors({ origins: ['*'] })).toEqual({ origins: ['*'], maxAgeSeconds: 600 });
    expect(cors({ maxAgeSeconds: 86400 })).toEqual({ origins: [], maxAgeSeconds: 86400 });
    expect(cors({ origins: ['http://[::1]:3000'] })).toEqual({ origins: ['http://[::1]:3000'], maxAgeSeconds: 600 });
  });

  const ORIGIN = 'an origin as a browser sends it, http(s)://host[:port] with no path and no trailing slash, or "*"';
  it.each([
    [
      { origins: ['https://console.example.com/'] },
      `$.server.cors.origins[0]: expected ${ORIGIN}, but got "https://console.example.com/" (a browser sends "https://console.example.com")`,
    ],
    [
      { origins: ['https://a.example', 'https://b.example/app'] },
      `$.server.cors.origins[1]: expected ${ORIGIN}, but got "https://b.example/app" (a browser sends "https://b.example")`,
    ],
    [
      { origins: ['https://Console.Example.com'] },
      `$.server.cors.origins[0]: expected ${ORIGIN}, but got "https://Console.Example.com" (a browser sends "https://console.example.com")`,
    ],
    [
      { origins: ['https://console.example.com:443'] },
      `$.server.cors.origins[0]: expected ${ORIGIN}, but got "https://console.example.com:443" (a browser sends "https://console.example.com")`,
    ],
    [{ origins: ['console.example.com'] }, `$.server.cors.origins[0]: expected ${ORIGIN}, but got "console.example.com"`],
    [{ origins: ['ftp://files.example.com'] }, `$.server.cors.origins[0]: expected ${ORIGIN}, but got "ftp://files.example.com"`],
    [{ origins: ['http://localhost:*'] }, `$.server.cors.origins[0]: expected ${ORIGIN}, but got "http://localhost:*"`],
    [{ origins: [''] }, `$.server.cors.origins[0]: expected ${ORIGIN}, but got ""`],
    [{ origins: [42] }, `$.server.cors.origins[0]: expected ${ORIGIN}, but got 42`],
    [
      { origins: ['*', 'https://console.example.com'] },
      '$.server.cors.origins: expected "*" as the only entry (it grants every origin), but got "*" among 2 entries',
    ],
    [
      { origins: 'https://console.example.com' },
      '$.server.cors.origins: expected an array of at least 0 element(s), but got "https://console.example.com"',
    ],
    [{ maxAgeSeconds: 86401 }, '$.server.cors.maxAgeSeconds: expected an integer from 0 to 86400, but got 86401'],
    [{ maxAgeSeconds: 1.5 }, '$.server.cors.maxAgeSeconds: expected an integer from 0 to 86400, but got 1.5'],
    [{ maxAgeSeconds: -1 }, '$.server.cors.maxAgeSeconds: expected an integer from 0 to 86400, but got -1'],
    [{ origin: ['https://console.example.com'] }, '$.server.cors: unknown option(s) "origin"'],
    [['https://console.example.com'], '$.server.cors: expected an object, but got ["https://console.example.com"]'],
  ])('rejects server.cors %j with the exact message', (cors, message) => {
    expect(() => parseConfig(doc({ server: { cors } }), env)).toThrow(new Error(message));
  });

  it('names an unset environment variable without showing any value', () => {
    expect(() => parseConfig(doc(), { ...env, TC_KEY: '' })).toThrow(
      '$.tenants[0].providers.tencent-tcss.secretKey: environment variable TC_KEY is not set (referenced as "env:TC_KEY")',
    );
  });

  it('never shows a secret value in a message', () => {
    const secret = 'x'.repeat(3);
    const bad = doc({}, { providers: { 'tencent-tcss': { ...tencent, secretKey: 12345, secretId: secret } } });
    let message = '';
    try {
      parseConfig(bad, env);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe('$.tenants[0].providers.tencent-tcss.secretKey: expected a non-empty string, but got a number');
  });

  it('rejects an API key shared by two tenants', () => {
    const d = { tenants: [doc().tenants[0], { ...doc().tenants[0], id: 'team-b' }] };
    expect(() => parseConfig(d, env)).toThrow(
      '$.tenants[1].apiKeys[0]: expected a key used by one tenant only, but it is also a key of tenant "team-a"',
    );
  });
});

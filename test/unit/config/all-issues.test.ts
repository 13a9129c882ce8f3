import { parseConfig, readConfig } from '../../../src/config/load-config';
import { ConfigError } from '../../../src/options/config-error';

const tencent = { secretId: 'env:TC_ID', secretKey: 'env:TC_KEY', endpoint: 'https://tcss.tencentcloudapi.com' };
const env = { TC_ID: 'AKIDsecretid', TC_KEY: 'very-secret-key-value', KEY_A: 'team-a-api-key-0123456789' };
const tenant = (over: Record<string, unknown> = {}) => ({
  id: 'team-a',
  apiKeys: ['env:KEY_A'],
  providers: { 'tencent-tcss': tencent },
  ...over,
});

/** The ConfigError `parseConfig` throws for `document`. */
function errorOf(document: unknown, environment: NodeJS.ProcessEnv = env): ConfigError {
  try {
    parseConfig(document, environment);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('the configuration was accepted');
}

describe('every configuration problem at once', () => {
  it('reports four mistakes as four issues, each with its path, one line each in the message', () => {
    const e = errorOf({
      server: { port: 70000 },
      cache: { freshMs: 'soon' },
      tenants: [
        tenant({ providers: { 'tencent-tcss': { ...tencent, region: 'Guangzhou' } } }),
        tenant({ id: 'bad id!', apiKeys: ['k'.repeat(16)] }),
      ],
    });
    expect(e.issues.map((i) => i.path)).toEqual([
      '$.server.port',
      '$.cache.freshMs',
      '$.tenants[0].providers.tencent-tcss.region',
      '$.tenants[1].id',
    ]);
    expect(e.issues[0]).toEqual({
      path: '$.server.port',
      expected: 'an integer from 0 to 65535',
      got: '70000',
      message: '$.server.port: expected an integer from 0 to 65535, but got 70000',
    });
    expect(e.message.split('\n')).toEqual(e.issues.map((i) => i.message));
  });

  it('reads on past an object of the wrong type, a missing option and an unknown one, without a second message for any', () => {
    const e = errorOf({
      server: ['not', 'an', 'object'],
      sever: {},
      redis: { leaseMs: 10 },
      tenants: [tenant({ providers: { 'tencent-tcss': { endpoint: 'https://x' }, aws: {} } })],
    });
    expect(e.message.split('\n')).toEqual([
      '$.server: expected an object, but got ["not","an","object"]',
      '$.redis.url: required option is missing',
      '$.redis.leaseMs: expected an integer from 500 to 600000, but got 10',
      '$.tenants[0].providers.tencent-tcss.secretId: required option is missing',
      '$.tenants[0].providers.tencent-tcss.secretKey: required option is missing',
      '$.tenants[0].providers: unknown provider "aws", expected one of alibaba-sas, alibaba-siem, tencent-tcss, huawei-workspace',
      '$: unknown option(s) "sever"',
    ]);
  });

  it('reports every unset environment variable, and nothing more about the options that named them', () => {
    const e = errorOf({ redis: { url: 'env:REDIS_URL' }, tenants: [tenant()] }, { KEY_A: env.KEY_A });
    expect(e.message.split('\n')).toEqual([
      '$.redis.url: environment variable REDIS_URL is not set (referenced as "env:REDIS_URL")',
      '$.tenants[0].providers.tencent-tcss.secretId: environment variable TC_ID is not set (referenced as "env:TC_ID")',
      '$.tenants[0].providers.tencent-tcss.secretKey: environment variable TC_KEY is not set (referenced as "env:TC_KEY")',
    ]);
  });

  it('never shows a secret or a value from the environment, in the message or in any field of an issue', () => {
    const leaky = { ...env, REGION: 'ap-secret-region-value!' };
    const e = errorOf(
      {
        server: { host: 'env:TC_KEY', port: 'env:TC_ID' },
        tenants: [
          tenant({
            providers: {
              'tencent-tcss': { ...tencent, secretKey: 'plain-secret-in-file', token: 12345, region: 'env:REGION', language: 'env:TC_KEY' },
            },
          }),
        ],
      },
      leaky,
    );
    expect(e.issues.length).toBe(4);
    const everything = JSON.stringify(e.issues) + e.message;
    for (const secret of [env.TC_ID, env.TC_KEY, leaky.REGION]) expect(everything).not.toContain(secret);
    expect(e.issues.map((i) => i.path)).toEqual([
      '$.server.port',
      '$.tenants[0].providers.tencent-tcss.token',
      '$.tenants[0].providers.tencent-tcss.region',
      '$.tenants[0].providers.tencent-tcss.language',
    ]);
    expect(e.issues[0]!.got).toBe('"<env:TC_ID>"');
    expect(e.issues[1]!.got).toBe('a number');
    expect(e.issues[2]!.got).toBe('"<env:REGION>"');
  });

  it('reports each cross-field check along with the other problems', () => {
    const e = errorOf({
      server: { shutdownGraceMs: 20000, cors: { origins: ['*', 'https://a.example'] } },
      polling: { intervalMs: 5000, maxIntervalMs: 1000 },
      cache: { maxEntries: 0 },
      tenants: [
        tenant({
          providers: {
            'alibaba-siem': {
              accessKeyId: 'a',
              accessKeySecret: 'b',
              endpoint: 'https://cloud-siem.ap-southeast-1.aliyuncs.com',
              regionId: 'cn-hangzhou',
            },
            'alibaba-sas': { accessKeyId: 'a', accessKeySecret: 'b', endpoint: 'https://x', resourceDirectoryAccountId: '-' },
          },
        }),
        tenant(),
        tenant({ id: 'team-b', apiKeys: ['k'.repeat(16), 'k'.repeat(16)] }),
      ],
    });
    expect(e.message.split('\n')).toEqual([
      '$.server.cors.origins: expected "*" as the only entry (it grants every origin), but got "*" among 2 entries',
      '$.server.shutdownGraceMs: expected less than server.shutdownTimeoutMs (10000), but got 20000',
      '$.polling.maxIntervalMs: expected at least polling.intervalMs (5000), but got 1000',
      '$.cache.maxEntries: expected an integer from 1 to 10000000, but got 0',
      '$.tenants[0].providers.alibaba-siem.regionId: expected "ap-southeast-1" (or no regionId) with the endpoint cloud-siem.ap-southeast-1.aliyuncs.com, which serves assets outside the Chinese mainland, but got "cn-hangzhou"',
      '$.tenants[0].providers.alibaba-sas.resourceDirectoryAccountId: expected an int64 written as a decimal string, but got "-"',
      '$.tenants[1].id: expected a unique tenant id, but got "team-a" twice',
      '$.tenants[1].apiKeys[0]: expected a key used by one tenant only, but it is also a key of tenant "team-a"',
      '$.tenants[2].apiKeys[1]: expected a key used by one tenant only, but it is also a key of tenant "team-b"',
    ]);
  });

  it('a bad endpoint is one issue, and the checks that depend on it are skipped', () => {
    const e = errorOf({
      tenants: [
        tenant({ providers: { 'alibaba-siem': { accessKeyId: 'a', accessKeySecret: 'b', endpoint: 42, regionId: 'ap-southeast-1' } } }),
      ],
    });
    expect(e.issues.map((i) => i.path)).toEqual(['$.tenants[0].providers.alibaba-siem.endpoint']);
  });

  it('readConfig returns the config with no issue, and records every option it asked for', () => {
    const reading = readConfig({ tenants: [tenant()] }, env);
    expect(reading.issues).toEqual([]);
    expect(reading.config?.tenants[0]?.id).toBe('team-a');
    expect(reading.optionPaths).toContain('server.cors.maxAgeSeconds');
    expect(reading.optionPaths).toContain('tenants[].providers.tencent-tcss.region');
  });

  it('keeps `new ConfigError(message)` for a problem told in words', () => {
    const e = new ConfigError('something is wrong');
    expect(e.message).toBe('something is wrong');
    expect(e.issues).toEqual([]);
  });
});

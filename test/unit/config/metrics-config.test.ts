import { parseConfig } from '../../../src/config/load-config';
import { ConfigError } from '../../../src/options/config-error';

const env = { KEY_A: 'team-a-api-key-0123456789', METRICS_TOKEN: 'scrape-token-0123456789abcdef' };
const tencent = { secretId: 'id', secretKey: 'key', endpoint: 'https://tcss.tencentcloudapi.com' };
const doc = (metrics: unknown, port = 4000) => ({
  server: { port, metrics },
  tenants: [{ id: 'team-a', apiKeys: ['env:KEY_A'], providers: { 'tencent-tcss': tencent } }],
});

function configError(document: unknown): string {
  try {
    parseConfig(document, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('server.metrics', () => {
  it('reads a separate port, its host and a bearer token from the environment', () => {
    const c = parseConfig(doc({ port: 9464, host: '0.0.0.0', bearerToken: 'env:METRICS_TOKEN' }), env);
    expect(c.server.metrics).toEqual({ port: 9464, host: '0.0.0.0', bearerToken: env.METRICS_TOKEN });
  });

  it('defaults to the main port, unguarded', () => {
    expect(parseConfig(doc(undefined), env).server.metrics).toEqual({ port: undefined, host: undefined, bearerToken: undefined });
  });

  it('refuses the main port as the metrics port', () => {
    expect(configError(doc({ port: 4000 }))).toMatch(
      /\$\.server\.metrics\.port: expected a port other than server\.port \(4000\), but got 4000/,
    );
  });

  it('refuses a host without a port', () => {
    expect(configError(doc({ host: '0.0.0.0' }))).toMatch(/\$\.server\.metrics\.host: expected only with \$\.server\.metrics\.port/);
  });

  it('refuses a short token without showing it', () => {
    const message = configError(doc({ bearerToken: 'short-secret' }));
    expect(message).toMatch(/\$\.server\.metrics\.bearerToken: expected a token of 16 to 1024 printable characters/);
    expect(message).toContain('a string of 12 characters');
    expect(message).not.toContain('short-secret');
  });

  it('refuses an unknown option under metrics', () => {
    expect(configError(doc({ prot: 9464 }))).toMatch(/\$\.server\.metrics: unknown option\(s\) "prot"/);
  });
});

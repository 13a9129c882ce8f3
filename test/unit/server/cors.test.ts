import { parseConfig } from '../../../src/config/load-config';
import { CorsPolicy } from '../../../src/server/cors';

const tenant = { id: 'team-a', apiKeys: ['team-a-api-key-0123456789'], providers: {} };
/** The policy of a config document, read as a config file (or as demo mode's own document) is read. */
const policyOf = (server: Record<string, unknown>, demo = false) =>
  CorsPolicy.forConfig(parseConfig({ server, tenants: [demo ? { ...tenant, apiKeys: undefined } : tenant] }, {}, { demo }));

describe('CorsPolicy', () => {
  describe('with exact origins', () => {
    const policy = policyOf({ cors: { origins: ['https://console.example.com', 'http://127.0.0.1:5173'] } });

    it.each(['https://console.example.com', 'http://127.0.0.1:5173'])('grants %s', (origin) => {
      expect(policy.allows(origin)).toBe(true);
    });

    it.each([
      ['another host', 'https://evil.example.com'],
      ['the same host over http', 'http://console.example.com'],
      ['another port', 'https://console.example.com:8443'],
      ['a subdomain', 'https://a.console.example.com'],
      ['a suffix of the host', 'https://console.example.com.evil.com'],
      ['a trailing slash', 'https://console.example.com/'],
      ['another case', 'https://Console.example.com'],
      ['the opaque origin', 'null'],
      ['two origins joined', 'https://console.example.com, https://evil.example.com'],
      ['another loopback port (no demo)', 'http://127.0.0.1:5174'],
      ['localhost (no demo)', 'http://localhost:5173'],
    ])('refuses %s', (_what, origin) => {
      expect(policy.allows(origin)).toBe(false);
    });
  });

  it('grants nothing by default', () => {
    const policy = policyOf({});
    expect(['https://console.example.com', 'http://localhost:5173', 'http://127.0.0.1:4000'].map((o) => policy.allows(o))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('grants every origin with "*"', () => {
    const policy = policyOf({ cors: { origins: ['*'] } });
    expect(['https://console.example.com', 'http://localhost.evil.com', 'null'].map((o) => policy.allows(o))).toEqual([true, true, true]);
  });

  describe('in demo mode', () => {
    const policy = policyOf({}, true);

    it.each(['http://localhost:5173', 'http://localhost:1', 'http://localhost:65535', 'http://localhost', 'http://127.0.0.1:3000'])(
      'grants the loopback dev server %s',
      (origin) => {
        expect(policy.allows(origin)).toBe(true);
      },
    );

    it.each([
      ['a host starting with localhost', 'http://localhost.evil.com'],
      ['a host starting with localhost, with a port', 'http://localhost.evil.com:5173'],
      ['localhost over https', 'https://localhost:1'],
      ['a port that is not a number', 'http://localhost:5173x'],
      ['a path', 'http://localhost:5173/'],
      ['user info', 'http://localhost:5173@evil.com'],
      ['another loopback address', 'http://127.0.0.2:5173'],
      ['a host starting with 127.0.0.1', 'http://127.0.0.1.evil.com:80'],
      ['a public origin', 'https://console.example.com'],
    ])('refuses %s', (_what, origin) => {
      expect(policy.allows(origin)).toBe(false);
    });

    it('grants the configured origins as well', () => {
      const both = policyOf({ cors: { origins: ['https://console.example.com'] } }, true);
      expect([both.allows('https://console.example.com'), both.allows('http://localhost:5173')]).toEqual([true, true]);
    });
  });

  describe('on a WebSocket upgrade', () => {
    const policy = policyOf({ cors: { origins: ['https://console.example.com'] } });

    it('lets a client without Origin through (servers, gateways, Node clients)', () => {
      expect(policy.allowsWebSocket(undefined, 'api.example.com')).toBe(true);
      expect(policy.allowsWebSocket(undefined, undefined)).toBe(true);
    });

    it('lets a granted origin through, whatever the Host', () => {
      expect(policy.allowsWebSocket('https://console.example.com', 'api.example.com')).toBe(true);
    });

    it.each([
      ['http://api.example.com:4000', 'api.example.com:4000'],
      ['https://api.example.com', 'api.example.com'],
      ['https://api.example.com', 'api.example.com:443'],
      ['http://127.0.0.1:4000', '127.0.0.1:4000'],
      ['http://localhost:4000', 'LOCALHOST:4000'],
    ])("lets the server's own origin through: %s to Host %s", (origin, host) => {
      expect(policy.allowsWebSocket(origin, host)).toBe(true);
    });

    it.each([
      ['another host', 'https://evil.example.com', 'api.example.com'],
      ['another port of the same host', 'http://api.example.com:8080', 'api.example.com:4000'],
      ['no Host', 'http://api.example.com:4000', undefined],
      ['the opaque origin', 'null', 'api.example.com'],
      ['not http', 'file://api.example.com', 'api.example.com'],
      ['an origin that does not parse', 'http://', 'api.example.com'],
    ])('refuses %s', (_what, origin, host) => {
      expect(policy.allowsWebSocket(origin, host)).toBe(false);
    });
  });
});

import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import WebSocket from 'ws';

import type { TenantConfig } from '../../src/config/config';
import { parseConfig } from '../../src/config/load-config';
import type { ProviderId } from '../../src/domain/provider-id';
import { type EmulatorAccount, type EmulatorHandle, type Fault, startEmulator } from '../../src/emulator';
import { type App, createApp } from '../../src/server/app';
import { memoryLogger } from '../support/silent-logger';
import { providerSettings, testConfig } from '../support/stack';

// Distinctive values: any of them (or a signature computed with them) in a log line or a response is a leak.
const GOOD: EmulatorAccount = {
  accountId: 'acct-good',
  accessKeyId: 'AKIDSENTINELGOOD0001',
  secret: 'SECRETSENTINELGOOD-7f3a9c',
  projectId: 'projgood',
};
const FORBIDDEN: EmulatorAccount = {
  accountId: 'acct-forb',
  accessKeyId: 'AKIDSENTINELFORB0002',
  secret: 'SECRETSENTINELFORB-1b2c3d',
  projectId: 'projforb',
  forbidden: true,
};
const WRONG_SECRET = 'SECRETSENTINELWRONG-5e6f7a';
const UNKNOWN: EmulatorAccount = { accountId: 'acct-none', accessKeyId: 'AKIDSENTINELUNKN0003', secret: 'SECRETSENTINELUNKN-8a9b0c' };
const STS_TOKEN = 'STSTOKENSENTINEL-4d5e6f7a8b9c';
const KEYS = {
  good: 'APIKEYSENTINEL-GOOD-0123456789',
  badsig: 'APIKEYSENTINEL-BSIG-0123456789',
  unknown: 'APIKEYSENTINEL-UNKN-0123456789',
  forbidden: 'APIKEYSENTINEL-FORB-0123456789',
};
const CALLER_WRONG_KEY = 'APIKEYSENTINEL-WRONG-987654321';

const PROVIDERS: readonly ProviderId[] = ['alibaba-sas', 'alibaba-siem', 'tencent-tcss', 'huawei-workspace'];
const TASK: Record<ProviderId, string> = {
  'alibaba-sas': '1001',
  'alibaba-siem': '2002',
  'tencent-tcss': 'task-1',
  'huawei-workspace': 'task-1',
};
const TOKEN_OPTION: Record<ProviderId, string> = {
  'alibaba-sas': 'securityToken',
  'alibaba-siem': 'securityToken',
  'tencent-tcss': 'token',
  'huawei-workspace': 'securityToken',
};

/**
 * A pass-through HTTP proxy in front of an emulator that records every credential-bearing header the
 * service sends (Authorization with its signature, STS tokens), so the test knows the exact signatures.
 */
async function recordingProxy(target: string, seen: Set<string>): Promise<{ url: string; server: Server }> {
  const to = new URL(target);
  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value !== 'string' || !/^(authorization|x-tc-token|x-security-token|x-acs-security-token)$/i.test(name)) continue;
      seen.add(value);
      for (const m of value.matchAll(/Signature=([0-9a-fA-F]{16,})/g)) seen.add(m[1]!);
    }
    const upstream = httpRequest({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    // The service gave up (timeout): so does the proxy.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('secrets never reach a log line, a response or an error, on any failure path', () => {
  const seenCredentials = new Set<string>();
  const outputs: string[] = [];
  const { logger, lines } = memoryLogger('debug');
  let app: App;
  const emulators = new Map<ProviderId, EmulatorHandle>();
  const proxies: Server[] = [];

  /** Posts an operation and keeps the whole response (status, headers, body). */
  async function call(query: string, key: string | null, variables?: unknown): Promise<unknown> {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    outputs.push(`${res.status} ${JSON.stringify([...res.headers])} ${text}`);
    return JSON.parse(text);
  }

  /** Everything one graphql-ws session produced: messages and the close code and reason. */
  function wsSession(authorization: unknown, messages: unknown[]): Promise<void> {
    return new Promise((resolve) => {
      const socket = new WebSocket(app.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
      socket.on('open', () => {
        socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } }));
        for (const m of messages) socket.send(JSON.stringify(m));
      });
      socket.on('message', (data) => {
        outputs.push(`ws ${String(data)}`);
        const m = JSON.parse(String(data)) as { type: string };
        if (m.type === 'complete' || m.type === 'error') socket.close(1000);
      });
      socket.on('close', (code, reason) => {
        outputs.push(`ws close ${code} ${String(reason)}`);
        resolve();
      });
    });
  }

  beforeAll(async () => {
    const tenants: Record<keyof typeof KEYS, TenantConfig['providers']> = { good: {}, badsig: {}, unknown: {}, forbidden: {} };
    for (const p of PROVIDERS) {
      const e = await startEmulator(p, {
        accounts: [GOOD, FORBIDDEN],
        quotaPerSecond: 1000,
        tasks: [{ id: TASK[p], accountId: GOOD.accountId, durationMs: 600_000 }],
      });
      emulators.set(p, e);
      const proxy = await recordingProxy(e.url, seenCredentials);
      proxies.push(proxy.server);
      const short = { timeoutMs: 300 };
      tenants.good = { ...tenants.good, ...providerSettings(p, proxy.url, GOOD, { ...short, [TOKEN_OPTION[p]]: STS_TOKEN }) };
      tenants.badsig = { ...tenants.badsig, ...providerSettings(p, proxy.url, { ...GOOD, secret: WRONG_SECRET }, short) };
      tenants.unknown = { ...tenants.unknown, ...providerSettings(p, proxy.url, UNKNOWN, short) };
      tenants.forbidden = { ...tenants.forbidden, ...providerSettings(p, proxy.url, FORBIDDEN, short) };
    }
    const config = testConfig(
      (Object.keys(KEYS) as Array<keyof typeof KEYS>).map((id) => ({ id, apiKeys: [KEYS[id]], providers: tenants[id] })),
      {
        resilience: { retries: 2, retryBaseDelayMs: 5, retryMaxDelayMs: 2000, breakerFailures: 5, breakerHalfOpenMs: 200 },
        polling: { intervalMs: 200, maxIntervalMs: 400 },
      },
    );
    app = await createApp(config, { logger });
  });

  afterAll(async () => {
    await Promise.all([...emulators.values()].map((e) => e.dispose()));
    await Promise.all(proxies.map((p) => new Promise((r) => p.close(r))));
  });

  it('drives every failure path', async () => {
    const read = (p: ProviderId, id = TASK[p]) =>
      `{ exportTask(id: "${p}:${id}") { id status progress fileName downloadUrl message failureReason errorCode requestId } }`;
    const faults: Fault[] = [
      { kind: 'server-error' },
      { kind: 'throttle' },
      { kind: 'reset' },
      { kind: 'malformed' },
      { kind: 'missing-fields' },
      { kind: 'latency', ms: 400 },
      { kind: 'hang' },
    ];

    for (const p of PROVIDERS) {
      const e = emulators.get(p)!;
      await call(read(p), KEYS.good); // success
      await call(read(p, p.startsWith('alibaba') ? '9999' : 'missing'), KEYS.good); // NOT_FOUND
      for (const tenant of ['badsig', 'unknown', 'forbidden'] as const) await call(read(p), KEYS[tenant]); // bad signature, auth failure, forbidden
      for (const fault of faults) {
        e.faults.inject(fault, { times: 3 });
        await call(read(p), KEYS.good); // throttle, 5xx, network, malformed, missing fields, timeout, hang
        e.faults.clear();
        // A good read resets the breaker's count, so the next fault reaches the provider too.
        await call(read(p), KEYS.good);
      }
      // Enough timeouts to open the circuit, then the open-circuit answer, then its health report.
      e.faults.inject({ kind: 'hang' });
      await Promise.all(Array.from({ length: 6 }, (_, i) => call(read(p, p.startsWith('alibaba') ? `${300 + i}` : `t${i}`), KEYS.good)));
      await call(read(p), KEYS.good);
      e.faults.clear();
      await call(
        `{ providers { id configured health { state circuitOpen errorRate p50LatencyMs lastError { code providerCode message requestId retryable } } } }`,
        KEYS.good,
      );
      for (const tenant of ['badsig', 'unknown', 'forbidden'] as const) {
        await call(`{ providers { health { lastError { code providerCode message requestId } } } }`, KEYS[tenant]);
      }
    }
    // Listing with every tenant (Huawei's gateway echoes the canonical request on a bad signature).
    for (const key of Object.values(KEYS)) {
      await call('{ provider(id: "huawei-workspace") { exportTasks(first: 5) { totalCount edges { node { id fileName } } } } }', key);
    }
    // Subscriptions of tenants whose reads fail: final errors over the WebSocket.
    for (const key of [KEYS.badsig, KEYS.unknown, KEYS.forbidden]) {
      await wsSession(`Bearer ${key}`, [
        {
          id: '1',
          type: 'subscribe',
          payload: {
            query:
              'subscription { exportTaskUpdates(ids: ["tencent-tcss:task-1", "huawei-workspace:task-1", "alibaba-sas:1001", "alibaba-siem:2002"]) { id final error { code providerCode message requestId } } }',
          },
        },
      ]);
    }
    // Bad input.
    for (const id of [
      '',
      'tencent-tcss:',
      'tencent-tcss:../../etc/passwd',
      'alibaba-sas:1 OR 1=1',
      'huawei-workspace:a\r\nAuthorization: x',
      'x'.repeat(300),
      'nope:1',
    ]) {
      await call('query ($id: ID!) { exportTask(id: $id) { id } }', KEYS.good, { id });
    }
    await call('{ exportTask(id: 1 ', KEYS.good);
    await call('{ providers { nam } }', KEYS.good);
    await call('query ($ids: [ID!]!) { exportTasks(ids: $ids) { id } }', KEYS.good, { ids: 'not-a-list' });
    // Unauthenticated HTTP: no key, an unknown key, a configured key cut short, a key of the wrong scheme.
    await call('{ providers { id } }', null);
    await call('{ providers { id } }', CALLER_WRONG_KEY);
    await call('{ providers { id } }', KEYS.good.slice(0, -1));
    const basic = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${KEYS.good}` },
      body: '{"query":"{ providers { id } }"}',
    });
    outputs.push(await basic.text());
    // Unauthenticated WebSocket (4403), and protocol abuse after a valid init.
    await wsSession(`Bearer ${CALLER_WRONG_KEY}`, []);
    await wsSession(undefined, []);
    await wsSession(`Bearer ${KEYS.good}`, [{ type: 'connection_init', payload: { authorization: `Bearer ${KEYS.good}` } }]);
    // Operational endpoints.
    const base = app.url.replace(/\/graphql$/, '');
    for (const path of ['/metrics', '/readyz', '/healthz', `/nope?key=${KEYS.good}`])
      outputs.push(await (await fetch(`${base}${path}`)).text());
    // Configuration errors (start-up messages).
    const provider = (over: Record<string, unknown>) => ({
      tenants: [
        {
          id: 't',
          apiKeys: [KEYS.good],
          providers: {
            'tencent-tcss': { endpoint: 'https://tcss.tencentcloudapi.com', secretId: GOOD.accessKeyId, secretKey: GOOD.secret, ...over },
          },
        },
      ],
    });
    const configs: unknown[] = [
      provider({ secretKey: 12345 }),
      provider({ secretKey: '' }),
      provider({ token: 7 }),
      provider({ endpoint: `https://${GOOD.accessKeyId}:${GOOD.secret}@tcss.tencentcloudapi.com` }),
      provider({ endpoint: `https://user:${GOOD.secret} x@tcss.tencentcloudapi.com` }),
      provider({ endpoint: `https://tcss.tencentcloudapi.com/?key=${GOOD.secret}` }),
      provider({ unknownOption: GOOD.secret }),
      // Secrets from the environment named in the wrong options.
      provider({ region: 'env:SENTINEL_TC_KEY' }),
      provider({ language: 'env:SENTINEL_TC_KEY', secretKey: 'env:SENTINEL_TC_KEY' }),
      provider({ endpoint: 'env:SENTINEL_TC_KEY' }),
      { server: { host: 'env:SENTINEL_API_KEY', port: 'env:SENTINEL_API_KEY' }, tenants: [] },
      { tenants: [{ id: 't', apiKeys: [KEYS.good, KEYS.good.slice(0, 8)], providers: {} }] },
      {
        tenants: [
          { id: 'a', apiKeys: [KEYS.good], providers: {} },
          { id: 'b', apiKeys: [KEYS.good], providers: {} },
        ],
      },
      { tenants: [{ id: 't', apiKeys: ['env:SENTINEL_UNSET_VARIABLE'], providers: {} }] },
      { redis: { url: `redis://:${GOOD.secret}@127.0.0.1:6379 x` }, tenants: [{ id: 't', apiKeys: [KEYS.good], providers: {} }] },
    ];
    for (const c of configs) {
      try {
        parseConfig(c, { SENTINEL_TC_KEY: GOOD.secret, SENTINEL_API_KEY: KEYS.good });
        outputs.push('config accepted');
      } catch (e) {
        outputs.push(`config error: ${(e as Error).message}`);
      }
    }
    // Shutdown logs too.
    await app.stop();

    // Every path was really taken.
    const all = outputs.join('\n');
    const codes = new Set([...all.matchAll(/"code":"([A-Z_]+)"/g)].map((m) => m[1]));
    const providerCodes = new Set([...all.matchAll(/"providerCode":"([^"]+)"/g)].map((m) => m[1]));
    for (const code of [
      'NOT_FOUND',
      'PROVIDER_AUTH_FAILED',
      'PROVIDER_FORBIDDEN',
      'PROVIDER_RATE_LIMITED',
      'PROVIDER_UNAVAILABLE',
      'PROVIDER_TIMEOUT',
      'PROVIDER_BAD_RESPONSE',
      'BAD_USER_INPUT',
      'UNAUTHENTICATED',
      'GRAPHQL_PARSE_FAILED',
      'GRAPHQL_VALIDATION_FAILED',
    ]) {
      expect([code, codes.has(code)]).toEqual([code, true]);
    }
    // The providers' own auth failures, including Huawei's gateway that echoes the canonical request.
    for (const code of [
      'SignatureDoesNotMatch',
      'InvalidAccessKeyId.NotFound',
      'AuthFailure.SignatureFailure',
      'AuthFailure.SecretIdNotFound',
      'APIGW.0301',
      'APIGW.0302',
    ]) {
      expect([code, providerCodes.has(code)]).toEqual([code, true]);
    }
    expect(all).toContain('ws close 4403 Forbidden');
    expect(all).toContain('ws close 4429 Too many initialisation requests');
    expect(outputs.filter((o) => o.startsWith('config error: ')).length).toBe(configs.length);
    expect(seenCredentials.size).toBeGreaterThan(20);
    expect(outputs.length).toBeGreaterThan(100);
    expect(lines.length).toBeGreaterThan(10);
  });

  it('has a logger that scrubs credential fields at any depth and URL credentials, whoever logs them', () => {
    const { logger: log, lines: out } = memoryLogger('debug');
    log.warn(
      {
        config: {
          tenants: [
            {
              apiKeys: [KEYS.good],
              providers: { 'tencent-tcss': { secretId: GOOD.accessKeyId, secretKey: GOOD.secret, token: STS_TOKEN } },
            },
          ],
        },
        request: {
          headers: {
            Authorization: `Bearer ${KEYS.good}`,
            'X-TC-Token': STS_TOKEN,
            'x-acs-security-token': STS_TOKEN,
            'x-acs-accesskey-id': GOOD.accessKeyId,
          },
        },
        redis: `redis://default:${GOOD.secret}@127.0.0.1:6379/0`,
        err: Object.assign(new Error(`connect to https://${GOOD.accessKeyId}:${GOOD.secret}@example.com failed`), {
          signature: 'abcdef0123456789',
        }),
      },
      'everything that must not show',
    );
    expect(out).toHaveLength(1);
    expect(out[0]).not.toMatch(/SENTINEL|abcdef0123456789/);
    expect(JSON.parse(out[0]!)).toMatchObject({
      config: {
        tenants: [
          {
            apiKeys: '[redacted]',
            providers: { 'tencent-tcss': { secretId: '[redacted]', secretKey: '[redacted]', token: '[redacted]' } },
          },
        ],
      },
      request: {
        headers: {
          Authorization: '[redacted]',
          'X-TC-Token': '[redacted]',
          'x-acs-security-token': '[redacted]',
          'x-acs-accesskey-id': '[redacted]',
        },
      },
      redis: 'redis://[redacted]@127.0.0.1:6379/0',
      err: { message: 'connect to https://[redacted]@example.com failed', signature: '[redacted]' },
    });
  });

  it('finds none of the keys, secrets, tokens, signatures or Authorization headers in any of it', () => {
    const secrets = [
      ...Object.values(KEYS),
      CALLER_WRONG_KEY,
      GOOD.accessKeyId,
      GOOD.secret,
      FORBIDDEN.accessKeyId,
      FORBIDDEN.secret,
      UNKNOWN.accessKeyId,
      UNKNOWN.secret,
      WRONG_SECRET,
      STS_TOKEN,
      ...seenCredentials,
    ];
    const haystacks = [...lines.map((l) => `log: ${l}`), ...outputs.map((o) => `output: ${o}`)];
    const leaks = haystacks.flatMap((h) => secrets.filter((s) => h.includes(s)).map((s) => `${s} in ${h.slice(0, 400)}`));
    expect(leaks).toEqual([]);
    // Our own prefix of every key never shows either (a cut key or a redacted remainder).
    expect(haystacks.filter((h) => /APIKEYSENTINEL|SECRETSENTINEL|AKIDSENTINEL|STSTOKENSENTINEL/.test(h))).toEqual([]);
  });
});

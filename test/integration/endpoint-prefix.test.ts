import { parseConfig } from '../../src/config/load-config';
import { PROVIDER_IDS, type ProviderId } from '../../src/domain/provider-id';
import { type EmulatorHandle, startEmulator } from '../../src/emulator';
import { type App, createApp } from '../../src/server/app';
import { ManualClock } from '../../src/time/clock';
import { type TaskResult, TASKS_QUERY } from '../conformance/support/documents';
import { memoryLogger } from '../support/silent-logger';
import { ACCOUNT, API_KEY, gql, providerSettings, testConfig } from '../support/stack';

const PREFIX = '/cloud-proxy/v1';
const KEY_WITHOUT_PREFIX = 'test-api-key-tenant-b-000000000002';
const TASK_IDS: Readonly<Record<ProviderId, string>> = {
  'alibaba-sas': '131231',
  'alibaba-siem': '400185',
  'tencent-tcss': 'e4409223-8e92-45db-a857-11b1ff547c79',
  'huawei-workspace': '7d8f6a2e-4c1b-4f3a-9e51-0c2d8b7a6f10',
};
/** Where each API lives under an endpoint's path. */
const API_PATHS: Readonly<Record<ProviderId, string>> = {
  'alibaba-sas': '/',
  'alibaba-siem': '/',
  'tencent-tcss': '/',
  'huawei-workspace': `/v2/${ACCOUNT.projectId}/export-tasks`,
};
const ids = PROVIDER_IDS.map((p) => `${p}:${TASK_IDS[p]}`);

describe('an endpoint with a path prefix, against emulators serving under /cloud-proxy/v1', () => {
  const clock = new ManualClock();
  const emulators: Partial<Record<ProviderId, EmulatorHandle>> = {};
  const emulator = (p: ProviderId) => emulators[p]!;
  let app: App;

  beforeAll(async () => {
    for (const p of PROVIDER_IDS) {
      emulators[p] = await startEmulator(p, {
        accounts: [ACCOUNT],
        tasks: [{ id: TASK_IDS[p], accountId: ACCOUNT.accountId, createdAt: clock.now() - 300_000, durationMs: 100_000 }],
        clock,
        pathPrefix: PREFIX,
      });
    }
    // Through the config file's own rules: the prefix must survive validation, then the clients.
    const settings = (endpointOf: (e: EmulatorHandle) => string) =>
      Object.assign({}, ...PROVIDER_IDS.map((p) => providerSettings(p, endpointOf(emulator(p)), ACCOUNT))) as Record<string, unknown>;
    const { tenants } = parseConfig(
      {
        tenants: [
          // `http://127.0.0.1:<port>/cloud-proxy/v1/`: a trailing slash must not make it `//`.
          { id: 'with-prefix', apiKeys: [API_KEY], providers: settings((e) => `${e.url}/`) },
          { id: 'without-prefix', apiKeys: [KEY_WITHOUT_PREFIX], providers: settings((e) => new URL(e.url).origin) },
        ],
      },
      {},
    );
    app = await createApp(testConfig(tenants), { logger: memoryLogger().logger });
  });

  afterAll(async () => {
    await app.stop();
    await Promise.all(Object.values(emulators).map((e) => e.dispose()));
  });

  beforeEach(() => {
    for (const p of PROVIDER_IDS) emulator(p).stats.reset();
  });

  it('the emulators are at http://127.0.0.1:<port>/cloud-proxy/v1', () => {
    for (const p of PROVIDER_IDS) expect(emulator(p).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cloud-proxy\/v1$/);
  });

  it('all four providers read their task through it, each request at the full path and its signature verified there', async () => {
    const res = await gql<{ exportTasks: Array<TaskResult | null> }, { ids: string[] }>(app, TASKS_QUERY, { ids });
    expect(res.errors).toBeUndefined();
    expect(res.data?.exportTasks.map((t) => [t?.id, t?.status])).toEqual(ids.map((id) => [id, 'SUCCEEDED']));
    for (const p of PROVIDER_IDS) {
      // `ok` is past the emulator's signature check, made over the path the request arrived at.
      expect([p, emulator(p).stats.requests]).toEqual([
        p,
        [expect.objectContaining({ path: `${PREFIX}${API_PATHS[p]}`, accessKeyId: ACCOUNT.accessKeyId, outcome: 'ok' })],
      ]);
    }
  });

  it('a tenant whose endpoint lacks the prefix is refused by the same emulators: no task is read', async () => {
    const res = await gql<{ exportTasks: Array<TaskResult | null> }, { ids: string[] }>(app, TASKS_QUERY, { ids }, KEY_WITHOUT_PREFIX);
    expect(res.data?.exportTasks).toEqual(ids.map(() => null));
    expect(res.errors?.map((e) => e.path)).toEqual(ids.map((_, i) => ['exportTasks', i]));
    for (const p of PROVIDER_IDS) {
      const requests = emulator(p).stats.requests;
      expect([p, requests.length > 0]).toEqual([p, true]);
      expect(requests.every((r) => r.path === API_PATHS[p] && r.outcome === 'not-routed')).toBe(true);
    }
  });
});

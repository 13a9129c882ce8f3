import { parse } from 'graphql';

import { demoBanner } from '../../src/demo/demo-banner';
import { type DemoEnvironment, startDemo } from '../../src/demo/demo-mode';
import { PROVIDER_IDS, type ProviderId } from '../../src/domain/provider-id';
import { type App, createApp } from '../../src/server/app';
import { ensurePlaygroundBuilt } from '../e2e/support/playground-build';
import { memoryLogger } from '../support/silent-logger';
import { gql } from '../support/stack';
import { record, wsClient } from '../support/ws-client';

/** Every status each provider can report, as it says it (each provider's `mapping.ts`). */
const PROVIDER_STATUSES: Readonly<Record<ProviderId, readonly string[]>> = {
  'alibaba-sas': ['init', 'exporting', 'success'],
  'alibaba-siem': ['exporting', 'success'],
  'tencent-tcss': ['RUNNING', 'SUCCESS', 'FAILURE'],
  'huawei-workspace': ['CREATING', 'SUCCESS', 'FAIL', 'EXPIRED'],
};

const providerOf = (id: string) => id.slice(0, id.indexOf(':')) as ProviderId;

/** The banner's example operations: each line that starts a GraphQL document, and the curl command's body. */
function examples(banner: string): { queries: string[]; subscriptions: string[]; curl: { url: string; body: unknown } } {
  const lines = banner.split('\n').map((l) => l.trim());
  const curlUrl = /^curl -s (\S+) /.exec(lines.find((l) => l.startsWith('curl '))!)![1]!;
  const data = /^-d '(.*)'$/.exec(lines.find((l) => l.startsWith('-d '))!)![1]!;
  return {
    queries: lines.filter((l) => l.startsWith('{')),
    subscriptions: lines.filter((l) => l.startsWith('subscription')),
    curl: { url: curlUrl, body: JSON.parse(data) as unknown },
  };
}

describe('demo mode, started in-process as `npm start` without a config starts it', () => {
  let demo: DemoEnvironment;
  let app: App;
  let banner: string;

  beforeAll(async () => {
    ensurePlaygroundBuilt(); // the board the banner names
    demo = await startDemo({ host: '127.0.0.1', port: 0 });
    app = await createApp(demo.config, { logger: memoryLogger().logger });
    banner = demoBanner(app.url, demo.taskIds);
  });
  afterAll(async () => {
    await app?.stop();
    await demo?.dispose();
  });

  it('prints example queries that all parse, over tasks of all four providers', () => {
    const { queries, subscriptions } = examples(banner);
    expect(queries).toHaveLength(4);
    expect(subscriptions).toHaveLength(1);
    for (const q of [...queries, ...subscriptions]) expect(() => parse(q)).not.toThrow();
    for (const p of PROVIDER_IDS) expect(banner).toContain(`"${demo.taskIds[p][0]}"`);
  });

  it('names the progress board, which serves its page', async () => {
    const board = /Progress board [^:]*: (\S+)/.exec(banner)?.[1];
    expect(board).toBe(app.url.replace(/\/graphql$/, '/board'));
    const res = await fetch(board!);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
  });

  it('answers the curl example (no API key: auth is off in demo mode)', async () => {
    const { curl } = examples(banner);
    expect(curl.url).toBe(app.url);
    const res = await fetch(curl.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(curl.body) });
    const body = (await res.json()) as { data?: { exportTask: { id: string; status: string } | null }; errors?: unknown };
    expect([res.status, body.errors]).toEqual([200, undefined]);
    expect(body.data!.exportTask).toMatchObject({ id: demo.taskIds['tencent-tcss'][0], status: 'RUNNING' });
  });

  it('answers every example query without errors, with tasks of all four providers', async () => {
    const { queries } = examples(banner);
    const seen = new Set<ProviderId>();
    for (const q of queries) {
      const res = await gql<Record<string, unknown>, undefined>(app, q, undefined, null);
      expect([q, res.status, res.errors]).toEqual([q, 200, undefined]);
      for (const id of JSON.stringify(res.data).match(/"id":"[a-z-]+:[^"]+"/g) ?? []) seen.add(providerOf(id.slice(6, -1)));
    }
    expect([...seen].sort()).toEqual([...PROVIDER_IDS].sort());
  });

  it('answers "one task of each provider" with the four providers in order', async () => {
    const one = examples(banner).queries.find((q) => q.includes('provider { name }'))!;
    const res = await gql<{ exportTasks: Array<{ id: string; provider: { name: string } }> }, undefined>(app, one, undefined, null);
    expect(res.data!.exportTasks.map((t) => providerOf(t.id))).toEqual([...PROVIDER_IDS]);
  });

  it('has demo tasks in every state each provider can report', async () => {
    const every = examples(banner).queries.find((q) => q.includes('providerStatus progress fileName'))!;
    const res = await gql<{ exportTasks: Array<{ id: string; providerStatus: string }> }, undefined>(app, every, undefined, null);
    expect(res.errors).toBeUndefined();
    const ids = PROVIDER_IDS.flatMap((p) => demo.taskIds[p]);
    expect(res.data!.exportTasks.map((t) => t.id)).toEqual(ids);
    for (const p of PROVIDER_IDS) {
      const statuses = new Set(res.data!.exportTasks.filter((t) => providerOf(t.id) === p).map((t) => t.providerStatus));
      expect([p, [...statuses].sort()]).toEqual([p, [...PROVIDER_STATUSES[p]].sort()]);
    }
  });

  it('answers the subscription example with a first event for the task of each provider', async () => {
    const [subscription] = examples(banner).subscriptions;
    const client = wsClient(app, null);
    try {
      const rec = record<{ exportTaskUpdates: { id: string; task: { status: string } | null; error: unknown } }, Record<string, never>>(
        client,
        parse(subscription!),
        {},
      );
      await rec.waitFor(4);
      rec.stop();
      expect(rec.errors).toEqual([]);
      const first = rec.events.slice(0, 4).map((e) => e.exportTaskUpdates);
      expect(first.map((u) => u.id).sort()).toEqual(PROVIDER_IDS.map((p) => demo.taskIds[p][0]!).sort());
      for (const u of first) expect([u.id, u.error, u.task?.status]).toEqual([u.id, null, expect.any(String)]);
    } finally {
      await client.dispose();
    }
  });
});

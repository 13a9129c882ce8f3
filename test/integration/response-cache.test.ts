import type { Config } from '../../src/config/config';
import { type EmulatorAccount, type EmulatorHandle, startEmulator } from '../../src/emulator';
import { type App, createApp } from '../../src/server/app';
import { ManualClock } from '../../src/time/clock';
import { memoryLogger } from '../support/silent-logger';
import { ACCOUNT, ACCOUNT_B, API_KEY, API_KEY_B, providerSettings, testConfig } from '../support/stack';

const FRESH_MS = 10_000;
const ONE = 'query One($id: ID!) { exportTask(id: $id) { id status progress observedAt provider { id name } } }';
const MANY = 'query Many($ids: [ID!]!) { exportTasks(ids: $ids) { id progress } }';

interface Answer {
  readonly status: number;
  readonly requestId: string | null;
  readonly text: string;
  readonly body: { data?: Record<string, unknown> | null; errors?: Array<{ extensions?: Record<string, unknown> }> };
}

/** Posts the same bytes a client would repeat (the cache keys on the raw body). */
async function post(app: App, query: string, variables: unknown, key = API_KEY, requestId?: string): Promise<Answer> {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${key}`,
      ...(requestId ? { 'x-request-id': requestId } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, requestId: res.headers.get('x-request-id'), text, body: JSON.parse(text) as Answer['body'] };
}

async function responseCacheHits(app: App): Promise<number> {
  const text = await (await fetch(app.url.replace(/\/graphql$/, '/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith('exports_response_cache_reads_total{result="hit"}'));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

/** Upstream reads of `taskId` by `account` so far. */
function reads(emulator: EmulatorHandle, taskId: string, account: EmulatorAccount = ACCOUNT): number {
  return emulator.stats.requests.filter((r) => r.taskIds.includes(taskId) && r.accessKeyId === account.accessKeyId).length;
}

describe('response cache: answers of queries over cached task states', () => {
  // One manual clock for the service (freshness, signing) and the emulator (task progress, signature times).
  const clock = new ManualClock(Date.now());
  let tencent: EmulatorHandle;
  let app: App;
  let logs: string[];

  async function start(overrides: Partial<Config> = {}): Promise<App> {
    const config = testConfig(
      [
        {
          id: 'team-a',
          apiKeys: [API_KEY],
          providers: providerSettings('tencent-tcss', tencent.url, ACCOUNT, { maxRequestsPerSecond: 10_000 }),
        },
        {
          id: 'team-b',
          apiKeys: [API_KEY_B],
          providers: providerSettings('tencent-tcss', tencent.url, ACCOUNT_B, { maxRequestsPerSecond: 10_000 }),
        },
      ],
      { cache: { freshMs: FRESH_MS, terminalMs: 3_600_000, maxEntries: 1000 }, ...overrides },
    );
    const logger = memoryLogger('info');
    logs = logger.lines;
    return createApp(config, { logger: logger.logger, clock });
  }

  beforeAll(async () => {
    const now = clock.now();
    tencent = await startEmulator('tencent-tcss', {
      accounts: [ACCOUNT, ACCOUNT_B],
      clock,
      wallClock: clock,
      tasks: ['a-1', 'a-2', 'a-3', 'a-4', 'a-5', 'a-6', 'a-7', 'a-8'].map((id) => ({
        id,
        accountId: 'acct-a',
        createdAt: now,
        durationMs: 600_000,
      })),
    });
    app = await start();
  });
  afterAll(async () => {
    await app.stop();
    await tencent.dispose();
  });

  it('serves a repeated query from the cache, each answer with its own x-request-id and log line', async () => {
    const first = await post(app, ONE, { id: 'tencent-tcss:a-1' }, API_KEY, 'req-first');
    expect(first.body.errors).toBeUndefined();
    const hits = await responseCacheHits(app);
    const second = await post(app, ONE, { id: 'tencent-tcss:a-1' }, API_KEY, 'req-second');
    const third = await post(app, ONE, { id: 'tencent-tcss:a-1' });
    expect(await responseCacheHits(app)).toBe(hits + 2);
    expect(second.text).toBe(first.text);
    expect(second.status).toBe(200);
    expect(reads(tencent, 'a-1')).toBe(1);
    // Per request, hit or not: the caller's id, or a fresh one.
    expect([first.requestId, second.requestId]).toEqual(['req-first', 'req-second']);
    expect(third.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const line = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['requestId'] === 'req-second');
    expect(line).toMatchObject({
      msg: 'graphql operation',
      tenant: 'team-a',
      operation: 'One',
      type: 'query',
      outcome: 'ok',
      cached: true,
    });
  });

  it('keys on the variables: another id is another answer', async () => {
    const a2 = await post(app, ONE, { id: 'tencent-tcss:a-2' });
    const a3 = await post(app, ONE, { id: 'tencent-tcss:a-3' });
    expect((a2.body.data!['exportTask'] as { id: string }).id).toBe('tencent-tcss:a-2');
    expect((a3.body.data!['exportTask'] as { id: string }).id).toBe('tencent-tcss:a-3');
  });

  it('keeps an answer over several ids, read as one batch', async () => {
    const ids = ['tencent-tcss:a-7', 'tencent-tcss:a-8'];
    const first = await post(app, MANY, { ids });
    expect(first.body.errors).toBeUndefined();
    const hits = await responseCacheHits(app);
    const second = await post(app, MANY, { ids });
    expect(await responseCacheHits(app)).toBe(hits + 1);
    expect(second.text).toBe(first.text);
    expect(reads(tencent, 'a-7') + reads(tencent, 'a-8')).toBe(2);
  });

  it("never serves one tenant's answer to another: the same bytes from B read with B's account", async () => {
    const a = await post(app, ONE, { id: 'tencent-tcss:a-4' });
    expect(a.body.data!['exportTask']).toMatchObject({ id: 'tencent-tcss:a-4', status: 'RUNNING' });
    await post(app, ONE, { id: 'tencent-tcss:a-4' }); // kept for A
    const b = await post(app, ONE, { id: 'tencent-tcss:a-4' }, API_KEY_B);
    expect(b.body.data!['exportTask']).toBeNull();
    expect(b.body.errors![0]!.extensions!['code']).toBe('NOT_FOUND');
    expect(reads(tencent, 'a-4', ACCOUNT_B)).toBe(1);
  });

  it('never outlives the freshness of a state in it: after freshMs the next request reads upstream and sees the new state', async () => {
    const before = await post(app, ONE, { id: 'tencent-tcss:a-5' });
    expect((await post(app, ONE, { id: 'tencent-tcss:a-5' })).text).toBe(before.text);
    expect(reads(tencent, 'a-5')).toBe(1);
    clock.advance(FRESH_MS); // still fresh at exactly freshMs, as the task cache serves it
    expect((await post(app, ONE, { id: 'tencent-tcss:a-5' })).text).toBe(before.text);
    clock.advance(1);
    const after = await post(app, ONE, { id: 'tencent-tcss:a-5' });
    expect(reads(tencent, 'a-5')).toBe(2);
    const [was, is] = [before, after].map((r) => r.body.data!['exportTask'] as { progress: number; observedAt: string });
    expect(Date.parse(is!.observedAt)).toBe(Date.parse(was!.observedAt) + FRESH_MS + 1);
    expect(is!.progress).toBeGreaterThan(was!.progress);
  });

  it('keeps no partial result: an operation with one failing id runs again, and reads that id again', async () => {
    const ids = ['tencent-tcss:a-6', 'tencent-tcss:missing-1'];
    const hits = await responseCacheHits(app);
    const first = await post(app, MANY, { ids });
    expect(first.body.errors![0]!.extensions!['code']).toBe('NOT_FOUND');
    const second = await post(app, MANY, { ids });
    expect(second.body.errors![0]!.extensions!['code']).toBe('NOT_FOUND');
    expect(reads(tencent, 'missing-1')).toBe(2);
    expect(await responseCacheHits(app)).toBe(hits);
  });

  it('never keeps a subscription: sent twice over plain HTTP, it is refused twice, not served', async () => {
    const sub = 'subscription S($ids: [ID!]!) { exportTaskUpdates(ids: $ids) { id final } }';
    const hits = await responseCacheHits(app);
    for (let i = 0; i < 2; i++) expect((await post(app, sub, { ids: ['tencent-tcss:a-1'] })).status).toBe(400);
    expect(await responseCacheHits(app)).toBe(hits);
  });

  it('never keeps an answer with a live field (Provider.health)', async () => {
    const q = 'query H($id: ID!) { exportTask(id: $id) { id provider { health { state } } } }';
    const hits = await responseCacheHits(app);
    for (let i = 0; i < 2; i++) expect((await post(app, q, { id: 'tencent-tcss:a-1' })).body.errors).toBeUndefined();
    expect(await responseCacheHits(app)).toBe(hits);
  });

  describe('with the rate limits', () => {
    let limited: App;
    beforeAll(async () => {
      limited = await start({ server: { ...testConfig([]).server, rateLimit: { requests: 4, ids: 5, windowSeconds: 60 } } });
    });
    afterAll(() => limited.stop());

    it('a cached answer still takes its operation and its ids from the tenant limits', async () => {
      const ids = ['tencent-tcss:a-1', 'tencent-tcss:a-2'];
      const hits = await responseCacheHits(limited);
      expect((await post(limited, MANY, { ids })).status).toBe(200); // ids 2 of 5
      expect((await post(limited, MANY, { ids })).status).toBe(200); // a hit: ids 4 of 5
      expect(await responseCacheHits(limited)).toBe(hits + 1);
      const third = await post(limited, MANY, { ids }); // 6 of 5: refused, as a run would be
      expect(third.status).toBe(429);
      expect(third.body.errors![0]!.extensions!['code']).toBe('RATE_LIMITED');
      expect((await post(limited, ONE, { id: 'tencent-tcss:a-1' })).status).toBe(200); // operation 4 of 4
      expect((await post(limited, ONE, { id: 'tencent-tcss:a-1' })).status).toBe(429); // 5 of 4, cached or not
    });
  });

  describe('switched off (cache.responses: false)', () => {
    let off: App;
    beforeAll(async () => {
      off = await start({ cache: { freshMs: FRESH_MS, terminalMs: 3_600_000, maxEntries: 1000, responses: false } });
    });
    afterAll(() => off.stop());

    it('runs every query', async () => {
      await post(off, ONE, { id: 'tencent-tcss:a-3' });
      await post(off, ONE, { id: 'tencent-tcss:a-3' });
      expect(await responseCacheHits(off)).toBe(0);
    });
  });
});

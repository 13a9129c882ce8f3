import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { WEBSOCKET_FAILURES_BEFORE_FALLBACK } from '../../examples/progress-board/src/transport-policy';
import type { Config } from '../../src/config/config';
import { type DemoEnvironment, startDemo } from '../../src/demo/demo-mode';
import { demoTasks } from '../../src/demo/demo-tasks';
import { PROVIDER_IDS } from '../../src/domain/provider-id';
import { type App, createApp } from '../../src/server/app';
import { memoryLogger } from '../support/silent-logger';
import { ACCOUNT, API_KEY, type Stack, startStack } from '../support/stack';
import { type BoardRow, boardRows, connectionState, connectionTransport } from './support/board-page';
import { type Browser, launchChromium } from './support/chromium';
import { ensurePlaygroundBuilt, ROOT } from './support/playground-build';
import { waitUntil } from './support/wait-until';

/** Where the screenshots go (gitignored; CI keeps them as artifacts). */
const ARTIFACTS = join(ROOT, 'test-artifacts');

jest.setTimeout(120_000);
/** Starting emulators, the service and Chromium. */
const SET_UP_MS = 120_000;
/** The longest any single wait below may take. */
const WAIT_MS = 30_000;
/** What the board promises a viewer: progress visibly moving within this time (polling is 1 s). */
const MOVES_WITHIN_MS = 5_000;
/** A demo task running for ten minutes, and one finished. */
const RUNNING_ID = 'tencent-tcss:e4409223-8e92-45db-a857-11b1ff547c79';
const DONE_ID = 'tencent-tcss:demo-tcss-done';
/** What a screen reader hears of a running task's bar when its provider reports no percentage. */
const INDETERMINATE_TEXT = 'running, no percentage reported';

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `board-${name}.png`), fullPage: true });
}

/** Records what the page loads (and which requests ask for a multipart subscription) and what it reports as broken. */
function watch(page: Page): { requests: string[]; multipart: string[]; sockets: string[]; problems: string[] } {
  const seen = { requests: [] as string[], multipart: [] as string[], sockets: [] as string[], problems: [] as string[] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('request', (r) => (r.headers()['accept'] ?? '').includes('multipart/mixed') && seen.multipart.push(r.url()));
  page.on('websocket', (w) => seen.sockets.push(w.url()));
  page.on('console', (m) => m.type() === 'error' && seen.problems.push(`console.error: ${m.text()}`));
  page.on('pageerror', (e) => seen.problems.push(`page error: ${e.message}`));
  return seen;
}

describe('the progress board in demo mode (Debian Chromium)', () => {
  let demo: DemoEnvironment;
  let app: App;
  let browser: Browser;
  let origin: string;
  let seen: ReturnType<typeof watch>;
  const logger = memoryLogger('warn').logger;

  beforeAll(async () => {
    ensurePlaygroundBuilt();
    demo = await startDemo({ host: '127.0.0.1', port: 0 });
    app = await createApp(demo.config, { logger });
    origin = new URL(app.url).origin;
    browser = await launchChromium({ width: 1400, height: 1100 });
    seen = watch(browser.page);
    await browser.page.goto(`${origin}/board`, { timeout: WAIT_MS });
  }, SET_UP_MS);

  afterAll(async () => {
    await browser?.dispose();
    await app?.stop();
    await demo?.dispose();
  });

  it('shows one row per demo task, each with a labelled progress bar', async () => {
    const expected = PROVIDER_IDS.flatMap((p) => demo.taskIds[p]);
    const rows = await waitUntil(
      () => boardRows(browser.page),
      (r) => r.length === expected.length && r.every((row) => row.status !== 'WAITING'),
      WAIT_MS,
      'a read state in every row',
    );
    expect(rows.map((r) => r.id)).toEqual(expected);
    for (const row of rows) expect(row.label).toMatch(/^Progress of \S/);
    expect(rows.filter((r) => r.status === 'RUNNING').length).toBeGreaterThanOrEqual(2);
  });

  it(`moves at least two progress bars within ${MOVES_WITHIN_MS / 1000} s`, async () => {
    const before = new Map((await boardRows(browser.page)).map((r) => [r.id, r.progress]));
    const moved = (rows: Awaited<ReturnType<typeof boardRows>>) =>
      rows.filter((r) => r.progress !== null && (before.get(r.id) ?? null) !== null && r.progress > before.get(r.id)!);
    const rows = await waitUntil(
      () => boardRows(browser.page),
      (r) => moved(r).length >= 2,
      MOVES_WITHIN_MS,
      'two bars to move',
    );
    expect(moved(rows).length).toBeGreaterThanOrEqual(2);
    await screenshot(browser.page, 'demo');
  });

  it('shows the failure reason of a failed task, the download link of a finished one, and an expired one', async () => {
    const link = (row: BoardRow) => (row.link === null ? null : new URL(row.link).protocol);
    const rows = new Map((await boardRows(browser.page)).map((r) => [r.id, r]));
    const tencentFailed = rows.get('tencent-tcss:demo-tcss-failed')!;
    expect(tencentFailed).toMatchObject({ status: 'FAILED', final: true, link: null });
    expect(tencentFailed.outcome).toContain('Failed: export quota exceeded');
    expect(rows.get('huawei-workspace:c0ffee00-0000-4000-8000-000000000002')!.outcome).toContain('Failed: too many desktops');
    expect(rows.get('huawei-workspace:c0ffee00-0000-4000-8000-000000000003')).toMatchObject({ status: 'EXPIRED', final: true });
    // Tencent and Alibaba give a download URL; Huawei none (its console downloads), only whether it was downloaded.
    const tencentDone = rows.get('tencent-tcss:demo-tcss-done')!;
    expect(tencentDone).toMatchObject({ status: 'SUCCEEDED', final: true });
    expect(link(tencentDone)).toMatch(/^https?:$/);
    expect(tencentDone.outcome).toMatch(/^Download /);
    const sasDone = rows.get('alibaba-sas:9223372036854775807')!;
    expect(sasDone).toMatchObject({ status: 'SUCCEEDED', final: true });
    expect(link(sasDone)).toMatch(/^https?:$/);
    expect(sasDone.outcome).toContain('Download baseline_export_demo');
    expect(rows.get('huawei-workspace:c0ffee00-0000-4000-8000-000000000001')).toMatchObject({
      status: 'SUCCEEDED',
      final: true,
      link: null,
      outcome: 'Done (downloaded)',
    });
  });

  it('draws a running Huawei task, which reports no percentage, as an indeterminate, animated bar', async () => {
    const { page } = browser;
    const rows = await boardRows(page);
    const huawei = rows.filter((r) => r.id.startsWith('huawei-workspace:') && r.status === 'RUNNING');
    expect(huawei.length).toBeGreaterThanOrEqual(1);
    for (const row of huawei) {
      expect(row).toMatchObject({ progress: null, valueText: INDETERMINATE_TEXT });
      expect(row.animation).not.toBe('none');
    }
    // A bar with a percentage stays still; and the indeterminate one stops where motion is unwelcome.
    expect(rows.find((r) => r.id === RUNNING_ID)).toMatchObject({ animation: 'none', valueText: expect.stringMatching(/^\d+ %$/) });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    try {
      const still = (await boardRows(page)).find((r) => r.id === huawei[0]!.id)!;
      expect(still).toMatchObject({ animation: 'none', valueText: INDETERMINATE_TEXT });
    } finally {
      await page.emulateMedia({ reducedMotion: null });
    }
  });

  /** A second page whose WebSockets a proxy refuses, kept open across the restart below. */
  let blocked: { page: Page; attempts: number; frames: number } | undefined;

  it(`falls back to HTTP by itself when ${WEBSOCKET_FAILURES_BEFORE_FALLBACK} WebSocket attempts fail before connecting`, async () => {
    const page = await browser.context.newPage();
    const b = (blocked = { page, attempts: 0, frames: 0 });
    // Like a proxy refusing the upgrade: each socket closes (1006) before it opens, never reaching the service.
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      b.attempts += 1;
      ws.onMessage(() => (b.frames += 1));
      void ws.close({ code: 1006, reason: '' });
    });
    const http = watch(page);
    await page.goto(`${origin}/board?ids=${RUNNING_ID},${DONE_ID}`, { timeout: WAIT_MS });
    const rows = await waitUntil(
      () => boardRows(page),
      (r) => r.length === 2 && r[0]!.status === 'RUNNING' && r[1]!.status === 'SUCCEEDED',
      WAIT_MS,
      'both rows read after the fallback',
    );
    const first = rows[0]!.progress!;
    await waitUntil(
      () => boardRows(page),
      (r) => r[0]!.progress! > first,
      WAIT_MS,
      'the running task to move after the fallback',
    );
    expect(await connectionState(page)).toBe('connected');
    expect(await connectionTransport(page)).toBe('http');
    expect(await page.locator('p.connection').innerText()).toBe('Live (HTTP multipart: WebSockets are blocked here)');
    expect(http.multipart).not.toEqual([]);
    // Exactly the attempts of the rule, then none (the WebSocket client is disposed); no socket ever
    // even opened (not one frame, so no connection_init and no ack): nothing was live but HTTP.
    expect({ attempts: b.attempts, frames: b.frames }).toEqual({ attempts: WEBSOCKET_FAILURES_BEFORE_FALLBACK, frames: 0 });
    await screenshot(page, 'fallback-http');
  });

  it('does not fall back when the key is refused (4403), even after a failed attempt', async () => {
    const page = await browser.context.newPage();
    let attempts = 0;
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      attempts += 1;
      if (attempts === 1) return void ws.close({ code: 1006, reason: '' });
      // The second socket opens, and its connection_init is refused as the service refuses a wrong key.
      ws.onMessage((m) => String(m).includes('connection_init') && void ws.close({ code: 4403, reason: 'Forbidden' }));
    });
    const http = watch(page);
    try {
      await page.goto(`${origin}/board?ids=${RUNNING_ID}`, { timeout: WAIT_MS });
      // The subscription's error is shown only once no transport will retry it.
      await page.getByText('The subscription failed').waitFor({ timeout: WAIT_MS });
      expect(await connectionState(page)).toBe('refused');
      expect(await connectionTransport(page)).toBe('websocket');
      expect(attempts).toBe(2);
      expect(http.multipart).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('resumes updating the rows after the service restarts on the same port', async () => {
    const id = RUNNING_ID;
    const progressOf = async () => (await boardRows(browser.page)).find((r) => r.id === id)?.progress ?? null;
    const before = await progressOf();
    expect(before).not.toBeNull();
    // The page that fell back to HTTP (above) must resume too, by subscribing again over HTTP.
    const overHttp = blocked!.page;
    const httpProgress = async () => (await boardRows(overHttp)).find((r) => r.id === id)?.progress ?? null;
    const httpBefore = await httpProgress();
    expect(httpBefore).not.toBeNull();
    const port = app.port;
    await app.stop();
    for (const page of [browser.page, overHttp]) {
      await waitUntil(
        () => connectionState(page),
        (s) => s === 'reconnecting',
        WAIT_MS,
        'the board to see the connection lost',
      );
    }
    const config: Config = { ...demo.config, server: { ...demo.config.server, port } };
    app = await createApp(config, { logger });
    await waitUntil(
      () => connectionState(browser.page),
      (s) => s === 'connected',
      WAIT_MS,
      'the board to reconnect',
    );
    await waitUntil(progressOf, (p) => p !== null && p > before!, WAIT_MS, `the progress of ${id} to pass ${before} after the restart`);
    await screenshot(browser.page, 'after-restart');
    await waitUntil(httpProgress, (p) => p !== null && p > httpBefore!, WAIT_MS, `the progress of ${id} over HTTP to pass ${httpBefore}`);
    expect(await connectionState(overHttp)).toBe('connected');
    expect(await connectionTransport(overHttp)).toBe('http');
    expect(blocked!.attempts).toBe(WEBSOCKET_FAILURES_BEFORE_FALLBACK); // still on HTTP: no WebSocket tried again
    await overHttp.close();
  });

  it('streams over HTTP multipart from the start when the URL asks for it (?transport=http)', async () => {
    const page = await browser.context.newPage();
    const http = watch(page);
    try {
      await page.goto(`${origin}/board?transport=http&ids=${RUNNING_ID},${DONE_ID}`, { timeout: WAIT_MS });
      const rows = await waitUntil(
        () => boardRows(page),
        (r) => r.length === 2 && r[0]!.status === 'RUNNING' && r[1]!.status === 'SUCCEEDED',
        WAIT_MS,
        'both rows read over HTTP',
      );
      const first = rows[0]!.progress!;
      await waitUntil(
        () => boardRows(page),
        (r) => r[0]!.progress! > first,
        WAIT_MS,
        'the running task to move over HTTP',
      );
      expect(await connectionState(page)).toBe('connected');
      expect(await connectionTransport(page)).toBe('http');
      expect(await page.locator('p.connection').innerText()).toBe('Live (HTTP multipart)');
      expect(http.sockets).toEqual([]);
      expect(http.problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('loaded nothing from anywhere but the service, and logged no errors but the lost connection', () => {
    const host = new URL(origin).host;
    expect(seen.requests.filter((u) => !u.startsWith('data:') && new URL(u).host !== host)).toEqual([]);
    // While the service was down, Chromium logs each refused reconnection attempt.
    expect(seen.problems.filter((p) => !/WebSocket connection to '.+' failed/.test(p))).toEqual([]);
  });
});

describe('the progress board of a service with API keys', () => {
  let stack: Stack;
  let browser: Browser;
  let seen: ReturnType<typeof watch>;
  let boardUrl: string;
  const tasks = demoTasks(Date.now());
  const ids = PROVIDER_IDS.map((p) => `${p}:${tasks[p][0]!.id}`);

  beforeAll(async () => {
    ensurePlaygroundBuilt();
    stack = await startStack({
      providers: PROVIDER_IDS,
      tasks: Object.fromEntries(PROVIDER_IDS.map((p) => [p, tasks[p].map((t) => ({ ...t, accountId: ACCOUNT.accountId }))])),
    });
    boardUrl = `${new URL(stack.app.url).origin}/board?ids=${ids.join(',')}`;
    browser = await launchChromium();
    seen = watch(browser.page);
    await browser.page.goto(boardUrl, { timeout: WAIT_MS });
  }, SET_UP_MS);

  afterAll(async () => {
    await browser?.dispose();
    await stack?.dispose();
  });

  it('says it needs a key, and opens no connection without one', async () => {
    const { page } = browser;
    await page.getByText('This service needs an API key').waitFor({ timeout: WAIT_MS });
    expect(await boardRows(page)).toEqual([]);
    expect(seen.sockets).toEqual([]);
    await screenshot(page, 'needs-key');
  });

  it('says when the key is refused', async () => {
    const { page } = browser;
    await page.getByLabel('API key', { exact: true }).fill('not-a-key');
    await page.keyboard.press('Enter');
    await waitUntil(
      () => connectionState(page),
      (s) => s === 'refused',
      WAIT_MS,
      'the wrong key to be refused',
    );
    // Given up, not handed to HTTP: the service refused the key, and would refuse it over HTTP too.
    await page.getByText('The subscription failed').waitFor({ timeout: WAIT_MS });
    expect(await connectionTransport(page)).toBe('websocket');
    expect(seen.multipart).toEqual([]);
  });

  it('shows the rows with the key, typed once and kept for the tab', async () => {
    const { page } = browser;
    await page.getByLabel('API key', { exact: true }).fill(API_KEY);
    await page.keyboard.press('Enter');
    const read = (p: Page) =>
      waitUntil(
        () => boardRows(p),
        (r) => r.length === ids.length && r.every((row) => row.status === 'RUNNING' || row.status === 'PENDING'),
        WAIT_MS,
        'every task running',
      );
    expect((await read(page)).map((r) => r.id)).toEqual(ids);
    await page.reload({ timeout: WAIT_MS });
    expect((await read(page)).map((r) => r.id)).toEqual(ids); // from sessionStorage, not typed again
    expect(await page.evaluate<string>(`sessionStorage.getItem('progress-board.api-key')`)).toBe(API_KEY);
    await screenshot(page, 'with-key');
  });

  it('watches Huawei tasks picked from the listing, with the keyboard alone', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'List Huawei tasks' }).focus();
    await page.keyboard.press('Enter');
    const box = page.getByRole('checkbox', { name: /desktops_failed\.xlsx/ });
    await box.waitFor({ timeout: WAIT_MS });
    await box.focus();
    await page.keyboard.press('Space');
    const watchButton = page.getByRole('button', { name: 'Watch the 1 checked' });
    await watchButton.focus();
    await page.keyboard.press('Enter');
    const failed = `huawei-workspace:${tasks['huawei-workspace'][2]!.id}`;
    const rows = await waitUntil(
      () => boardRows(page),
      (r) => r.length === 1 && r[0]!.status === 'FAILED',
      WAIT_MS,
      'the picked task alone',
    );
    expect(rows[0]!.id).toBe(failed);
    expect(rows[0]!.outcome).toContain('Failed: too many desktops');
    expect(new URL(page.url()).searchParams.get('ids')).toBe(failed);
  });
});

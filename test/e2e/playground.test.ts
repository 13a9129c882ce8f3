import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { Kind, parse } from 'graphql';
import type { Locator, Page, Request } from 'playwright-core';

import { type DemoEnvironment, startDemo } from '../../src/demo/demo-mode';
import { demoTasks } from '../../src/demo/demo-tasks';
import { taskGlobalId } from '../../src/domain/export-task';
import { PROVIDER_IDS } from '../../src/domain/provider-id';
import { type App, createApp } from '../../src/server/app';
import { memoryLogger } from '../support/silent-logger';
import { ACCOUNT, API_KEY, type Stack, startStack } from '../support/stack';
import { type Browser, launchChromium } from './support/chromium';
import { ensurePlaygroundBuilt, ROOT } from './support/playground-build';
import { waitUntil } from './support/wait-until';

/** The ids the ExportTaskUpdates tab watches: the first demo task of each provider. */
const EXAMPLE_IDS = PROVIDER_IDS.map((p) => taskGlobalId(p, demoTasks(0)[p][0]!.id));

/** Where the screenshot goes (gitignored; CI keeps it as an artifact). */
const SCREENSHOT = join(ROOT, 'test-artifacts', 'playground.png');

// Generous for a busy machine, yet every wait below has its own shorter deadline that says what it last saw.
jest.setTimeout(120_000);
/** Starting emulators, the service and Chromium, and loading GraphiQL with Monaco. */
const SET_UP_MS = 180_000;
/** The longest any single wait below may take. */
const WAIT_MS = 30_000;

/** The text an editor shows (Monaco renders the visible lines only, spaces as U+00A0). */
async function editorText(editor: Locator): Promise<string> {
  return (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
}

/** The operation editor of the current tab. */
function queryEditor(page: Page): Locator {
  return page.locator('.graphiql-query-editor .monaco-editor');
}

/** The text the response editor shows. */
function responseText(page: Page): Promise<string> {
  return editorText(page.locator('.graphiql-response'));
}

/** The header editor of the current tab. */
function headerEditor(page: Page): Locator {
  return page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .monaco-editor');
}

/**
 * Loads the page and waits until GraphiQL can run something: the container alone is not enough, as
 * GraphiQL shows a spinner (and Run does nothing) until Monaco has loaded and the editors exist.
 */
async function openPlayground(page: Page, url: string): Promise<void> {
  await page.goto(url, { timeout: WAIT_MS });
  for (const editor of [queryEditor(page), headerEditor(page), page.locator('.graphiql-response .monaco-editor')])
    await editor.waitFor({ timeout: WAIT_MS });
  await waitUntil(
    () => editorText(queryEditor(page)),
    (t) => /\bquery ExportTask\b/.test(t),
    WAIT_MS,
    'the first tab in the editor',
  );
}

/** The tab button named `name` (exactly). */
function tabButton(page: Page, name: string): Locator {
  return page.locator('.graphiql-tab-button').filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) });
}

/** Opens the tab `name` as a person would, and waits until its operation is in the editor. */
async function openTab(page: Page, name: string): Promise<void> {
  await tabButton(page, name).click();
  await waitUntil(
    () => editorText(queryEditor(page)),
    (t) => new RegExp(`\\b(query|subscription) ${name}\\b`).test(t),
    WAIT_MS,
    `the operation of tab ${name} in the editor`,
  );
}

/**
 * Opens the tab `name` and clicks Run in the same browser task: GraphiQL then runs before it has
 * re-parsed the editor (it does so 100 ms after a change), with the operation name and parsed document
 * of the previous tab still in its state. Always the worst case, whatever the machine's load.
 */
async function openTabAndRunAtOnce(page: Page, name: string): Promise<void> {
  const tab = await tabButton(page, name).elementHandle({ timeout: WAIT_MS });
  const run = await page.locator('.graphiql-execute-button').elementHandle({ timeout: WAIT_MS });
  if (!tab || !run) throw new Error(`no tab ${name} or no Run button`);
  await page.evaluate(
    ([t, r]) => {
      t.click();
      r.click();
    },
    [tab, run] as const,
  );
}

/** The HTTP requests that carried a subscription (the service answers them 400, or 401 without a key). */
function subscriptionsOverHttp(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (r: Request) => {
    if (r.method() !== 'POST') return;
    try {
      const { query } = JSON.parse(r.postData() ?? '') as { query?: string };
      const document = parse(query ?? '');
      if (document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'subscription'))
        sent.push(`POST ${r.url()} ${r.postData()}`);
    } catch {
      // not a GraphQL request this test looks at
    }
  });
  return sent;
}

describe('the playground in a real browser (Debian Chromium, demo mode)', () => {
  let demo: DemoEnvironment;
  let app: App;
  let browser: Browser;
  const requests: string[] = [];
  const problems: string[] = [];
  let overHttp: string[] = [];

  beforeAll(async () => {
    ensurePlaygroundBuilt();
    demo = await startDemo({ host: '127.0.0.1', port: 0 });
    app = await createApp(demo.config, { logger: memoryLogger('warn').logger });
    browser = await launchChromium();
    const { page } = browser;
    page.on('request', (r) => requests.push(r.url()));
    page.on('websocket', (w) => requests.push(w.url()));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console.error: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    overHttp = subscriptionsOverHttp(page);
    await openPlayground(page, app.url);
  }, SET_UP_MS);

  afterAll(async () => {
    await browser?.dispose();
    await app?.stop();
    await demo?.dispose();
  });

  it('opens GraphiQL with the operations of schema/operations as tabs and the header hint of demo mode', async () => {
    const { page } = browser;
    const tabs = (await page.locator('.graphiql-tab').allInnerTexts()).map((t) => t.trim());
    expect(tabs).toEqual(['ExportTask', 'ExportTasks', 'Providers', 'ProviderTasks', 'ExportTaskUpdates']);
    const headers = await editorText(headerEditor(page));
    expect(headers).toContain('// Demo mode: auth is off, no API key needed.');
    expect(headers).toContain('{"Authorization": "Bearer <your API key>"}');
  });

  it('runs a query and shows its result', async () => {
    const { page } = browser;
    await openTab(page, 'ExportTasks');
    await page.locator('.graphiql-execute-button').click();
    const text = await waitUntil(
      () => responseText(page),
      (t) => t.includes('"exportTasks"'),
      WAIT_MS,
      'the ExportTasks result',
    );
    expect(text).toContain('"id": "alibaba-sas:131231"');
    expect(text).toMatch(/"status": "(PENDING|RUNNING)"/);
    expect(text).toMatch(/"progress": \d/);
  });

  it("runs the tab's own query when Run is clicked the instant the tab opens", async () => {
    const { page } = browser;
    await openTabAndRunAtOnce(page, 'Providers'); // GraphiQL still holds "ExportTasks" as the operation name
    const text = await waitUntil(
      () => responseText(page),
      (t) => t.includes('"providers"') || t.includes('"errors"'),
      WAIT_MS,
      'the Providers result',
    );
    expect(text).toContain('"providers"'); // not "Unknown operation named \"ExportTasks\""
    expect(text).toContain('"id": "alibaba-sas"');
  });

  it('runs the ExportTaskUpdates subscription over the WebSocket and shows the progress changing', async () => {
    const { page } = browser;
    // Run at once: a subscription must go over the WebSocket even before GraphiQL has parsed the tab.
    await openTabAndRunAtOnce(page, 'ExportTaskUpdates');
    // Each event replaces the response; record the progress each task id shows, until one has shown three values.
    const seen = new Map<string, number[]>();
    let last = '';
    await waitUntil(
      async () => {
        const text = (last = await responseText(page));
        const id = /"exportTaskUpdates": \{\s*"id": "([^"]+)"/.exec(text)?.[1];
        const progress = /"progress": ([\d.]+)/.exec(text)?.[1];
        if (id && progress !== undefined) {
          const values = seen.get(id) ?? [];
          if (values.at(-1) !== Number(progress)) values.push(Number(progress));
          seen.set(id, values);
        }
        return { progress: [...seen.entries()], response: last.slice(0, 300), subscriptionsOverHttp: overHttp.length };
      },
      ({ progress }) => progress.some(([, values]) => values.length >= 3),
      WAIT_MS,
      'one task to show three different progress values',
    );
    const [, values] = [...seen.entries()].find(([, v]) => v.length >= 3)!;
    expect(values[1]).not.toBe(values[0]);
    expect(values[2]).not.toBe(values[1]);
    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    await page.locator('.graphiql-execute-button').click(); // stops the subscription
    const ws = new URL(app.url);
    ws.protocol = 'ws:';
    expect(requests).toContain(ws.href);
    expect(overHttp).toEqual([]);
  });

  it('draws one bar per task of ExportTaskUpdates in the progress pane, each moving, final or indeterminate while running', async () => {
    const { page } = browser;
    await openTab(page, 'ExportTaskUpdates');
    await page.locator('.graphiql-execute-button').click(); // the pane opens by itself when a subscription starts
    type Bar = { id: string; status: string; now: string | null; text: string | null; final: string | null; animation: string };
    const bars = () =>
      page.evaluate<Bar[]>(
        `[...document.querySelectorAll('.progress-pane-task')].map((t) => {
          const bar = t.querySelector('[role="progressbar"]');
          return {
            id: t.getAttribute('data-task-id'),
            status: t.getAttribute('data-status'),
            now: bar.getAttribute('aria-valuenow'),
            text: bar.getAttribute('aria-valuetext'),
            final: t.getAttribute('data-final'),
            animation: getComputedStyle(bar.firstElementChild).animationName,
          };
        })`,
      );
    const first = await waitUntil(bars, (b) => b.length === 4, WAIT_MS, 'four bars in the progress pane');
    expect(first.map((b) => b.id).sort()).toEqual([...EXAMPLE_IDS].sort());
    const start = new Map(first.map((b) => [b.id, b.now]));
    // Each bar moves (its aria-valuenow grows), is final, or is indeterminate: running, no aria-valuenow,
    // said so in aria-valuetext, and animated (the provider reports no percentage).
    const moved = (b: Bar) => b.now !== null && start.get(b.id) !== null && Number(b.now) > Number(start.get(b.id));
    const indeterminate = (b: Bar) =>
      b.status === 'RUNNING' && b.now === null && b.text === 'running, no percentage reported' && b.animation !== 'none';
    const settled = (b: Bar) => b.final === 'true' || moved(b) || indeterminate(b);
    const moving = await waitUntil(
      bars,
      (b) => b.length === 4 && b.every(settled),
      WAIT_MS,
      'every bar to move, be final or be indeterminate',
    );
    expect(moving.filter(moved).length).toBeGreaterThanOrEqual(2);
    // Huawei reports no percentage: its (running) example task is the indeterminate one.
    const huawei = moving.find((b) => b.id.startsWith('huawei-workspace:'))!;
    expect(huawei).toMatchObject({ status: 'RUNNING', final: 'false' });
    expect(indeterminate(huawei)).toBe(true);
    expect(moving.filter(indeterminate).map((b) => b.id)).toEqual([huawei.id]);
    const summary = page.locator('.progress-pane-raw summary');
    expect(await summary.innerText()).toMatch(/^Raw events \((\d+)\)$/);
    await summary.focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('.progress-pane-raw pre').innerText()).toContain('"exportTaskUpdates"');
    expect(await page.getByRole('link', { name: /^Progress board/ }).getAttribute('href')).toBe('board');
    await page.screenshot({ path: join(ROOT, 'test-artifacts', 'playground-progress-pane.png') });
    await page.locator('.graphiql-execute-button').click(); // stops the subscription
  });

  it('loaded nothing from anywhere but the service, and logged no errors', () => {
    const origin = new URL(app.url).host;
    const foreign = requests.filter((u) => !u.startsWith('data:') && new URL(u).host !== origin);
    expect(foreign).toEqual([]);
    expect(requests.length).toBeGreaterThan(4);
    expect(overHttp).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe('the playground of a service with API keys', () => {
  let stack: Stack;
  let browser: Browser;
  let overHttp: string[] = [];

  beforeAll(async () => {
    ensurePlaygroundBuilt();
    // The demo tasks (the tabs' example ids) on emulators that know the test account.
    const tasks = demoTasks(Date.now());
    stack = await startStack({
      providers: PROVIDER_IDS,
      tasks: Object.fromEntries(PROVIDER_IDS.map((p) => [p, tasks[p].map((t) => ({ ...t, accountId: ACCOUNT.accountId }))])),
    });
    browser = await launchChromium();
    overHttp = subscriptionsOverHttp(browser.page);
    await openPlayground(browser.page, stack.app.url);
  }, SET_UP_MS);

  afterAll(async () => {
    await browser?.dispose();
    await stack?.dispose();
  });

  it('subscribes with the key typed into the header editor (refused without it)', async () => {
    const { page } = browser;
    await openTab(page, 'ExportTaskUpdates');
    const headers = headerEditor(page);
    expect(await editorText(headers)).toBe('{"Authorization": "Bearer <your API key>"}');

    await page.locator('.graphiql-execute-button').click();
    await waitUntil(
      () => responseText(page),
      (t) => t.includes('4403'),
      WAIT_MS,
      'the placeholder key to be refused (close 4403)',
    );

    // Type the headers with the key over the placeholder, key by key as a person would.
    await headers.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(`{"Authorization": "Bearer ${API_KEY}"}`);
    // What the editor auto-closed is left after the cursor.
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Delete');
    // Monaco renders an edit on the next frame: wait for it rather than read too early.
    await waitUntil(
      () => editorText(headers),
      (t) => t === `{"Authorization": "Bearer ${API_KEY}"}`,
      WAIT_MS,
      'the typed key in the header editor',
    );
    await page.locator('.graphiql-execute-button').click();
    const text = await waitUntil(
      () => responseText(page),
      (t) => t.includes('"exportTaskUpdates"'),
      WAIT_MS,
      'an event of the subscription',
    );
    expect(text).toMatch(/"status": "(PENDING|RUNNING)"/);
    await page.locator('.graphiql-execute-button').click();
    expect(overHttp).toEqual([]);
  });
});

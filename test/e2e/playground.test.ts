import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startDemo, type DemoEnvironment } from '../../src/demo/demo-mode';
import { createApp, type App } from '../../src/server/app';
import { demoTasks } from '../../src/demo/demo-tasks';
import { PROVIDER_IDS } from '../../src/domain/provider-id';
import { memoryLogger } from '../support/silent-logger';
import { ACCOUNT, API_KEY, startStack, type Stack } from '../support/stack';
import { launchChromium, type Browser } from './support/chromium';
import { ensurePlaygroundBuilt, ROOT } from './support/playground-build';

/** Where the screenshot goes (gitignored; CI keeps it as an artifact). */
const SCREENSHOT = join(ROOT, 'test-artifacts', 'playground.png');

jest.setTimeout(60_000);

/** The text an editor shows (Monaco renders the visible lines only, spaces as U+00A0). */
async function editorText(editor: Locator): Promise<string> {
  return (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
}

/** The text the response editor shows. */
function responseText(page: Page): Promise<string> {
  return editorText(page.locator('.graphiql-response'));
}

/** The header editor of the current tab. */
function headerEditor(page: Page): Locator {
  return page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .monaco-editor');
}

/** Polls `read` every 100 ms until `done` holds for what it returned; fails with the last value after `ms`. */
async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${ms} ms waiting for ${what}; last seen:\n${JSON.stringify(value, null, 2)}`);
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

async function openTab(page: Page, name: string): Promise<void> {
  const names = (await page.locator('.graphiql-tab').allInnerTexts()).map((t) => t.trim());
  const index = names.indexOf(name);
  if (index < 0) throw new Error(`no tab ${name}; tabs: ${names.join(', ')}`);
  await page.locator('.graphiql-tab').nth(index).click();
}

describe('the playground in a real browser (Debian Chromium, demo mode)', () => {
  let demo: DemoEnvironment;
  let app: App;
  let browser: Browser;
  const requests: string[] = [];
  const problems: string[] = [];

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
    await page.goto(app.url);
    await page.locator('.graphiql-container').waitFor({ timeout: 20_000 });
  });

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
      15_000,
      'the ExportTasks result',
    );
    expect(text).toContain('"id": "alibaba-sas:131231"');
    expect(text).toMatch(/"status": "(PENDING|RUNNING)"/);
    expect(text).toMatch(/"progress": \d/);
  });

  it('runs the ExportTaskUpdates subscription over the WebSocket and shows the progress changing', async () => {
    const { page } = browser;
    await openTab(page, 'ExportTaskUpdates');
    await page.locator('.graphiql-execute-button').click();
    // Each event replaces the response; record the progress each task id shows, until one has shown three values.
    const seen = new Map<string, number[]>();
    await waitUntil(
      async () => {
        const text = await responseText(page);
        const id = /"exportTaskUpdates": \{\s*"id": "([^"]+)"/.exec(text)?.[1];
        const progress = /"progress": ([\d.]+)/.exec(text)?.[1];
        if (id && progress !== undefined) {
          const values = seen.get(id) ?? [];
          if (values.at(-1) !== Number(progress)) values.push(Number(progress));
          seen.set(id, values);
        }
        return [...seen.entries()];
      },
      (entries) => entries.some(([, values]) => values.length >= 3),
      20_000,
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
  });

  it('loaded nothing from anywhere but the service, and logged no errors', () => {
    const origin = new URL(app.url).host;
    const foreign = requests.filter((u) => !u.startsWith('data:') && new URL(u).host !== origin);
    expect(foreign).toEqual([]);
    expect(requests.length).toBeGreaterThan(4);
    expect(problems).toEqual([]);
  });
});

describe('the playground of a service with API keys', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    ensurePlaygroundBuilt();
    // The demo tasks (the tabs' example ids) on emulators that know the test account.
    const tasks = demoTasks(Date.now());
    stack = await startStack({
      providers: PROVIDER_IDS,
      tasks: Object.fromEntries(PROVIDER_IDS.map((p) => [p, tasks[p].map((t) => ({ ...t, accountId: ACCOUNT.accountId }))])),
    });
    browser = await launchChromium();
    await browser.page.goto(stack.app.url);
    await browser.page.locator('.graphiql-container').waitFor({ timeout: 20_000 });
  });

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
      15_000,
      'the placeholder key to be refused (close 4403)',
    );

    // Type the headers with the key over the placeholder, key by key as a person would.
    await headers.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(`{"Authorization": "Bearer ${API_KEY}"}`);
    // What the editor auto-closed is left after the cursor.
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Delete');
    expect(await editorText(headers)).toBe(`{"Authorization": "Bearer ${API_KEY}"}`);
    await page.locator('.graphiql-execute-button').click();
    const text = await waitUntil(
      () => responseText(page),
      (t) => t.includes('"exportTaskUpdates"'),
      15_000,
      'an event of the subscription',
    );
    expect(text).toMatch(/"status": "(PENDING|RUNNING)"/);
    await page.locator('.graphiql-execute-button').click();
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Page } from 'playwright-core';

import { API_KEY, type Stack, startStack, testConfig } from '../support/stack';
import { type Browser, launchChromium } from './support/chromium';

jest.setTimeout(60_000);
/** Starting the emulator, the service, two page servers and Chromium. */
const SET_UP_MS = 120_000;

const TASK = 'e4409223-8e92-45db-a857-11b1ff547c79';
const QUERY = `{ exportTask(id: "tencent-tcss:${TASK}") { id status provider { id } } }`;

/** A loopback server whose every path is an empty page: a browser app on an origin of its own. */
async function pageServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html><head><link rel="icon" href="data:,"><title>app</title></head><body></body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** What the page's `fetch` of the query ended with: the answer it could read, or the error it threw. */
type FetchOutcome = { status: number; body: unknown; requestId: string | null } | { error: string };

/** Runs `fetch(serviceUrl, POST, bearer key, JSON)` in the page, as a browser app's code would. */
function fetchInPage(page: Page, url: string): Promise<FetchOutcome> {
  return page.evaluate(
    async ({ url, key, query }) => {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        return { status: res.status, body: (await res.json()) as unknown, requestId: res.headers.get('x-request-id') };
      } catch (e) {
        return { error: `${(e as Error).name}: ${(e as Error).message}` };
      }
    },
    { url, key: API_KEY, query: QUERY },
  );
}

/** Opens a graphql-ws socket in the page and sends `connection_init`: `ack` once acknowledged, or how it closed. */
function socketInPage(page: Page, url: string): Promise<string> {
  return page.evaluate(
    ({ url, key }) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, 'graphql-transport-ws');
        ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } }));
        ws.onmessage = (m: MessageEvent) => {
          if ((JSON.parse(String(m.data)) as { type?: string }).type === 'connection_ack') {
            ws.close(1000);
            resolve('ack');
          }
        };
        ws.onclose = (e: { code: number }) => resolve(`closed ${e.code}`);
      }),
    { url, key: API_KEY },
  );
}

describe('CORS in a real browser (Debian Chromium): a page on a granted origin reads the API, any other does not', () => {
  let app: Awaited<ReturnType<typeof pageServer>>;
  let other: Awaited<ReturnType<typeof pageServer>>;
  let stack: Stack;
  let browser: Browser;
  /** What the page logged (Chromium explains a blocked request there). */
  const messages: string[] = [];

  beforeAll(async () => {
    app = await pageServer();
    other = await pageServer();
    stack = await startStack({
      providers: ['tencent-tcss'],
      tasks: { 'tencent-tcss': [{ id: TASK, accountId: 'acct-a', createdAt: Date.now(), durationMs: 600_000 }] },
      config: { server: { ...testConfig([]).server, cors: { origins: [app.origin], maxAgeSeconds: 600 } } },
    });
    browser = await launchChromium({ width: 800, height: 600 });
    browser.page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
  }, SET_UP_MS);

  afterAll(async () => {
    await browser?.dispose();
    await stack?.dispose();
    await app?.close();
    await other?.close();
  });

  it('a page on the granted origin gets the data of a query sent with the bearer key, and its request id', async () => {
    const { page } = browser;
    await page.goto(`${app.origin}/`);
    const reads = stack.emulator('tencent-tcss').stats.total();
    const outcome = await fetchInPage(page, stack.app.url);
    expect(outcome).toEqual({
      status: 200,
      body: { data: { exportTask: { id: `tencent-tcss:${TASK}`, status: 'RUNNING', provider: { id: 'tencent-tcss' } } } },
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(stack.emulator('tencent-tcss').stats.total()).toBeGreaterThan(reads);
  });

  it('a page on the granted origin opens the WebSocket', async () => {
    const { page } = browser;
    await page.goto(`${app.origin}/`);
    expect(await socketInPage(page, stack.app.url.replace(/^http/, 'ws'))).toBe('ack');
  });

  it('a page on another origin cannot: the browser blocks the fetch at its preflight, before the query is sent', async () => {
    const { page } = browser;
    await page.goto(`${other.origin}/`);
    messages.length = 0;
    const reads = stack.emulator('tencent-tcss').stats.total();
    expect(await fetchInPage(page, stack.app.url)).toEqual({ error: 'TypeError: Failed to fetch' });
    // The browser says why: the preflight (answered 403, with no grant) failed.
    expect(messages.filter((c) => c.includes('blocked by CORS policy'))).toEqual([
      expect.stringContaining(`from origin '${other.origin}' has been blocked by CORS policy: Response to preflight request`),
    ]);
    // The query itself never reached the service: no read upstream.
    expect(stack.emulator('tencent-tcss').stats.total()).toBe(reads);
  });

  it('a page on another origin cannot open the WebSocket (the upgrade is refused with 403)', async () => {
    const { page } = browser;
    await page.goto(`${other.origin}/`);
    messages.length = 0;
    expect(await socketInPage(page, stack.app.url.replace(/^http/, 'ws'))).toBe('closed 1006');
    expect(messages.filter((m) => m.includes('WebSocket'))).toEqual([expect.stringContaining('Unexpected response code: 403')]);
  });
});

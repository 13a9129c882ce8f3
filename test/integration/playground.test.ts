import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { parse, validate } from 'graphql';

import { buildServiceSchema } from '../../src/graphql/build-schema';
import { createPlayground } from '../../src/server/playground/playground';
import { ASSETS_DIR, ensurePlaygroundBuilt, ROOT } from '../e2e/support/playground-build';
import { API_KEY, type Stack, startStack } from '../support/stack';

/** What a browser sends when it navigates to a URL. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

/**
 * Hosts that occur in the bundled packages' code as text only: XML namespaces, schema identifiers,
 * links inside messages and help texts, and `<a href>` links a person may click (GraphiQL's logo, the
 * keyboard-shortcut sheets). None is loaded by the page: see the resource checks below and the browser
 * test, which records every request. A host not listed here fails the test, so a new one is looked at.
 */
const TEXT_ONLY_HOSTS: Readonly<Record<string, string>> = {
  'www.w3.org': 'XML namespaces (SVG, XHTML, MathML, XLink) in React DOM and Monaco',
  'json-schema.org': '$schema identifiers known to the JSON language service (it fetches no schema)',
  'react.dev': 'the link in React production error messages',
  'github.com': 'links in messages; GraphiQL logo link',
  'code.visualstudio.com': 'links in Monaco help texts; GraphiQL shortcut-sheet links',
  'microsoft.com': 'a Markdown link sample in Monaco',
  'prettier.io': 'a link in a Prettier message',
  'yarnpkg.com': 'a link in a Prettier message',
  'en.wikipedia.org': 'a link in the description of the GraphQL Float scalar',
  'commonmark.org': 'a link in the description of GraphQL descriptions',
  'go.apollo.dev': "Apollo Client's error-message links (the board)",
  'chrome.google.com': "the Apollo Client Devtools link in Apollo Client's suggestion to install them (the board)",
  'addons.mozilla.org': "the Apollo Client Devtools link in Apollo Client's suggestion to install them (the board)",
};

/** Hosts that serve packages to browsers: none may appear in any form. */
const CDN_HOSTS = ['esm.sh', 'unpkg.com', 'jsdelivr', 'cdnjs', 'googleapis.com', 'gstatic.com', 'jspm.io', 'skypack.dev', 'cloudflare'];

function hostsIn(text: string): Set<string> {
  const hosts = new Set<string>();
  for (const m of text.matchAll(/\b(?:https?|wss?):\/\/([a-z0-9.-]+\.[a-z]{2,})/gi)) hosts.add(m[1]!.toLowerCase());
  return hosts;
}

describe('the playground over HTTP', () => {
  let stack: Stack;
  let base: string;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });

  beforeAll(async () => {
    ensurePlaygroundBuilt();
    stack = await startStack({ providers: ['tencent-tcss'] });
    base = stack.app.url.replace(/\/graphql$/, '');
  });
  afterAll(() => stack.dispose());

  async function page(): Promise<{
    html: string;
    config: { tabs: Array<{ query: string; variables?: string; headers: string }>; headers: string };
  }> {
    const res = await get('/graphql', { accept: BROWSER_ACCEPT });
    expect(res.status).toBe(200);
    const html = await res.text();
    const json = /<script type="application\/json" id="playground-config">([^<]*)<\/script>/.exec(html)![1]!;
    return { html, config: JSON.parse(json) };
  }

  it('serves GraphiQL on GET /graphql to a browser, without an API key, under a strict CSP', async () => {
    const res = await get('/graphql', { accept: BROWSER_ACCEPT });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(await res.text()).toContain('<div id="graphiql">');
  });

  it('still answers GraphQL clients on the same URL', async () => {
    const viaGet = await get(`/graphql?query=${encodeURIComponent('{ providers { id } }')}`, {
      accept: 'application/json',
      authorization: `Bearer ${API_KEY}`,
      'apollo-require-preflight': '1',
    });
    expect(viaGet.status).toBe(200);
    expect(((await viaGet.json()) as { data: { providers: unknown[] } }).data.providers).toHaveLength(4);
    // curl's default Accept (*/*) is not a browser: Apollo's answer, here 401 without a key.
    expect((await get('/graphql', { accept: '*/*' })).status).toBe(401);
  });

  it('has one ready tab per operation of schema/operations, each valid against the schema on its own', async () => {
    const { config } = await page();
    const dir = join(ROOT, 'schema', 'operations');
    const files = readdirSync(dir).filter((f) => f.endsWith('.graphql'));
    const operationFiles = files.filter((f) => /^\s*(query|subscription|mutation)\b/m.test(readFileSync(join(dir, f), 'utf8')));
    expect(config.tabs).toHaveLength(operationFiles.length);
    for (const f of operationFiles)
      expect(config.tabs.some((t) => t.query.startsWith(readFileSync(join(dir, f), 'utf8').trimEnd()))).toBe(true);
    const schema = await buildServiceSchema();
    for (const tab of config.tabs) expect(validate(schema, parse(tab.query)).map((e) => e.message)).toEqual([]);
    const updates = config.tabs.find((t) => t.query.includes('subscription ExportTaskUpdates'))!;
    const variables = JSON.parse(updates.variables!.replace(/^\/\/.*$/gm, '')) as { ids: string[] };
    expect(variables.ids).toContain('tencent-tcss:e4409223-8e92-45db-a857-11b1ff547c79');
  });

  it('pre-fills the header editor for the API key', async () => {
    const { config } = await page();
    expect(config.headers).toBe('{"Authorization": "Bearer <your API key>"}\n');
    for (const tab of config.tabs) expect(tab.headers).toBe(config.headers);
  });

  it('references nothing outside the service: the HTML, the styles and every script and worker', async () => {
    const { html } = await page();
    const refs = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThanOrEqual(3);
    for (const ref of refs) expect(ref).toMatch(/^(playground\/[\w.-]+|data:.*)$/);
    expect(hostsIn(html)).toEqual(new Set());

    const files = readdirSync(ASSETS_DIR);
    expect(files).toEqual(
      expect.arrayContaining(['playground.js', 'playground.css', 'editor.worker.js', 'json.worker.js', 'graphql.worker.js']),
    );
    const unexpected: string[] = [];
    for (const file of files) {
      const res = await get(`/playground/${file}`);
      expect(res.status).toBe(200);
      if (!/\.(js|css)$/.test(file)) continue;
      const text = await res.text();
      for (const cdn of CDN_HOSTS) expect(text.includes(cdn) ? `${file}: ${cdn}` : '').toBe('');
      for (const host of hostsIn(text)) if (!(host in TEXT_ONLY_HOSTS)) unexpected.push(`${file}: ${host}`);
      if (file.endsWith('.css')) {
        expect(text).not.toMatch(/@import/);
        for (const m of text.matchAll(/url\(\s*["']?([^"')]*)/g)) expect(m[1]).toMatch(/^(data:|\.\/|[\w-]+\.\w+$)/);
      } else {
        // Nothing that loads code or data by an absolute URL.
        expect(text).not.toMatch(/\b(import|importScripts|fetch)\(\s*["'`](https?:)?\/\//);
        expect(text).not.toMatch(/new (Worker|SharedWorker|WebSocket|EventSource)\(\s*["'`](https?:|wss?:)?\/\//);
      }
    }
    expect(unexpected).toEqual([]);
  });

  it('serves assets gzipped with validators, and nothing else under /playground/', async () => {
    const res = await get('/playground/playground.js', { 'accept-encoding': 'gzip' });
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    // fetch decodes gzip itself; ask again over node:http to see the encoding.
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      httpGet(`${base}/playground/playground.css`, { headers: { 'accept-encoding': 'gzip' } }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve({ encoding: r.headers['content-encoding'], body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.body).equals(readFileSync(join(ASSETS_DIR, 'playground.css')))).toBe(true);
    expect((await get('/playground/playground.js', { 'if-none-match': etag })).status).toBe(304);
    for (const path of ['/playground/nope.js', '/playground/%2e%2e%2fpackage.json', '/playground/'])
      expect((await get(path)).status).toBe(404);
  });
});

describe('the playground turned off (server.playground: false)', () => {
  let stack: Stack;
  let base: string;
  beforeAll(async () => {
    ensurePlaygroundBuilt();
    stack = await startStack({
      providers: ['tencent-tcss'],
      config: {
        server: { host: '127.0.0.1', port: 0, playground: false, introspection: true, shutdownGraceMs: 2000, shutdownTimeoutMs: 10_000 },
      },
    });
    base = stack.app.url.replace(/\/graphql$/, '');
  });
  afterAll(() => stack.dispose());

  it('answers a browser on GET /graphql as Apollo does without a landing page, and serves no assets', async () => {
    const anonymous = await fetch(`${base}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
    expect(anonymous.status).toBe(401);
    const withKey = await fetch(`${base}/graphql`, { headers: { accept: BROWSER_ACCEPT, authorization: `Bearer ${API_KEY}` } });
    expect(withKey.status).toBe(400);
    expect(withKey.headers.get('content-type')).toMatch(/^application\/json/);
    // Apollo's own answer to a bare GET (no query in it): JSON, never a page.
    expect(((await withKey.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
    expect((await fetch(`${base}/playground/playground.js`)).status).toBe(404);
  });
});

describe('the playground without its build', () => {
  const opts = { demo: false, auth: true };
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'no-playground-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start without its assets, naming the directory and how to build them', () => {
    expect(() => createPlayground({ ...opts, assetsDir: dir, operationsDir: join(ROOT, 'schema', 'operations') })).toThrow(
      `playground: its built assets are missing from ${dir} (no playground.js, playground.css, editor.worker.js, json.worker.js, graphql.worker.js, board.js, board.css): run \`npm run build\``,
    );
  });

  it('refuses to start with a partial build, naming what is missing', () => {
    for (const f of readdirSync(ASSETS_DIR)) if (f !== 'json.worker.js') copyFileSync(join(ASSETS_DIR, f), join(dir, f));
    expect(() => createPlayground({ ...opts, assetsDir: dir, operationsDir: join(ROOT, 'schema', 'operations') })).toThrow(
      /missing from .* \(no json\.worker\.js\)/,
    );
  });

  it('refuses to start without the operations of its tabs', () => {
    expect(() => createPlayground({ ...opts, assetsDir: ASSETS_DIR, operationsDir: join(dir, 'none') })).toThrow(
      `playground: no operations (*.graphql) in ${join(dir, 'none')} for its tabs: run \`npm run build\``,
    );
  });

  it('takes its tabs from the copy of schema/operations in the build output by default', () => {
    const copies = readdirSync(join(ASSETS_DIR, '..', 'playground-operations')).sort();
    expect(copies).toEqual(
      readdirSync(join(ROOT, 'schema', 'operations'))
        .filter((f) => f.endsWith('.graphql'))
        .sort(),
    );
    expect(() => createPlayground({ ...opts, assetsDir: ASSETS_DIR })).not.toThrow();
  });
});

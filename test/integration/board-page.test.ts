import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { type DemoEnvironment, startDemo } from '../../src/demo/demo-mode';
import { PROVIDER_IDS } from '../../src/domain/provider-id';
import { type App, createApp } from '../../src/server/app';
import { renderBoardPage } from '../../src/server/playground/board-page';
import { PLAYGROUND_CSP } from '../../src/server/playground/playground-page';
import { ASSETS_DIR, ensurePlaygroundBuilt } from '../e2e/support/playground-build';
import { memoryLogger } from '../support/silent-logger';
import { type Stack, startStack } from '../support/stack';

/** The budget for the board's script, gzipped. */
const MAX_BOARD_GZIP_BYTES = 400 * 1024;

/** The JSON config block of a board page. */
function configBlock(html: string): unknown {
  const m = /<script type="application\/json" id="board-config">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error(`no config block in:\n${html}`);
  return JSON.parse(m[1]!);
}

describe('GET /board in demo mode', () => {
  let demo: DemoEnvironment;
  let app: App;
  beforeAll(async () => {
    ensurePlaygroundBuilt();
    demo = await startDemo({ host: '127.0.0.1', port: 0 });
    app = await createApp(demo.config, { logger: memoryLogger('warn').logger });
  });
  afterAll(async () => {
    await app?.stop();
    await demo?.dispose();
  });

  it('serves the board with the demo task ids, under the playground CSP, its script from the service', async () => {
    const res = await fetch(new URL('/board', app.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(PLAYGROUND_CSP);
    const html = await res.text();
    expect(html).toContain('<script type="module" src="playground/board.js"></script>');
    expect(configBlock(html)).toEqual({ demo: true, auth: false, demoTaskIds: PROVIDER_IDS.flatMap((p) => demo.taskIds[p]) });
    const script = await fetch(new URL('/playground/board.js', app.url));
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });
});

describe('GET /board of a service with API keys', () => {
  let stack: Stack;
  beforeAll(async () => {
    ensurePlaygroundBuilt();
    stack = await startStack({ providers: ['tencent-tcss'] });
  });
  afterAll(() => stack?.dispose());

  it('serves the board without a key (the page asks for it), saying auth is on and naming no demo task', async () => {
    const res = await fetch(new URL('/board', stack.app.url));
    expect(res.status).toBe(200);
    expect(configBlock(await res.text())).toEqual({ demo: false, auth: true, demoTaskIds: [] });
    const head = await fetch(new URL('/board', stack.app.url), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect((await fetch(new URL('/board', stack.app.url), { method: 'POST' })).status).toBe(404);
  });
});

describe('GET /board with server.playground off', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      providers: ['tencent-tcss'],
      config: {
        server: { host: '127.0.0.1', port: 0, playground: false, introspection: true, shutdownGraceMs: 2000, shutdownTimeoutMs: 10_000 },
      },
    });
  });
  afterAll(() => stack?.dispose());

  it('is not found, like the playground', async () => {
    const res = await fetch(new URL('/board', stack.app.url));
    expect(res.status).toBe(404);
    expect(((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('the board page', () => {
  it('escapes its config so that no value can end the block or open a comment', () => {
    const hostile = ['</script><script>alert(1)</script>', '<!--', '\u2028'];
    const html = renderBoardPage({ demo: true, auth: false, demoTaskIds: hostile });
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the module script's and the block's own
    expect(html).not.toContain('<!--');
    expect(configBlock(html)).toEqual({ demo: true, auth: false, demoTaskIds: hostile });
  });

  it(`ships a script under ${MAX_BOARD_GZIP_BYTES / 1024} KB gzipped (React, Apollo Client, graphql-ws)`, () => {
    ensurePlaygroundBuilt();
    const gzipped = gzipSync(readFileSync(join(ASSETS_DIR, 'board.js'))).length;
    expect(gzipped).toBeLessThan(MAX_BOARD_GZIP_BYTES);
    expect(gzipped).toBeGreaterThan(50 * 1024); // the real bundle, not an empty stub
  });
});

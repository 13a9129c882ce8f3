import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { type EmulatorHandle, startEmulator } from '../../src/emulator';
import { ASSETS_DIR, ensurePlaygroundBuilt } from '../e2e/support/playground-build';
import { BUILD_TIMEOUT_MS, ensureBuilt } from '../support/build';
import { followService } from '../support/service-process';
import { ACCOUNT } from '../support/stack';

const ROOT = join(__dirname, '../..');
const KEY = 'production-install-api-key-000000001';
/** `npm ci` from the local cache takes 5 to 10 s; more on a loaded machine or when it has to ask the registry. */
const INSTALL_TIMEOUT_MS = 150_000;

/** This process's environment without the variables npm sets for the scripts it runs. */
function withoutNpmVariables(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}

/** The service as README's "Running in production" runs it, from `folder`; resolves with its URL once it listens. */
function startService(
  folder: string,
  configFile: string,
): { child: ChildProcess; url: Promise<string>; exited: Promise<number | string>; output: () => string } {
  const child = spawn(process.execPath, [join(folder, 'dist/src/main.js'), '--config', configFile], {
    cwd: folder,
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'info', PROD_API_KEY: KEY, PROD_TC_KEY: ACCOUNT.secret },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, ...followService(child, 'the service', 20_000) };
}

describe('a production install: the build output, package*.json and `npm ci --omit=dev`', () => {
  let folder: string;
  let tencent: EmulatorHandle;
  let configFile: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    ensurePlaygroundBuilt();
    await ensureBuilt();
    folder = mkdtempSync(join(tmpdir(), 'exports-production-'));
    // dist/ whole, as the README says, without the build's own bookkeeping (stamps, lock).
    cpSync(join(ROOT, 'dist'), join(folder, 'dist'), { recursive: true, filter: (src) => !basename(src).startsWith('.') });
    for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(ROOT, f), join(folder, f));
    await new Promise<void>((resolve, reject) =>
      execFile(
        'npm',
        ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
        // Without the npm_* variables of an enclosing `npm test` (npm_config_local_prefix names this repository).
        { cwd: folder, env: withoutNpmVariables(), timeout: INSTALL_TIMEOUT_MS - 10_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) =>
          error ? reject(new Error(`npm ci --omit=dev failed: ${error.message}\n${stdout}${stderr}`)) : resolve(),
      ),
    );
    tencent = await startEmulator('tencent-tcss', {
      accounts: [ACCOUNT],
      quotaPerSecond: 1000,
      tasks: [{ id: 'prod-1', accountId: ACCOUNT.accountId, durationMs: 600_000 }],
    });
    configFile = join(folder, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        server: { host: '127.0.0.1', port: 0 },
        tenants: [
          {
            id: 'team-a',
            apiKeys: ['env:PROD_API_KEY'],
            providers: {
              'tencent-tcss': { endpoint: tencent.url, secretId: ACCOUNT.accessKeyId, secretKey: 'env:PROD_TC_KEY', timeoutMs: 5000 },
            },
          },
        ],
      }),
    );
  }, BUILD_TIMEOUT_MS + INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await tencent?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('holds the production dependencies only', () => {
    for (const dev of ['typescript', 'esbuild', 'jest', '@swc/core', 'graphiql', 'react'])
      expect(existsSync(join(folder, 'node_modules', dev))).toBe(false);
    for (const dep of ['graphql', '@apollo/server', 'pino'])
      expect(existsSync(join(folder, 'node_modules', dep, 'package.json'))).toBe(true);
  });

  it('starts with a config file and serves a task, /readyz and the playground; SIGTERM stops it', async () => {
    const service = startService(folder, configFile);
    child = service.child;
    const url = await service.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    const origin = new URL(url).origin;

    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ query: '{ exportTask(id: "tencent-tcss:prod-1") { id status progress } }' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data?: { exportTask: { id: string; status: string; progress: number } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.exportTask).toMatchObject({ id: 'tencent-tcss:prod-1', status: 'RUNNING' });

    const ready = await fetch(`${origin}/readyz`);
    expect(ready.status).toBe(200);

    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('playground/playground.js');
    expect(html).toContain('exportTask'); // a tab from the copied operations
    const script = await fetch(`${origin}/playground/playground.js`);
    expect(script.status).toBe(200);
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);

    process.kill(child.pid!, 'SIGTERM');
    expect(await service.exited).toBe(0);
  }, 40_000);

  it('refuses to start, saying why, when part of the build output is missing', async () => {
    const operations = join(folder, 'dist', 'playground-operations');
    renameSync(operations, `${operations}.aside`);
    try {
      const service = startService(folder, configFile);
      child = service.child;
      await expect(service.url).rejects.toThrow(/exited \(1\) before listening/);
      expect(service.output()).toContain(
        `Start-up failed: playground: no operations (*.graphql) in ${operations} for its tabs: run \`npm run build\``,
      );
    } finally {
      renameSync(`${operations}.aside`, operations);
    }
    expect(existsSync(join(ASSETS_DIR, 'playground.js'))).toBe(true); // the repository's own build untouched
  }, 30_000);
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BUILD_TIMEOUT_MS, ensureBuilt } from '../support/build';

/** The service as `npm start` runs it: dist/, compiled by `ensureBuilt()`. */
const MAIN = join(__dirname, '../../dist/src/main.js');
const KEY = 'command-line-test-key-0001';
const SECRET = 'command-line-test-secret-value';

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs `node dist/src/main.js ...args` to its end (killed after 20 s: a process that started serving). */
function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { PATH: process.env['PATH'], TEST_KEY: KEY, TEST_SECRET: SECRET, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe('the command line of the built service', () => {
  let dir: string;
  let held: Server;
  let heldPort: number;

  beforeAll(async () => {
    await ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'exports-cli-'));
    // A port this test holds: a service that started would fail to bind it (EADDRINUSE, exit 1).
    held = createServer();
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    heldPort = (held.address() as { port: number }).port;
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await new Promise((resolve) => held.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, document: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(document));
    return path;
  };
  const tencent = { secretId: 'env:TEST_SECRET', secretKey: 'env:TEST_SECRET', endpoint: 'https://tcss.tencentcloudapi.com' };

  it('refuses an unknown flag with exit status 2, naming it, instead of starting demo mode', async () => {
    const r = await run(['--cofig', 'x.json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown option --cofig');
    expect(r.stderr).toContain('--help');
    expect(r.stdout).toBe('');
  });

  it('--help exits 0 listing the options and the environment', async () => {
    const r = await run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--check-config FILE');
    expect(r.stdout).toContain('OTEL_EXPORTER_OTLP_PROTOCOL');
  });

  it('--check-config prints the four mistakes of a file with four, and exits 1', async () => {
    const bad = file('bad.json', {
      server: { port: 70000 },
      polling: { intervalMs: 'fast' },
      tenants: [
        { id: 'a', apiKeys: ['env:TEST_KEY'], providers: { 'tencent-tcss': { ...tencent, region: 'env:TEST_SECRET' } } },
        { id: 'b', apiKeys: ['short'], providers: {} },
      ],
    });
    const r = await run(['--check-config', bad]);
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('  $'));
    expect(lines).toEqual([
      '  $.server.port: expected an integer from 0 to 65535, but got 70000',
      '  $.polling.intervalMs: expected an integer from 100 to 3600000, but got "fast"',
      '  $.tenants[0].providers.tencent-tcss.region: expected a region such as "ap-guangzhou", but got "<env:TEST_SECRET>"',
      '  $.tenants[1].apiKeys[0]: expected an API key of at least 16 characters, but got a string of 5 characters',
    ]);
    expect(r.stderr).not.toContain(SECRET);
  });

  it('--check-config on a good file exits 0 with a summary, without binding a port', async () => {
    const good = file('good.json', {
      server: { port: heldPort },
      tenants: [{ id: 'a', apiKeys: ['env:TEST_KEY'], providers: { 'tencent-tcss': tencent } }],
    });
    const r = await run(['--check-config', good]);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toBe(`${good}: ok\n  1 tenant(s), single replica (no redis)\n  tenant a: 1 API key(s), providers: tencent-tcss\n`);
    expect(r.stdout).not.toContain('listening');
    // The same file really is refused a start on the held port: --check-config did not try.
    const started = await run(['--config', good]);
    expect(started.status).toBe(1);
    expect(started.stderr).toContain('EADDRINUSE');
  });

  it('a bad configuration at start-up: every problem on stderr, one JSON log line, exit 1', async () => {
    const bad = file('start.json', { server: { port: -1, shutdownGraceMs: 20000 }, tenants: [] });
    const r = await run(['--config', bad], { LOG_LEVEL: 'chatty' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Configuration errors (4) in ${bad} and the environment:`);
    const logs = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      level: 50,
      msg: 'invalid configuration',
      errors: [
        { path: 'LOG_LEVEL', expected: 'one of trace, debug, info, warn, error, fatal, silent', got: '"chatty"' },
        { path: '$.server.port', expected: 'an integer from 0 to 65535', got: '-1' },
        { path: '$.server.shutdownGraceMs', expected: 'less than server.shutdownTimeoutMs (10000)', got: '20000' },
        { path: '$.tenants', expected: 'an array of at least 1 element(s)', got: '[]' },
      ],
    });
  });
});

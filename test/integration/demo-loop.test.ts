import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import { PROVIDER_IDS } from '../../src/domain/provider-id';
import { BUILD_TIMEOUT_MS, ensureBuilt } from '../support/build';
import { explained, within } from '../support/deadline';

/** The service as `npm start` runs it: dist/, compiled by `ensureBuilt()` below. */
const MAIN = join(__dirname, '../../dist/src/main.js');
const SEC = 1000;
const FINAL = new Set(['SUCCEEDED', 'FAILED', 'EXPIRED']);

interface Started {
  readonly child: ChildProcess;
  readonly output: string[];
  readonly exited: Promise<number | string>;
}

/** Starts `node dist/src/main.js` in demo mode (no config), on any free port, with `env` added. */
function startService(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env['PATH'] ?? '', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (c: Buffer) => output.push(c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => output.push(c.toString('utf8')));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, output, exited };
}

/** The banner's GraphQL URL and its "one task of each provider" ids, once the banner is complete. */
async function readBanner(s: Started): Promise<{ url: string; ids: string[] }> {
  const parse = () => {
    const text = s.output.join('');
    const url = /GraphQL \(HTTP and WebSocket\): (\S+)/.exec(text)?.[1];
    const line = /^\s*subscription \{ exportTaskUpdates\(ids: \[(.*)\]\)/m.exec(text)?.[1];
    if (!url || !line) return undefined;
    return { url: url.replace('//localhost:', '//127.0.0.1:'), ids: JSON.parse(`[${line}]`) as string[] };
  };
  return within(
    20 * SEC,
    'the demo banner',
    new Promise((resolve, reject) => {
      const check = () => {
        const banner = parse();
        if (banner) {
          s.child.stdout!.off('data', check);
          resolve(banner);
        }
      };
      s.child.stdout!.on('data', check);
      void s.exited.then((code) => reject(new Error(`the service exited (${code}) before its banner:\n${s.output.join('')}`)));
      check();
    }),
    () => s.output.join(''),
  );
}

interface Observation {
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly tasks: ReadonlyArray<{ readonly id: string; readonly status: string; readonly progress: number | null }>;
}

const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

/**
 * The acceptance of the demo loop against the real process: with EXPORTS_DEMO_SPEED=60 (a simulated
 * minute per second), the banner's four tasks (6 to 10 minutes long, starting again every 27) are all
 * finished 15 s after start-up and all RUNNING again around 30 s. Times are measured from the spawn
 * (before the simulated clock's origin) and from the banner (after it), so that a slow start-up on a busy
 * machine widens what is accepted rather than failing the test.
 */
describe('the demo keeps moving: `npm start` with EXPORTS_DEMO_SPEED=60', () => {
  let service: Started | undefined;

  beforeAll(() => ensureBuilt(), BUILD_TIMEOUT_MS);
  afterEach(async () => {
    const s = service;
    service = undefined;
    if (s && s.child.exitCode === null && s.child.signalCode === null) {
      s.child.kill('SIGKILL');
      await s.exited;
    }
  });

  it('finishes the banner tasks by 15 s and runs them again, from the start, around 30 s', async () => {
    const spawnedAt = Date.now();
    service = startService({ EXPORTS_DEMO_SPEED: '60' });
    const { url, ids } = await readBanner(service);
    const bannerAt = Date.now();
    expect(ids).toHaveLength(4);
    expect(ids.map((id) => id.slice(0, id.indexOf(':')))).toEqual([...PROVIDER_IDS]);
    expect(service.output.join('')).toContain('EXPORTS_DEMO_SPEED=60: the emulated tasks run 60 times faster');

    const observe = async (): Promise<Observation> => {
      const sentAt = Date.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query ($ids: [ID!]!) { exportTasks(ids: $ids) { id status progress } }', variables: { ids } }),
        signal: AbortSignal.timeout(10 * SEC),
      });
      const body = (await res.json()) as { data?: { exportTasks: Observation['tasks'] }; errors?: unknown };
      if (res.status !== 200 || body.errors) throw new Error(`query failed: ${res.status} ${JSON.stringify(body)}`);
      return { sentAt, receivedAt: Date.now(), tasks: body.data!.exportTasks };
    };
    const since = (o: Observation) => ({
      sinceSpawnMs: [o.sentAt - spawnedAt, o.receivedAt - spawnedAt],
      sinceBannerMs: [o.sentAt - bannerAt, o.receivedAt - bannerAt],
      tasks: o.tasks.map((t) => `${t.status} ${t.progress}`),
    });

    // 15 s after the banner: 15 simulated minutes at least, and at most 15 plus the start-up's own minutes,
    // well short of the restart at 27.
    await sleepUntil(bannerAt + 15 * SEC);
    const at15 = await observe();
    explained(
      () => since(at15),
      () => expect(at15.tasks.map((t) => [t.id, FINAL.has(t.status)])).toEqual(ids.map((id) => [id, true])),
    );

    // Then: poll until all four are RUNNING together, and on until they no longer are (or 45 s).
    await sleepUntil(bannerAt + 20 * SEC);
    const seen: Observation[] = [];
    const allRunning = (o: Observation) => o.tasks.every((t) => t.status === 'RUNNING');
    while (Date.now() < bannerAt + 45 * SEC) {
      const o = await observe();
      seen.push(o);
      const first = seen.find(allRunning);
      if (first && !allRunning(o)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const firstIndex = seen.findIndex(allRunning);
    const running = seen.slice(firstIndex).filter(allRunning);
    explained(
      () => seen.map(since),
      () => {
        expect(firstIndex).toBeGreaterThan(-1);
        // Until then, each was final or already running again, never back to anything else.
        for (const o of seen.slice(0, firstIndex))
          for (const t of o.tasks) expect(FINAL.has(t.status) || t.status === 'RUNNING').toBe(true);
        const first = seen[firstIndex]!;
        // Not before 27 simulated minutes after start-up (the spawn came earlier), and soon after 27 s from
        // the banner (which came later): a terminal state is cached 1 s, the poll is every 0.2 s, a query's own latency.
        expect(first.receivedAt - spawnedAt).toBeGreaterThanOrEqual(26 * SEC);
        expect(first.sentAt - bannerAt).toBeLessThanOrEqual(31 * SEC);
        // A new run: from the start again (1 simulated minute is 10% of the longest, 17% of the shortest).
        for (const t of first.tasks) if (t.progress !== null) expect(t.progress).toBeLessThan(50);
        // And all four stay running for seconds (the shortest runs 6 simulated minutes), across the 30 s mark
        // of the restart (27 s plus 3).
        expect(running[running.length - 1]!.sentAt - first.receivedAt).toBeGreaterThanOrEqual(2 * SEC);
      },
    );

    service.child.kill('SIGTERM');
    expect(await within(15 * SEC, 'the service to stop on SIGTERM', service.exited)).toBe(0);
  }, 90_000);

  it.each(['fast', '0', '-5', '100000'])('refuses EXPORTS_DEMO_SPEED=%s at start-up, naming the variable', async (value) => {
    service = startService({ EXPORTS_DEMO_SPEED: value });
    const code = await within(20 * SEC, 'the service to exit', service.exited, () => service?.output.join(''));
    const output = service.output.join('');
    expect(code).toBe(1);
    expect(output).toContain(
      `Configuration error in the environment:\n  EXPORTS_DEMO_SPEED: expected a number greater than 0 and at most 1000`,
    );
    expect(output).toContain(`"path":"EXPORTS_DEMO_SPEED"`);
    expect(output).toContain(`but got "${value}"`);
    expect(output).not.toContain('DEMO MODE');
  });
});

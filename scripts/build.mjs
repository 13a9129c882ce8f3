// The build: `tsc -p tsconfig.build.json` (dist/src, dist/scripts, dist/bench) and the playground
// (playground/build.mjs: dist/playground, dist/playground-operations), side by side. Each part records
// its success in a stamp (scripts/build-freshness.cjs, the rule the tests' ensureBuilt() uses too).
//   node scripts/build.mjs                         both parts (`npm run build`)
//   node scripts/build.mjs --if-stale              only the parts whose inputs changed since their last build (`npm start`)
//   node scripts/build.mjs playground              one part only (`npm run build:playground`; with --if-stale, the tests' global setup)
// Needs the dev dependencies (typescript, esbuild); the built service does not (see the README, "Running in production").
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import freshness from './build-freshness.cjs';

const { DIST, PARTS, ROOT, isFresh, recordBuild } = freshness;

function runTsc() {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) throw new Error('typescript is not installed (an install without dev dependencies?): run `npm ci` first');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`tsc -p tsconfig.build.json failed (${code ?? signal})`)),
    );
  });
}

async function runPlayground() {
  const { buildPlayground } = await import('../playground/build.mjs');
  await buildPlayground();
}

const BUILDERS = { tsc: runTsc, playground: runPlayground };

/** Builds `parts` (all when empty); with `ifStale`, only those not fresh. Returns what was built, with times. */
export async function build({ ifStale = false, parts = [] } = {}) {
  const chosen = parts.length > 0 ? parts : Object.keys(PARTS);
  const todo = chosen.filter((p) => !ifStale || !isFresh(p));
  mkdirSync(DIST, { recursive: true });
  return Promise.all(
    todo.map(async (part) => {
      const started = new Date();
      rmSync(PARTS[part].stamp, { force: true });
      await BUILDERS[part]();
      recordBuild(part, started);
      return { part, ms: Date.now() - started.getTime() };
    }),
  );
}

if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  const args = process.argv.slice(2);
  const ifStale = args.includes('--if-stale');
  const parts = args.filter((a) => !a.startsWith('--'));
  const unknown = parts.filter((p) => !(p in PARTS));
  if (unknown.length > 0) {
    process.stderr.write(`build: unknown part ${unknown.join(', ')} (expected ${Object.keys(PARTS).join(', ')})\n`);
    process.exit(2);
  }
  const started = Date.now();
  build({ ifStale, parts }).then(
    (built) => {
      if (built.length > 0)
        process.stderr.write(
          `build: ${built.map((b) => `${b.part} ${(b.ms / 1000).toFixed(1)} s`).join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
        );
    },
    (e) => {
      process.stderr.write(`build failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}

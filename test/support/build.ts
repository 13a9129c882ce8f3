import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { DIST, isAfterInputs as isAfter, mtimeOf, PARTS, recordBuild, ROOT } from '../../scripts/build-freshness.cjs';

/**
 * `dist/` for the suites that run the service as real processes (`node dist/src/main.js`, as
 * `npm start` does): replicas against Redis, SIGTERM shutdown, the production install. Only they pay
 * for `tsc`; every other suite runs the TypeScript sources through @swc/jest and never waits for a build.
 *
 * `ensureBuilt()` compiles (`tsc -p tsconfig.build.json`, the tsc part of `npm run build`) unless the
 * tsc part is fresh by the rule `npm start` uses too (scripts/build-freshness.cjs): its stamp, written
 * by the last successful build of either, is newer than every file and directory under src/, scripts/
 * and bench/ and the tsconfig files. Jest workers starting together build once: the first to create
 * the lock directory (mkdir is atomic) compiles, the others wait for it to go and then find the stamp
 * fresh. A lock left by a killed build is cleared once its process is gone.
 */

/** Written after a successful build; its mtime is when that build started. */
const STAMP = PARTS.tsc.stamp;
/** Written after a failed build (tsc's output); its mtime is when that build started. */
const FAILED = join(DIST, '.tsc-build-failed');
/** Held (exists) while one process builds; `owner` inside names its pid. */
const LOCK = join(DIST, '.tsc-build-lock');

/** Enough for `tsc` on a busy machine (about 5 s alone, several times that under load), and the wait for another worker's build. */
export const BUILD_TIMEOUT_MS = 180_000;
/** A lock older than this is left over from a build that never finished (its process killed with the machine, say). */
const STALE_LOCK_MS = 10 * 60_000;

/** Whether a build started after the newest change to the tsc part's inputs produced `marker`. */
const isAfterInputs = (marker: string): boolean => isAfter(marker, PARTS.tsc.inputs);

function tryLock(): boolean {
  mkdirSync(DIST, { recursive: true });
  try {
    mkdirSync(LOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  writeFileSync(join(LOCK, 'owner'), String(process.pid));
  return true;
}

function unlock(): void {
  rmSync(LOCK, { recursive: true, force: true });
}

/** Who holds the lock: its pid (undefined while it is being written), whether that process is alive, and the lock's age. */
function lockHolder(): { pid: number | undefined; alive: boolean; ageMs: number } | undefined {
  const at = mtimeOf(LOCK);
  if (at === undefined) return undefined;
  let pid: number | undefined;
  try {
    pid = Number(readFileSync(join(LOCK, 'owner'), 'utf8')) || undefined;
  } catch {
    pid = undefined;
  }
  let alive = true;
  if (pid !== undefined) {
    try {
      process.kill(pid, 0);
    } catch (e) {
      alive = (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
  return { pid, alive, ageMs: Date.now() - at };
}

/**
 * Clears a lock whose holder is gone. It is renamed aside first, so that of two processes noticing
 * it only one removes it; if what was renamed turns out to be a newer lock (taken meanwhile by a live
 * process), it is put back.
 */
function clearStaleLock(): void {
  const holder = lockHolder();
  if (!holder || (holder.alive && holder.ageMs < STALE_LOCK_MS)) return;
  if (holder.pid === undefined && holder.ageMs < 5000) return; // its owner file is still being written
  const aside = `${LOCK}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(LOCK, aside);
  } catch {
    return; // someone else cleared it
  }
  let owner: number | undefined;
  try {
    owner = Number(readFileSync(join(aside, 'owner'), 'utf8')) || undefined;
  } catch {
    owner = undefined;
  }
  if (owner !== holder.pid) {
    try {
      renameSync(aside, LOCK);
      return;
    } catch {
      // the lock was taken again meanwhile: the one renamed aside is finished with either way
    }
  }
  rmSync(aside, { recursive: true, force: true });
}

function runTsc(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`tsc -p tsconfig.build.json failed:\n${stdout}${stderr}`)) : resolve()),
    );
  });
}

/** Compiles, and records the outcome with the build's start time. */
async function build(): Promise<void> {
  const started = new Date();
  rmSync(STAMP, { force: true });
  rmSync(FAILED, { force: true });
  try {
    await runTsc();
  } catch (e) {
    writeFileSync(FAILED, (e as Error).message);
    utimesSync(FAILED, started, started);
    throw e;
  }
  recordBuild('tsc', started);
}

/**
 * Makes `dist/` current for the sources (see above). Call it in `beforeAll` with `BUILD_TIMEOUT_MS`.
 * Throws tsc's errors when the build fails (also in the workers that waited for it).
 */
export async function ensureBuilt(): Promise<void> {
  // Short of jest's timeout for the hook, so that this message, naming the lock's holder, is the one seen.
  const deadline = Date.now() + BUILD_TIMEOUT_MS - 10_000;
  for (;;) {
    if (isAfterInputs(STAMP)) return;
    // A build of these very inputs just failed (in this jest run, most likely): its errors, not another build.
    if (isAfterInputs(FAILED) && Date.now() - mtimeOf(FAILED)! < BUILD_TIMEOUT_MS) throw new Error(readFileSync(FAILED, 'utf8'));
    if (tryLock()) {
      try {
        // Another worker may have finished between the check and the lock.
        if (isAfterInputs(STAMP)) return;
        await build();
        return;
      } finally {
        unlock();
      }
    }
    clearStaleLock();
    if (Date.now() > deadline) {
      throw new Error(`dist/ was not built in time; the build lock ${LOCK} is held by ${JSON.stringify(lockHolder())}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

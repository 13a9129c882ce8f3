import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `dist/` for the suites that run the service as real processes (`node dist/src/main.js`, as
 * `npm start` does): replicas against Redis, SIGTERM shutdown. Only they pay for `tsc`; every other
 * suite runs the TypeScript sources through @swc/jest and never waits for a build.
 *
 * `ensureBuilt()` compiles (`tsc -p tsconfig.build.json`, the tsc step of `npm run build`) unless
 * the last build it made is newer than every file and directory under src/, scripts/ and bench/
 * and the tsconfig files: a cheap mtime walk, and never stale code, since any edit (or an added,
 * removed or renamed file, which changes its directory's mtime) after that build started means a
 * new one. Jest workers starting together build once: the first to create the lock directory
 * (mkdir is atomic) compiles, the others wait for it to go and then find the stamp fresh. A lock
 * left by a killed build is cleared once its process is gone. A dist/ made by `npm run build`
 * (which writes no stamp) is compiled again once.
 */

const ROOT = join(__dirname, '../..');
const DIST = join(ROOT, 'dist');
/** Written after a successful build; its mtime is when that build started. */
const STAMP = join(DIST, '.tsc-build-stamp');
/** Written after a failed build (tsc's output); its mtime is when that build started. */
const FAILED = join(DIST, '.tsc-build-failed');
/** Held (exists) while one process builds; `owner` inside names its pid. */
const LOCK = join(DIST, '.tsc-build-lock');
const INPUTS = ['src', 'scripts', 'bench', 'tsconfig.json', 'tsconfig.build.json'].map((p) => join(ROOT, p));

/** Enough for `tsc` on a busy machine (about 5 s alone, several times that under load), and the wait for another worker's build. */
export const BUILD_TIMEOUT_MS = 180_000;
/** A lock older than this is left over from a build that never finished (its process killed with the machine, say). */
const STALE_LOCK_MS = 10 * 60_000;

/** The newest mtime (ms) of `path` and, for a directory, of everything in it. */
function newestMtime(path: string): number {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  let newest = st.mtimeMs;
  if (st.isDirectory()) {
    for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** The mtime (ms) of `file`, or undefined when it does not exist. */
const mtimeOf = (file: string): number | undefined => statSync(file, { throwIfNoEntry: false })?.mtimeMs;

/** Whether a build started after the newest input change produced `marker`. */
function isAfterInputs(marker: string): boolean {
  const at = mtimeOf(marker);
  return at !== undefined && at > Math.max(...INPUTS.map(newestMtime));
}

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
  writeFileSync(STAMP, `${started.toISOString()}\n`);
  utimesSync(STAMP, started, started);
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

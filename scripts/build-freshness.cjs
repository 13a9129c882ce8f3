'use strict';
// The one staleness rule of the build, shared by scripts/build.mjs (`npm run build`, `npm start`), the
// tests' ensureBuilt() (test/support/build.ts) and their global setup. Plain CommonJS, so that it runs
// before anything is compiled and loads both from an ES module and from jest.
//
// Each part of the build records its success in a stamp file whose mtime is when that build started.
// A part is fresh when its stamp is newer than every file and directory of its inputs: a cheap mtime
// walk, and never stale output, since any edit (or an added, removed or renamed file, which changes
// its directory's mtime) after that build started means a new one.
const { readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');

/** The parts of `npm run build`: what each reads and where it records its last successful build. */
const PARTS = {
  /** `tsc -p tsconfig.build.json`: dist/src, dist/scripts, dist/bench. */
  tsc: {
    stamp: join(DIST, '.tsc-build-stamp'),
    inputs: ['src', 'scripts', 'bench', 'tsconfig.json', 'tsconfig.build.json'].map((p) => join(ROOT, p)),
  },
  /** playground/build.mjs: dist/playground (served; the playground and the progress board of examples/), dist/playground-operations (its tabs), dist/playground-licenses. */
  playground: {
    stamp: join(DIST, '.playground-build-stamp'),
    inputs: ['playground', 'schema/operations', 'examples', 'src/generated', 'package-lock.json'].map((p) => join(ROOT, p)),
  },
};

/** The newest mtime (ms) of `path` and, for a directory, of everything in it; 0 when it does not exist. */
function newestMtime(path) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  let newest = st.mtimeMs;
  if (st.isDirectory()) for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** The mtime (ms) of `file`, or undefined when it does not exist. */
function mtimeOf(file) {
  return statSync(file, { throwIfNoEntry: false })?.mtimeMs;
}

/** Whether `marker` was written by a build that started after the newest change to `inputs`. */
function isAfterInputs(marker, inputs) {
  const at = mtimeOf(marker);
  return at !== undefined && at > Math.max(...inputs.map(newestMtime));
}

/** Whether the part's last successful build is newer than all its inputs. */
function isFresh(part) {
  return isAfterInputs(PARTS[part].stamp, PARTS[part].inputs);
}

/** Records a successful build of `part` that started at `started` (a Date). */
function recordBuild(part, started) {
  const { stamp } = PARTS[part];
  writeFileSync(stamp, `${started.toISOString()}\n`);
  utimesSync(stamp, started, started);
}

module.exports = { ROOT, DIST, PARTS, newestMtime, mtimeOf, isAfterInputs, isFresh, recordBuild };

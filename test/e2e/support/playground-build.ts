import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { isFresh } from '../../../scripts/build-freshness.cjs';

/** The project root. */
export const ROOT = join(__dirname, '..', '..', '..');
/** Where `playground/build.mjs` writes the assets the service serves. */
export const ASSETS_DIR = join(ROOT, 'dist', 'playground');

/**
 * Builds the playground's assets and tabs (dist/playground, dist/playground-operations) when their
 * inputs changed since the last build (the rule of `npm start`, scripts/build-freshness.cjs). The
 * tests' global setup calls it once per jest run; about two seconds with esbuild when needed.
 */
export function ensurePlaygroundBuilt(): void {
  if (isFresh('playground')) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale', 'playground'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The project root. */
export const ROOT = join(__dirname, '..', '..', '..');
/** Where `playground/build.mjs` writes the assets the service serves. */
export const ASSETS_DIR = join(ROOT, 'dist', 'playground');

/**
 * Builds the playground's assets (with the progress board's) when they are missing (a fresh clone
 * running jest directly; `npm test` builds them first in `pretest`). About two seconds with esbuild.
 */
export function ensurePlaygroundBuilt(): void {
  if (existsSync(join(ASSETS_DIR, 'playground.js')) && existsSync(join(ASSETS_DIR, 'board.js'))) return;
  execFileSync(process.execPath, [join(ROOT, 'playground', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
}

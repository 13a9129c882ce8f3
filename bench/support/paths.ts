import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (this file runs from `dist/bench/support`). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Where results are written (gitignored). */
export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');

/** A compiled bench script, e.g. `script('server/service-process')`. */
export function script(name: string): string {
  return join(__dirname, '..', `${name}.js`);
}

/**
 * An operation exactly as frontends start from it (`schema/operations/NAME.graphql`) with the
 * `ExportTaskFields` fragment appended.
 */
export function operation(name: string): string {
  return `${readOperation(name)}\n${exportTaskFields()}`;
}

/** The `ExportTaskFields` fragment of `schema/operations`. */
export function exportTaskFields(): string {
  return readOperation('export-task-fields');
}

function readOperation(name: string): string {
  return readFileSync(join(REPO_ROOT, 'schema', 'operations', `${name}.graphql`), 'utf8');
}

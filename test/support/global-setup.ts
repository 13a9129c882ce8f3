import { ensurePlaygroundBuilt } from '../e2e/support/playground-build';

/**
 * Once per jest run, before any worker: the playground's assets and tabs, which every service the
 * suites start serves (and without which it does not start), rebuilt only when their inputs changed.
 */
export default function globalSetup(): void {
  ensurePlaygroundBuilt();
}

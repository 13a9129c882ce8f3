import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Compiles the service once before the suite: the tests that run it as real processes (replicas
 * against Redis, SIGTERM shutdown) start `node dist/src/main.js`, exactly as `npm start` does.
 */
export default function globalSetup(): void {
  const root = join(__dirname, '../..');
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: 'inherit',
  });
}

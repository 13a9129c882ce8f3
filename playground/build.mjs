// Builds the playground (GraphiQL from npm, no CDN) into static assets the service serves:
//   dist/playground/playground.js, playground.css   the page's script (ES module) and styles
//   dist/playground/{editor,json,graphql}.worker.js Monaco's web workers (classic scripts)
//   dist/playground/board.js, board.css             the progress board (examples/progress-board), GET /board
//   dist/playground-operations/*.graphql            schema/operations copied: the page's ready tabs (read at start)
//   dist/playground-licenses/*.LEGAL.txt            the bundled packages' license comments (not served)
// Run by `npm run build` (scripts/build.mjs, so `npm start` when its inputs changed) and by the tests'
// global setup; `node playground/build.mjs [outdir]`.
import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds every asset into `outdir` (default `dist/playground`), replacing what was there. */
export async function buildPlayground(outdir = join(root, 'dist', 'playground')) {
  const started = Date.now();
  const licenses = join(dirname(outdir), 'playground-licenses');
  const operations = join(dirname(outdir), 'playground-operations');
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const common = {
    absWorkingDir: root,
    bundle: true,
    minify: true,
    target: ['chrome110', 'firefox110', 'safari16'],
    legalComments: 'external',
    logLevel: 'warning',
    define: {
      'process.env.NODE_ENV': '"production"',
      // @graphiql/toolkit chooses between require() and import() of graphql-ws by this variable.
      'process.env.USE_IMPORT': '"true"',
    },
    outdir,
  };
  const worker = (name, entry) => ({ in: entry, out: `${name}.worker` });
  await Promise.all([
    build({
      ...common,
      entryPoints: [{ in: 'playground/src/main.tsx', out: 'playground' }],
      format: 'esm',
      jsx: 'automatic',
      loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'dataurl', '.png': 'dataurl' },
      assetNames: '[name]-[hash]',
    }),
    build({
      ...common,
      entryPoints: [{ in: 'examples/progress-board/src/main.tsx', out: 'board' }],
      format: 'esm',
      jsx: 'automatic',
    }),
    build({
      ...common,
      entryPoints: [
        worker('editor', 'monaco-editor/esm/vs/editor/editor.worker.js'),
        worker('json', 'monaco-editor/esm/vs/language/json/json.worker.js'),
        worker('graphql', 'monaco-graphql/esm/graphql.worker.js'),
      ],
      format: 'iife',
    }),
  ]);
  // License texts stay with the build but out of the served directory.
  await rm(licenses, { recursive: true, force: true });
  await mkdir(licenses, { recursive: true });
  for (const f of await readdir(outdir)) if (f.endsWith('.LEGAL.txt')) await rename(join(outdir, f), join(licenses, f));
  // The operations the page offers as tabs, so that the build output alone serves the playground.
  await rm(operations, { recursive: true, force: true });
  await mkdir(operations, { recursive: true });
  const source = join(root, 'schema', 'operations');
  for (const f of await readdir(source)) if (f.endsWith('.graphql')) await copyFile(join(source, f), join(operations, f));
  return { outdir, ms: Date.now() - started };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = process.argv[2] ? resolve(process.argv[2]) : undefined;
  buildPlayground(target).then(
    ({ outdir, ms }) => process.stdout.write(`playground built into ${outdir} in ${ms} ms\n`),
    (e) => {
      process.stderr.write(`playground build failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}

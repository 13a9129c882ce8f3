import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One built file, held in memory. */
export interface PlaygroundAsset {
  readonly body: Buffer;
  /** Gzipped body, made on first request that accepts it. */
  gzipped?: Buffer;
  readonly contentType: string;
  /** Strong validator: the body's SHA-256, quoted. */
  readonly etag: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * The directory the playground build (`playground/build.mjs`) writes to: `dist/playground` under the
 * project root, found by walking up from this file to the nearest `package.json` (the same from
 * `src/` under jest, from `dist/src/` when started, and in a deployment's folder holding dist/ and
 * package.json).
 */
export function defaultAssetsDir(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`playground: no package.json above ${from}`);
    dir = up;
  }
  return join(dir, 'dist', 'playground');
}

/**
 * The files of the playground build the page cannot work without: its script and styles, and the
 * Monaco workers the script starts, and the progress board's script and styles (names fixed by
 * playground/build.mjs).
 */
export const REQUIRED_ASSETS: readonly string[] = [
  'playground.js',
  'playground.css',
  'editor.worker.js',
  'json.worker.js',
  'graphql.worker.js',
  'board.js',
  'board.css',
];

/** How to get a playground build, for the start-up errors below. */
export const BUILD_HINT =
  'run `npm run build` (a deployment needs all of its dist/, see the README, "Running in production"), or turn the playground off with "server": { "playground": false }';

/**
 * Loads every file of the built playground (a few MB) into memory, keyed by file name. Throws at
 * start-up, naming the directory and the missing files, when the build is not there or incomplete,
 * rather than failing the first browser that asks.
 */
export function loadPlaygroundAssets(dir: string): ReadonlyMap<string, PlaygroundAsset> {
  const missing = REQUIRED_ASSETS.filter((name) => !statSync(join(dir, name), { throwIfNoEntry: false })?.isFile());
  if (missing.length > 0) throw new Error(`playground: its built assets are missing from ${dir} (no ${missing.join(', ')}): ${BUILD_HINT}`);
  const assets = new Map<string, PlaygroundAsset>();
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (!statSync(file).isFile()) continue;
    const body = readFileSync(file);
    const contentType = TYPES[extname(name)] ?? 'application/octet-stream';
    assets.set(name, { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url')}"` });
  }
  return assets;
}

/** The asset's body for a client that accepts `acceptEncoding`: gzip for text when accepted. */
export function encodedBody(asset: PlaygroundAsset, acceptEncoding: string | undefined): { body: Buffer; gzip: boolean } {
  const compressible = asset.contentType.startsWith('text/') || asset.contentType === 'font/ttf';
  if (!compressible || !acceptEncoding || !/\bgzip\b/i.test(acceptEncoding)) return { body: asset.body, gzip: false };
  asset.gzipped ??= gzipSync(asset.body);
  return { body: asset.gzipped, gzip: true };
}

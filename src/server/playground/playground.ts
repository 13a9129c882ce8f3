import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';

import { boardConfig, renderBoardPage } from './board-page';
import { BUILD_HINT, defaultAssetsDir, encodedBody, loadPlaygroundAssets } from './playground-assets';
import { PLAYGROUND_CSP, renderPlaygroundPage } from './playground-page';
import { headerText, playgroundTabs, type TabOptions } from './playground-tabs';
import { prefersHtml } from './prefers-html';

/** Options of `createPlayground`. */
export interface PlaygroundOptions extends TabOptions {
  /** The built assets; default `dist/playground` (see `defaultAssetsDir`). */
  readonly assetsDir?: string;
  /**
   * The operations shown as tabs; default `dist/playground-operations` next to the assets, the copy
   * of `schema/operations` the playground build makes (so that dist/ alone serves the playground).
   */
  readonly operationsDir?: string;
}

/** The playground's HTTP routes. */
export interface Playground {
  /**
   * Serves the page (`GET /graphql` preferring HTML), the progress board (`GET /board`) or an asset
   * (`GET /playground/<file>`) and returns true; returns false, without touching the response, for anything else.
   */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
}

/** Path under which the assets are served (the page refers to them relative to `/graphql`). */
export const ASSETS_PREFIX = '/playground/';

/** Path of the progress board (examples/progress-board), served with the playground. */
export const BOARD_PATH = '/board';

/**
 * GraphiQL on `GET /graphql` from a browser, built from npm packages into the service's own assets
 * (`playground/build.mjs`), with the operations of `schema/operations/` as ready tabs. Assets are
 * loaded into memory once; the page is rendered once. Throws, saying how to build them, when the
 * assets or the operations are missing: the service then does not start.
 */
export function createPlayground(options: PlaygroundOptions): Playground {
  const assetsDir = options.assetsDir ?? defaultAssetsDir();
  const operationsDir = options.operationsDir ?? join(dirname(assetsDir), 'playground-operations');
  const assets = loadPlaygroundAssets(assetsDir);
  const tabs = existsSync(operationsDir) ? playgroundTabs(operationsDir, options) : [];
  if (tabs.length === 0) throw new Error(`playground: no operations (*.graphql) in ${operationsDir} for its tabs: ${BUILD_HINT}`);
  const pageBody = Buffer.from(renderPlaygroundPage({ tabs, headers: headerText(options) }), 'utf8');
  const boardBody = Buffer.from(renderBoardPage(boardConfig(options)), 'utf8');
  const sendPage = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    req.resume();
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': body.length,
      'cache-control': 'no-store',
      'content-security-policy': PLAYGROUND_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };

  return {
    handle(req, res, url) {
      if (url.pathname === '/graphql' && prefersHtml(req)) return sendPage(req, res, pageBody);
      if (url.pathname === BOARD_PATH && (req.method === 'GET' || req.method === 'HEAD')) return sendPage(req, res, boardBody);
      if (!url.pathname.startsWith(ASSETS_PREFIX) || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
      const asset = assets.get(url.pathname.slice(ASSETS_PREFIX.length));
      if (!asset) return false;
      req.resume();
      if (req.headers['if-none-match'] === asset.etag) {
        res.writeHead(304, { etag: asset.etag, 'cache-control': 'no-cache' });
        res.end();
        return true;
      }
      const { body, gzip } = encodedBody(asset, req.headers['accept-encoding']);
      res.writeHead(200, {
        'content-type': asset.contentType,
        'content-length': body.length,
        etag: asset.etag,
        // Revalidated each load (cheap: 304), so a rebuilt playground is picked up at once.
        'cache-control': 'no-cache',
        vary: 'accept-encoding',
        'x-content-type-options': 'nosniff',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    },
  };
}

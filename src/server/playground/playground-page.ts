import type { PlaygroundTab } from './playground-tabs';

/** What the page tells the browser script (read by playground/src/config.ts). */
export interface PageConfig {
  readonly tabs: readonly PlaygroundTab[];
  readonly headers: string;
}

/**
 * The Content-Security-Policy of the page: everything from the service itself (scripts, workers,
 * styles, fonts, HTTP and WebSocket connections), nothing from anywhere else. Inline styles are
 * allowed because Monaco sets them at run time; inline scripts are not (the config is a JSON data
 * block, which is never executed).
 */
export const PLAYGROUND_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The playground's HTML. Asset paths are relative (`playground/...` next to `/graphql`), so the page
 * also works behind a proxy that mounts the service under a path prefix.
 */
export function renderPlaygroundPage(config: PageConfig): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Cloud export tasks · GraphiQL</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="playground/playground.css" />
    <script type="module" src="playground/playground.js"></script>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script type="application/json" id="playground-config">${jsonForHtml(config)}</script>
  </body>
</html>
`;
}

// JSON inside <script>: `<` escaped so no `</script>` or `<!--` can end or alter the block.
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

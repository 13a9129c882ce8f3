/**
 * What the service injects into the page (a `<script type="application/json" id="board-config">` block
 * rendered by src/server/playground/board-page.ts). A copy of this board served from elsewhere can
 * write the same block itself, or leave it out: then auth is assumed on and there are no demo tasks.
 */
export interface BoardConfig {
  /** Demo mode: no key needed, and the demo tasks are shown when the URL names none. */
  readonly demo: boolean;
  /** Whether the service wants `Authorization: Bearer <key>`. */
  readonly auth: boolean;
  /** Global ids of the demo tasks. */
  readonly demoTaskIds: readonly string[];
}

/** The configuration from the text of the page's `#board-config` block (none: auth on, no demo tasks). */
export function readBoardConfig(text: string | null | undefined): BoardConfig {
  if (!text) return { demo: false, auth: true, demoTaskIds: [] };
  return JSON.parse(text) as BoardConfig;
}

/** How subscriptions travel: a WebSocket (graphql-ws), or HTTP multipart where WebSockets are blocked. */
export type Transport = 'websocket' | 'http';

/** The transport asked for: `auto` (the WebSocket, HTTP when it cannot be opened), or one forced. */
export type TransportChoice = 'auto' | Transport;

/** What the page's URL asks for: `?ids=a,b` (or `ids` repeated) and `?transport=http` or `?transport=ws`. */
export interface BoardLocation {
  readonly ids: readonly string[];
  readonly transport: TransportChoice;
}

const TRANSPORT_PARAM: Readonly<Record<string, Transport>> = { http: 'http', ws: 'websocket' };
const PARAM_OF: Readonly<Record<TransportChoice, string | undefined>> = { auto: undefined, http: 'http', websocket: 'ws' };

/** At most this many ids from a URL: the service's default limit per operation. */
export const MAX_IDS = 100;

/** Parses the board's URL; ids are trimmed, de-duplicated and capped at `MAX_IDS`. */
export function readLocation(search: string): BoardLocation {
  const params = new URLSearchParams(search);
  const ids = params
    .getAll('ids')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
  const transport = TRANSPORT_PARAM[params.get('transport') ?? ''] ?? 'auto';
  return { ids: [...new Set(ids)].slice(0, MAX_IDS), transport };
}

/** The URL query naming `ids`, for `history.replaceState` when tasks are picked. */
export function searchFor(ids: readonly string[], transport: TransportChoice): string {
  const params = new URLSearchParams();
  if (ids.length > 0) params.set('ids', ids.join(','));
  const forced = PARAM_OF[transport];
  if (forced) params.set('transport', forced);
  const s = params.toString();
  return s ? `?${s}` : '';
}

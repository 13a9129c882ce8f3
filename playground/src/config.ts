/** One ready tab: GraphiQL's `TabDefinition`. */
export interface PlaygroundTab {
  readonly query: string;
  /** JSON text of the variables editor. */
  readonly variables?: string;
  /** JSONC text of the header editor. */
  readonly headers?: string;
}

/**
 * What the service injects into the page (a `<script type="application/json" id="playground-config">`
 * block rendered by src/server/playground/playground-page.ts): the ready tabs and the header text.
 */
export interface PlaygroundConfig {
  /** One tab per operation of schema/operations/, with its fragments and example variables. */
  readonly tabs: readonly PlaygroundTab[];
  /** The header editor's text of a new tab (JSONC: comments allowed). */
  readonly headers: string;
}

/** Reads the injected configuration; a page without it gets one empty tab. */
export function readConfig(doc: Document): PlaygroundConfig {
  const text = doc.getElementById('playground-config')?.textContent;
  if (!text) return { tabs: [], headers: '' };
  return JSON.parse(text) as PlaygroundConfig;
}

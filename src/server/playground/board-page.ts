import { demoTasks } from '../../demo/demo-tasks';
import { taskGlobalId } from '../../domain/export-task';
import { PROVIDER_IDS } from '../../domain/provider-id';
import { jsonForHtml } from './playground-page';
import type { TabOptions } from './playground-tabs';

/** What the service tells the progress board (read by examples/progress-board/src/board-config.ts). */
export interface BoardConfig {
  /** Demo mode: auth is off and the board shows the demo tasks when the URL names none. */
  readonly demo: boolean;
  /** Whether every request needs an API key (`Authorization: Bearer <key>`). */
  readonly auth: boolean;
  /** Global ids of every demo task (empty outside demo mode). */
  readonly demoTaskIds: readonly string[];
}

/** The board's configuration for a service run with `options`. The demo tasks' ids do not depend on the start time. */
export function boardConfig(options: TabOptions): BoardConfig {
  const tasks = demoTasks(0);
  const demoTaskIds = options.demo ? PROVIDER_IDS.flatMap((p) => tasks[p].map((t) => taskGlobalId(p, t.id))) : [];
  return { demo: options.demo, auth: options.auth, demoTaskIds };
}

/**
 * The progress board's HTML (`GET /board`): the example React app of examples/progress-board, built
 * with the playground (`playground/board.js`, relative like the playground's assets) and its config as
 * a JSON data block, escaped so that no value can end the block.
 */
export function renderBoardPage(config: BoardConfig): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Cloud export tasks · Progress board</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="playground/board.css" />
    <script type="module" src="playground/board.js"></script>
  </head>
  <body>
    <main id="board">Loading the progress board…</main>
    <script type="application/json" id="board-config">${jsonForHtml(config)}</script>
  </body>
</html>
`;
}

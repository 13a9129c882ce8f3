import 'graphiql/style.css';
import './playground.css';

import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';

import { readConfig } from './config';
import { EventLog } from './event-log';
import { createPlaygroundFetcher } from './fetcher';
import { setUpMonacoWorkers } from './monaco-workers';
import { PROGRESS_PANE_TITLE, progressPane } from './progress-pane';

setUpMonacoWorkers(import.meta.url);
const config = readConfig(document);
const root = document.getElementById('graphiql');
if (!root) throw new Error('playground: the page has no #graphiql element');

const log = new EventLog();
const fetcher = createPlaygroundFetcher(window.location, log);
const plugins = [progressPane(log)];

// The pane opens when a subscription starts. Through its sidebar button, as a person would: GraphiQL's
// `visiblePlugin` prop selects a plugin but leaves its (collapsed) pane hidden.
log.onStart(() =>
  setTimeout(() =>
    document.querySelector<HTMLButtonElement>(`.graphiql-sidebar button[aria-label="Show ${PROGRESS_PANE_TITLE}"]`)?.click(),
  ),
);

createRoot(root).render(
  <GraphiQL
    fetcher={fetcher}
    defaultTabs={[...config.tabs]}
    defaultHeaders={config.headers}
    defaultEditorToolsVisibility="headers"
    shouldPersistHeaders={false}
    plugins={plugins}
  >
    <GraphiQL.Footer>
      <a href="board" className="playground-board-link">
        Progress board: every task of a subscription, live
      </a>
    </GraphiQL.Footer>
  </GraphiQL>,
);

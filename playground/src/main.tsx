import 'graphiql/style.css';
import './playground.css';

import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';

import { readConfig } from './config';
import { createPlaygroundFetcher } from './fetcher';
import { setUpMonacoWorkers } from './monaco-workers';

setUpMonacoWorkers(import.meta.url);
const config = readConfig(document);
const root = document.getElementById('graphiql');
if (!root) throw new Error('playground: the page has no #graphiql element');

createRoot(root).render(
  <GraphiQL
    fetcher={createPlaygroundFetcher(window.location)}
    defaultTabs={[...config.tabs]}
    defaultHeaders={config.headers}
    defaultEditorToolsVisibility="headers"
    shouldPersistHeaders={false}
  />,
);

import './board.css';

import { createRoot } from 'react-dom/client';

import { readBoardConfig, readLocation } from './board-config';
import { ProgressBoard } from './progress-board';

const root = document.getElementById('board');
if (!root) throw new Error('progress board: the page has no #board element');
// The board is served at /board next to /graphql; relative, so a path prefix in front of both works.
const graphqlUrl = new URL('graphql', window.location.href).href;

createRoot(root).render(
  <ProgressBoard
    config={readBoardConfig(document.getElementById('board-config')?.textContent)}
    location={readLocation(window.location.search)}
    graphqlUrl={graphqlUrl}
  />,
);

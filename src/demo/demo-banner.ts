import { PROVIDER_IDS, type ProviderId } from '../domain/provider-id';
import { DEMO_SPEED_VARIABLE } from './demo-speed';
import { BANNER_LOOP_MS } from './demo-tasks';

/**
 * The start-up text of demo mode: what it is, where to go, and queries to paste with real demo ids;
 * `speed` (`EXPORTS_DEMO_SPEED`) is mentioned when it is not 1.
 */
export function demoBanner(url: string, taskIds: Readonly<Record<ProviderId, readonly string[]>>, speed = 1): string {
  const first = PROVIDER_IDS.map((p) => taskIds[p][0]!);
  const all = PROVIDER_IDS.flatMap((p) => taskIds[p]);
  const q = (ids: readonly string[]) => ids.map((i) => JSON.stringify(i)).join(', ');
  return [
    '',
    '==================================================================================',
    '  DEMO MODE: no config file given (--config FILE or EXPORTS_CONFIG).',
    '  The four provider APIs are EMULATED in-process on loopback; auth is OFF.',
    '  Never run this in production.',
    '==================================================================================',
    '',
    `  GraphQL (HTTP and WebSocket): ${url}`,
    `  Progress board (every demo task, live, in a browser): ${url.replace(/\/graphql$/, '/board')}`,
    '',
    `  Demo tasks start again once finished, under the same id: the four suggested below every ${BANNER_LOOP_MS / 60_000} minutes.`,
    ...(speed === 1
      ? []
      : [
          `  ${DEMO_SPEED_VARIABLE}=${speed}: the emulated tasks run ${speed} times faster than real time (the four start again every ${+(BANNER_LOOP_MS / 1000 / speed).toFixed(1)} s).`,
        ]),
    '',
    '  Try one task (run it twice: progress moves):',
    `    curl -s ${url} -H 'content-type: application/json' \\`,
    `      -d '{"query":"{ exportTask(id: \\"${first[2]}\\") { id status progress estimatedCompletionAt } }"}'`,
    '',
    '  One task of each provider:',
    `    { exportTasks(ids: [${q(first)}]) { id provider { name } status providerStatus progress } }`,
    '',
    '  Every demo task, in every state its provider can report:',
    `    { exportTasks(ids: [${q(all)}]) { id status providerStatus progress fileName failureReason } }`,
    '',
    '  Huawei Workspace tasks as the provider lists them, newest first:',
    '    { provider(id: "huawei-workspace") { exportTasks(first: 10, orderBy: { field: CREATED_AT, direction: DESC }) { totalCount edges { node { id status fileName downloaded } } } } }',
    '',
    '  Providers:',
    '    { providers { id name configured capabilities { listing progress } } }',
    '',
    '  Live progress (WebSocket, graphql-transport-ws):',
    `    subscription { exportTaskUpdates(ids: [${q(first)}]) { id final task { status progress } error { code } } }`,
    '',
  ].join('\n');
}

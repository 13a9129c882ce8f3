import { PROVIDER_IDS, type ProviderId } from '../domain/provider-id';

/** The start-up text of demo mode: what it is, where to go, and queries to paste with real demo ids. */
export function demoBanner(url: string, taskIds: Readonly<Record<ProviderId, readonly string[]>>): string {
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

import WebSocket from 'ws';

/** A graphql-transport-ws socket to the service at `url` (its http(s) GraphQL URL), initialized with `key` and acknowledged. */
export async function openGraphQLSocket(url: string, key: string): Promise<WebSocket> {
  const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } }));
  await new Promise<void>((resolve) => ws.once('message', () => resolve()));
  return ws;
}

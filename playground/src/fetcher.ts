import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { createClient, type Client } from 'graphql-ws';

/** graphql-ws close code of a refused key (CONTRACT.md section 4): retrying cannot help. */
const FORBIDDEN = 4403;

/**
 * The GraphiQL fetcher for this service: HTTP on the page's own path, subscriptions over a WebSocket
 * on the same path (`graphql-transport-ws`, URL derived from `location`). The WebSocket carries the
 * header editor's `Authorization` as `connectionParams.authorization`, which is where the service
 * reads it; one socket per key, replaced when the key changes, and a refused key fails at once
 * instead of being retried.
 */
export function createPlaygroundFetcher(location: Location): Fetcher {
  const subscriptionUrl = new URL(location.pathname, location.href);
  subscriptionUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  let current: { authorization: string | undefined; client: Client; fetcher: Fetcher } | undefined;

  const fetcherFor = (authorization: string | undefined): Fetcher => {
    if (current && current.authorization === authorization) return current.fetcher;
    void current?.client.dispose();
    const client = createClient({
      url: subscriptionUrl.href,
      connectionParams: authorization === undefined ? {} : { authorization },
      lazy: true,
      retryAttempts: 3,
      shouldRetry: (e) => !(e instanceof CloseEvent && e.code === FORBIDDEN),
    });
    current = { authorization, client, fetcher: createGraphiQLFetcher({ url: location.pathname, wsClient: client }) };
    return current.fetcher;
  };

  return (params, opts) => fetcherFor(authorizationOf(opts?.headers))(params, opts);
}

/** The `Authorization` header of the header editor, whatever its case. */
function authorizationOf(headers: Record<string, unknown> | undefined): string | undefined {
  for (const [name, value] of Object.entries(headers ?? {}))
    if (name.toLowerCase() === 'authorization' && typeof value === 'string') return value;
  return undefined;
}

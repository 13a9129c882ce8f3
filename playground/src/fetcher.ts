import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
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

  return (params, opts) => {
    // The toolkit sends an operation over the WebSocket only when GraphiQL hands it the parsed
    // document and the operation's name; right after a tab opens GraphiQL may not have parsed it yet,
    // and a subscription would then go out as an HTTP POST (answered 400). Parse it here instead.
    const documentAST = opts?.documentAST ?? tryParse(params.query);
    const operationName = params.operationName ?? soleOperationName(documentAST);
    const fetcherOpts = { ...opts, ...(documentAST ? { documentAST } : {}) };
    return fetcherFor(authorizationOf(opts?.headers))(operationName ? { ...params, operationName } : params, fetcherOpts);
  };
}

function tryParse(query: string): DocumentNode | undefined {
  try {
    return parse(query);
  } catch {
    return undefined; // GraphiQL shows the syntax error; the service answers it too
  }
}

/** The name of the document's only operation, when it has exactly one. */
function soleOperationName(document: DocumentNode | undefined): string | undefined {
  const operations = (document?.definitions ?? []).filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  return operations.length === 1 ? operations[0]!.name?.value : undefined;
}

/** The `Authorization` header of the header editor, whatever its case. */
function authorizationOf(headers: Record<string, unknown> | undefined): string | undefined {
  for (const [name, value] of Object.entries(headers ?? {}))
    if (name.toLowerCase() === 'authorization' && typeof value === 'string') return value;
  return undefined;
}

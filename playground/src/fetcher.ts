import { createGraphiQLFetcher, type Fetcher, type FetcherParams, type Observable } from '@graphiql/toolkit';
import { type DocumentNode, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { type Client, createClient, type ExecutionResult } from 'graphql-ws';

/** graphql-ws close code of a refused key (README, "Subscribing"): retrying cannot help. */
const FORBIDDEN = 4403;

/** Told of each subscription the fetcher runs (the progress pane's `EventLog`). */
export interface SubscriptionRecorder {
  start(operationName: string | null): void;
  record(result: unknown): void;
  end(): void;
}

/**
 * The GraphiQL fetcher for this service: HTTP on the page's own path, subscriptions over a WebSocket
 * on the same path (`graphql-transport-ws`, URL derived from `location`). The WebSocket carries the
 * header editor's `Authorization` as `connectionParams.authorization`, which is where the service
 * reads it; one socket per key, replaced when the key changes, and a refused key fails at once
 * instead of being retried.
 *
 * The transport and the operation name are decided here from the query text alone, never from the
 * `operationName` and `documentAST` GraphiQL hands over: GraphiQL re-parses the editor 100 ms
 * (debounced) after its text changes, so a Run right after a tab opens (or a keystroke) comes with the
 * name and the parsed document of the previous text. @graphiql/toolkit's own routing trusts them, and
 * sent the subscription of the tab just opened as an HTTP POST named after the previous tab's query
 * (answered 400, "Unknown operation named ..."; 401 with API keys).
 */
export function createPlaygroundFetcher(location: Location, recorder?: SubscriptionRecorder): Fetcher {
  // Without a WebSocket client: it only ever gets what is not a subscription, and no documentAST.
  const http = createGraphiQLFetcher({ url: location.pathname });
  const socketFor = webSockets(location);

  return (params, opts) => {
    const operation = operationToRun(params.query, params.operationName);
    if (operation === undefined) return http(params, { headers: opts?.headers }); // the service reports what is wrong
    const request: FetcherParams = { ...params, operationName: operation.name?.value ?? null };
    if (operation.operation === 'subscription') return subscribe(socketFor(authorizationOf(opts?.headers)), request, recorder);
    return http(request, { headers: opts?.headers });
  };
}

/**
 * The operation of `query` to run: the one named `requested` when the document has it, else its first
 * (what GraphiQL selects too once it has parsed the text). `undefined` when the text does not parse or
 * has no operation.
 */
function operationToRun(query: string, requested: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = (tryParse(query)?.definitions ?? []).filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operations.find((o) => requested && o.name?.value === requested) ?? operations[0];
}

function tryParse(query: string): DocumentNode | undefined {
  try {
    return parse(query);
  } catch {
    return undefined; // GraphiQL shows the syntax error; the service answers it too
  }
}

/** The graphql-ws client for a key: one socket per key, the previous one closed when the key changes. */
function webSockets(location: Location): (authorization: string | undefined) => Client {
  const url = new URL(location.pathname, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  let current: { authorization: string | undefined; client: Client } | undefined;
  return (authorization) => {
    if (current && current.authorization === authorization) return current.client;
    void current?.client.dispose();
    const client = createClient({
      url: url.href,
      connectionParams: authorization === undefined ? {} : { authorization },
      lazy: true,
      retryAttempts: 3,
      shouldRetry: (e) => !(e instanceof CloseEvent && e.code === FORBIDDEN),
    });
    current = { authorization, client };
    return client;
  };
}

type Observer = { next?: (value: ExecutionResult) => void; error?: (error: unknown) => void; complete?: () => void };

/** Runs `request` over the WebSocket; GraphiQL shows each event, and a close as "Socket closed with event <code> <reason>". */
function subscribe(client: Client, request: FetcherParams, recorder: SubscriptionRecorder | undefined): Observable<ExecutionResult> {
  return {
    subscribe(...args: unknown[]) {
      const observer: Observer =
        typeof args[0] === 'function'
          ? { next: args[0] as Observer['next'], error: args[1] as Observer['error'], complete: args[2] as Observer['complete'] }
          : ((args[0] ?? {}) as Observer);
      recorder?.start(request.operationName ?? null);
      const unsubscribe = client.subscribe(
        { query: request.query, variables: request.variables, operationName: request.operationName },
        {
          // The JSON form of a result (GraphQLFormattedError), which GraphiQL only prints.
          next: (result) => {
            recorder?.record(result);
            observer.next?.(result as ExecutionResult);
          },
          error: (e) => {
            recorder?.end();
            observer.error?.(e instanceof CloseEvent ? new Error(`Socket closed with event ${e.code} ${e.reason || ''}`.trim()) : e);
          },
          complete: () => {
            recorder?.end();
            observer.complete?.();
          },
        },
      );
      return {
        unsubscribe: () => {
          recorder?.end();
          unsubscribe();
        },
      };
    },
  };
}

/** The `Authorization` header of the header editor, whatever its case. */
function authorizationOf(headers: Record<string, unknown> | undefined): string | undefined {
  for (const [name, value] of Object.entries(headers ?? {}))
    if (name.toLowerCase() === 'authorization' && typeof value === 'string') return value;
  return undefined;
}

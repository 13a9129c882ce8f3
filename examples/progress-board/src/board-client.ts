import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';

import type { Transport } from './board-config';

/** graphql-ws close codes of a missing (4401) or refused (4403) key: retrying cannot help. */
const KEY_REFUSED = new Set([4401, 4403]);
/** Reconnection attempts before giving up: about ten minutes at the longest wait. */
const RETRY_ATTEMPTS = 120;
/** The longest wait between two attempts, in ms. */
const MAX_RETRY_WAIT_MS = 5_000;

/** The state of the subscription transport, shown on the board. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'refused' | 'http';

/** Options of `createBoardClient`. */
export interface BoardClientOptions {
  /** The GraphQL endpoint, absolute (`http(s)://host/graphql`). */
  readonly graphqlUrl: string;
  /** The API key, sent as `Authorization: Bearer <key>` (HTTP) and `connectionParams.authorization` (WebSocket). */
  readonly apiKey: string | undefined;
  readonly transport: Transport;
}

/** An Apollo Client for the service, and the state of its WebSocket. */
export interface BoardClient {
  readonly apollo: ApolloClient;
  /** Calls `listener` with each state change of the subscription transport; returns the unsubscribe. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Closes the WebSocket and stops the client. */
  dispose(): void;
}

/**
 * Apollo Client 4 for one key: queries over HTTP, subscriptions over a WebSocket (`graphql-transport-ws`,
 * reconnecting with backoff after a restart of the service and resubscribing) or, with `transport:
 * 'http'`, over HTTP multipart (Apollo's HttpLink speaks the multipart subscription protocol), where
 * WebSockets are blocked. A new key means a new client: the socket authenticates once, when it opens.
 */
export function createBoardClient(options: BoardClientOptions): BoardClient {
  const authorization = options.apiKey === undefined ? undefined : `Bearer ${options.apiKey}`;
  const withKey = new SetContextLink((prev) => ({
    headers: authorization === undefined ? prev['headers'] : { ...prev['headers'], authorization },
  }));
  const http = withKey.concat(new HttpLink({ uri: options.graphqlUrl }));
  const listeners = new Set<(state: ConnectionState) => void>();
  const emit = (state: ConnectionState) => listeners.forEach((l) => l(state));

  if (options.transport === 'http') {
    const apollo = new ApolloClient({ link: http, cache: new InMemoryCache() });
    return {
      apollo,
      onConnection(listener) {
        listener('http');
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      dispose: () => apollo.stop(),
    };
  }

  const wsUrl = new URL(options.graphqlUrl);
  wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  let refused = false;
  let last: ConnectionState = 'connecting';
  const ws = createClient({
    url: wsUrl.href,
    lazy: true,
    connectionParams: authorization === undefined ? {} : { authorization },
    retryAttempts: RETRY_ATTEMPTS,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(MAX_RETRY_WAIT_MS, 250 * 2 ** retries))),
    shouldRetry: (e) => !isKeyRefusal(e),
    on: {
      connecting: (isRetry) => emit((last = isRetry ? 'reconnecting' : 'connecting')),
      connected: () => emit((last = 'connected')),
      closed: (e) => {
        if (isKeyRefusal(e)) refused = true;
        emit((last = refused ? 'refused' : 'reconnecting'));
      },
    },
  });
  const subscription = (op: ApolloLink.Operation) => op.operationType === OperationTypeNode.SUBSCRIPTION;
  const apollo = new ApolloClient({
    link: ApolloLink.split(subscription, new GraphQLWsLink(ws), http),
    cache: new InMemoryCache(),
  });
  return {
    apollo,
    onConnection(listener) {
      listener(last);
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    dispose() {
      listeners.clear();
      apollo.stop();
      void ws.dispose();
    },
  };
}

function isKeyRefusal(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e && KEY_REFUSED.has((e as { code: number }).code);
}

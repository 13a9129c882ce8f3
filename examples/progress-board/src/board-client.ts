import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';

import type { Transport, TransportChoice } from './board-config';
import { resubscribeLink } from './resubscribe-link';
import { TransportPolicy } from './transport-policy';

/** Reconnection attempts before giving up: about ten minutes at the longest wait. */
const RETRY_ATTEMPTS = 120;
/** The longest wait between two attempts, in ms. */
const MAX_RETRY_WAIT_MS = 5_000;
/** The wait before the nth attempt: 500 ms, doubling, at most `MAX_RETRY_WAIT_MS` (both transports). */
const retryWaitMs = (attempt: number) => Math.min(MAX_RETRY_WAIT_MS, 250 * 2 ** attempt);

/** The state of the subscription transport, shown on the board. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'refused';

/** The state, the transport it is about, and whether the board took HTTP by itself. */
export interface Connection {
  readonly state: ConnectionState;
  readonly transport: Transport;
  /** HTTP because the WebSocket could not be opened (not because the URL asked for it). */
  readonly fellBack: boolean;
}

/** Options of `createBoardClient`. */
export interface BoardClientOptions {
  /** The GraphQL endpoint, absolute (`http(s)://host/graphql`). */
  readonly graphqlUrl: string;
  /** The API key, sent as `Authorization: Bearer <key>` (HTTP) and `connectionParams.authorization` (WebSocket). */
  readonly apiKey: string | undefined;
  readonly transport: TransportChoice;
}

/** An Apollo Client for the service, and the state of its subscription transport. */
export interface BoardClient {
  readonly apollo: ApolloClient;
  /** Calls `listener` with the connection now and with each change; returns the unsubscribe. */
  onConnection(listener: (connection: Connection) => void): () => void;
  /** Closes the WebSocket and stops the client. */
  dispose(): void;
}

/**
 * Apollo Client 4 for one key: queries over HTTP; subscriptions over a WebSocket (`graphql-transport-ws`,
 * reconnecting with backoff after a restart of the service and resubscribing) or over HTTP multipart
 * (Apollo's HttpLink speaks the multipart subscription protocol, so no other package is needed),
 * subscribing again with the same backoff when a stream is cut. With `transport: 'auto'` the board
 * starts on the WebSocket and takes HTTP for good when the WebSocket cannot be opened at all (a proxy
 * refusing the upgrade): the rule is `TransportPolicy`'s. A new key means a new client: the socket
 * authenticates once, when it opens.
 */
export function createBoardClient(options: BoardClientOptions): BoardClient {
  const authorization = options.apiKey === undefined ? undefined : `Bearer ${options.apiKey}`;
  const withKey = new SetContextLink((prev) => ({
    headers: authorization === undefined ? prev['headers'] : { ...prev['headers'], authorization },
  }));
  const http = withKey.concat(new HttpLink({ uri: options.graphqlUrl }));
  const policy = new TransportPolicy(options.transport);
  const listeners = new Set<(connection: Connection) => void>();
  let last: Connection = { state: 'connecting', transport: policy.transport, fellBack: false };
  const emit = (state: ConnectionState) => {
    const next = { state: policy.refused ? 'refused' : state, transport: policy.transport, fellBack: policy.fellBack };
    if (next.state === last.state && next.transport === last.transport) return;
    last = next;
    listeners.forEach((l) => l(last));
  };

  // Each transport reports only while it is the one in use (a late close of the abandoned WebSocket is not news).
  const onWs = (state: ConnectionState) => {
    if (policy.transport === 'websocket') emit(state);
  };
  const onHttp = (state: ConnectionState) => {
    if (policy.transport === 'http') emit(state);
  };

  const wsUrl = new URL(options.graphqlUrl);
  wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  // Lazy: nothing opens before the first subscription, so a board on HTTP never touches the WebSocket.
  const ws = createClient({
    url: wsUrl.href,
    lazy: true,
    connectionParams: authorization === undefined ? {} : { authorization },
    retryAttempts: RETRY_ATTEMPTS,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, retryWaitMs(retries + 1))),
    shouldRetry: () => policy.retryWebSocket(),
    on: {
      connecting: (isRetry) => onWs(isRetry ? 'reconnecting' : 'connecting'),
      connected: () => {
        policy.connected();
        onWs('connected');
      },
      closed: (e) => {
        policy.closed(e);
        onWs('reconnecting');
      },
    },
  });

  const subscriptions = resubscribeLink({
    attempts: RETRY_ATTEMPTS,
    wait: retryWaitMs,
    // Also where the WebSocket's last failure turns into the switch to HTTP (the policy decides).
    shouldRetry: (error) => {
      const retry = policy.resubscribe(error);
      if (policy.fellBack) void ws.dispose(); // never used again (idempotent): no attempts in the background
      if (policy.refused) emit('refused');
      return retry;
    },
    onResult: () => onHttp('connected'),
    onRetry: () => onHttp('reconnecting'),
  }).concat(
    // Chosen on each attempt, so a subscription that failed on the WebSocket is retried over HTTP.
    ApolloLink.split(() => policy.transport === 'http', http, new GraphQLWsLink(ws)),
  );
  const isSubscription = (op: ApolloLink.Operation) => op.operationType === OperationTypeNode.SUBSCRIPTION;
  const apollo = new ApolloClient({
    link: ApolloLink.split(isSubscription, subscriptions, http),
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

import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { parse } from 'graphql';
import { type Client as SseClient, createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';

import type { App } from '../../src/server/app';
import { API_KEY } from './stack';
import type { Subscriber } from './ws-client';

const bearer = (apiKey: string | null): Record<string, string> => (apiKey ? { authorization: `Bearer ${apiKey}` } : {});

/** The `graphql-sse` client for the app, in distinct connections mode (its default) or single connection mode. */
export function sseClient(app: App | string, options: { singleConnection?: boolean; apiKey?: string | null } = {}): SseClient {
  return createSseClient({
    url: typeof app === 'string' ? app : app.url,
    headers: bearer(options.apiKey === undefined ? API_KEY : options.apiKey),
    singleConnection: options.singleConnection ?? false,
    retryAttempts: 0,
  });
}

/** An Apollo Client 4 with one link, as a `Subscriber` for `record`, and its `stop`. */
export interface ApolloSubscriber extends Subscriber {
  readonly client: ApolloClient;
  stop(): Promise<void>;
}

/**
 * Apollo Client 4 with only an `HttpLink` (subscriptions over multipart HTTP, its default) or only a
 * `GraphQLWsLink` (over graphql-ws), with its defaults otherwise.
 */
export function apolloClient(app: App, transport: 'http' | 'ws', apiKey: string | null = API_KEY): ApolloSubscriber {
  const ws =
    transport === 'ws'
      ? createWsClient({
          url: app.url.replace(/^http/, 'ws'),
          webSocketImpl: WebSocket,
          connectionParams: bearer(apiKey),
          retryAttempts: 0,
        })
      : undefined;
  const link = ws ? new GraphQLWsLink(ws) : new HttpLink({ uri: app.url, headers: bearer(apiKey) });
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  return {
    client,
    subscribe(payload, sink) {
      const subscription = client.subscribe({ query: parse(payload.query), variables: payload.variables }).subscribe({
        next: (result) =>
          sink.next({
            data: result.data as never,
            ...(result.error ? { errors: [result.error] } : {}),
          }),
        error: (e: unknown) => sink.error(e),
        complete: () => sink.complete(),
      });
      return () => subscription.unsubscribe();
    },
    async stop() {
      client.stop();
      await ws?.dispose();
    },
  };
}

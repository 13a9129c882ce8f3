import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, print } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

import type { App } from '../../src/server/app';
import { API_KEY } from './stack';

/** A graphql-ws client for the app (or a replica's GraphQL URL) with the given key (default: the test tenant's). */
export function wsClient(app: App | string, apiKey: string | null = API_KEY): Client {
  return createClient({
    url: (typeof app === 'string' ? app : app.url).replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/**
 * What `record` needs of a client: the `subscribe(payload, sink)` that graphql-ws's and graphql-sse's
 * clients both have (and `apolloSubscriber` makes of Apollo Client's).
 */
export interface Subscriber {
  subscribe<T>(
    payload: { readonly query: string; readonly variables?: Record<string, unknown> },
    sink: {
      next(value: { readonly data?: T | null; readonly errors?: readonly unknown[] }): void;
      error(error: unknown): void;
      complete(): void;
    },
  ): () => void;
}

/** What one subscription received. */
export interface Recording<T> {
  readonly events: T[];
  readonly errors: unknown[];
  /**
   * Resolves when the stream completes (or errors); rejects after `FINISH_DEADLINE_MS` with what arrived
   * until then, so a stream that never ends fails saying so instead of through jest's timeout.
   */
  readonly finished: Promise<void>;
  /** Resolves once at least `n` events arrived; rejects after `ms` (default 15 s) with what arrived. */
  waitFor(n: number, ms?: number): Promise<void>;
  /** Resolves once an event satisfies `done`; rejects after `ms` (default 15 s) naming `what` and what arrived. */
  waitUntil(done: (event: T) => boolean, what: string, ms?: number): Promise<T>;
  /** Unsubscribes. */
  stop(): void;
}

/** How long `finished` waits for a stream to complete. */
export const FINISH_DEADLINE_MS = 20_000;

/** Subscribes and records every `data` payload. */
export function record<T, V extends Record<string, unknown>>(
  client: Subscriber,
  document: TypedDocumentNode<T, V> | DocumentNode,
  variables: V,
): Recording<T> {
  const events: T[] = [];
  const errors: unknown[] = [];
  const waiters: Array<{ done: (event: T) => boolean; resolve: (event: T) => void }> = [];
  let finish!: () => void;
  let completed = false;
  const completion = new Promise<void>((resolve) => (finish = resolve)).then(() => void (completed = true));
  const check = () => {
    for (const w of [...waiters]) {
      const hit = events.find(w.done);
      if (hit === undefined) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(hit);
    }
  };
  const seen = () =>
    `${events.length} event(s), the last: ${JSON.stringify(events.slice(-2))}; errors: ${JSON.stringify(errors)}; completed: ${completed}`;
  const waitUntil = (done: (event: T) => boolean, what: string, ms = 15_000): Promise<T> => {
    const hit = events.find(done);
    if (hit !== undefined) return Promise.resolve(hit);
    return new Promise<T>((resolve, reject) => {
      const waiter = { done, resolve: (e: T) => (clearTimeout(timer), resolve(e)) };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`no ${what} within ${ms} ms; got ${seen()}`));
      }, ms);
      waiters.push(waiter);
    });
  };
  const stop = client.subscribe<T>(
    { query: print(document), variables },
    {
      next: (v) => {
        if (v.errors) errors.push(...v.errors);
        if (v.data) events.push(v.data as T);
        check();
      },
      error: (e) => {
        errors.push(e);
        finish();
      },
      complete: () => finish(),
    },
  );
  return {
    events,
    errors,
    get finished() {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the subscription did not complete within ${FINISH_DEADLINE_MS} ms; got ${seen()}`)),
          FINISH_DEADLINE_MS,
        );
        void completion.then(() => (clearTimeout(timer), resolve()));
      });
    },
    waitFor: async (n, ms) => void (await waitUntil(() => events.length >= n, `${n} event(s)`, ms)),
    waitUntil,
    stop,
  };
}

/** Resolves after `ms` of real time (live tests watch real pollers on real timers). */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

import { createClient, type Client } from 'graphql-ws';
import { print, type DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
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

/** What one subscription received. */
export interface Recording<T> {
  readonly events: T[];
  readonly errors: unknown[];
  /** Resolves when the stream completes (or errors). */
  readonly finished: Promise<void>;
  /** Resolves once at least `n` events arrived. */
  waitFor(n: number): Promise<void>;
  /** Unsubscribes. */
  stop(): void;
}

/** Subscribes and records every `data` payload. */
export function record<T, V extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<T, V> | DocumentNode,
  variables: V,
): Recording<T> {
  const events: T[] = [];
  const errors: unknown[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const check = () => {
    for (const w of [...waiters]) {
      if (events.length < w.n) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
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
    finished,
    waitFor: (n) => (events.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    stop,
  };
}

/** Resolves after `ms` of real time (live tests watch real pollers on real timers). */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createClient } from 'graphql-sse';
import type { ServerOptions } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

import { within } from '../support/deadline';
import { API_KEY, type Stack, startStack } from '../support/stack';
import { record, wsClient } from '../support/ws-client';

const ROOT = join(__dirname, '..', '..');

/** What this test uses of a Hive Gateway runtime (`GatewayRuntime`). */
type GatewayRuntime = RequestListener & { readonly graphqlEndpoint: string; readonly fetchAPI: object; dispose(): Promise<void> | void };
/** The onFetch hook of a gateway plugin, as far as this test reads it. */
type OnFetch = (payload: { url: string; options: { method?: string; headers?: unknown } }) => void;

// Both loaded with require rather than imported: the runtime's type declarations pull in the DOM lib
// (`/// <reference lib="dom" />` in @whatwg-node/fetch), which would then apply to the type-check of
// the whole project. The config file is type-checked against them on its own (docs/tsconfig.json).
/* eslint-disable @typescript-eslint/no-require-imports */
const { createGatewayRuntime } = require('@graphql-hive/gateway-runtime') as {
  createGatewayRuntime(config: Record<string, unknown>): GatewayRuntime;
};
const { getGraphQLWSOptions } = require('@graphql-hive/gateway-runtime') as {
  getGraphQLWSOptions(
    gateway: GatewayRuntime,
    onContext: (ctx: { extra: { request: IncomingMessage; socket: unknown } }) => object,
  ): ServerOptions;
};
const { normalizeNodeRequest } = require('@whatwg-node/server') as {
  normalizeNodeRequest(req: IncomingMessage, fetchAPI: GatewayRuntime['fetchAPI']): unknown;
};
const { gatewayConfig } = require('../../docs/hive-gateway.config') as { gatewayConfig: Record<string, unknown> };
/* eslint-enable @typescript-eslint/no-require-imports */

// Hive Gateway's logger validates LOG_LEVEL whenever it makes a logger (children included), and
// refuses test/support/setup.ts's pino level "silent"; it logs nothing here anyway (`logging: false`).
process.env['LOG_LEVEL'] = 'error';

/**
 * The second subgraph: docs/reports.graphql's reports, and a field of its own on the exports
 * subgraph's ExportTask entity (docs/reports.graphql only refers to ExportTask, `resolvable: false`),
 * so that a subscription's events need fields from both subgraphs.
 */
const REPORTS_SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Report @key(fields: "id") {
    id: ID!
    title: String!
    exportTask: ExportTask!
  }

  type ExportTask @key(fields: "id") {
    id: ID!
    "The reports exported by this task."
    reports: [Report!]!
  }

  type Query {
    reports: [Report!]!
  }
`);

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** One request the gateway made to a subgraph, as its onFetch hook saw it. */
interface SubgraphFetch {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
}

interface Update {
  id: string;
  final: boolean;
  error: { code: string } | null;
  task: { id: string; status: string; progress: number | null; reports: Array<{ id: string; title: string }> } | null;
}

const SUBSCRIPTION = `subscription Progress($ids: [ID!]!) {
  exportTaskUpdates(ids: $ids) { id final error { code } task { id status progress reports { id title } } }
}`;

const id = (t: string) => `tencent-tcss:${t}`;

/** The reports the second subgraph has about a task: two, named after it. */
const reportsOf = (taskId: string) => [1, 2].map((n) => ({ id: `${taskId}/report-${n}`, title: `Report ${n} of ${taskId}` }));

describe('behind Hive Gateway with its default subgraph transport (SSE for subscriptions), options from docs/hive-gateway.config.ts', () => {
  let stack: Stack;
  /** Tasks added so far; the second subgraph lists their reports. */
  const tasks: string[] = [];
  let reports: { server: ApolloServer; url: string } | undefined;
  const reportsHeaders: IncomingHttpHeaders[] = [];
  let gateway: GatewayRuntime | undefined;
  let server: Server | undefined;
  let wsServer: WebSocketServer | undefined;
  let stopGraphqlWs: (() => Promise<void>) | undefined;
  let gatewayUrl: string;
  const fetches: SubgraphFetch[] = [];

  /** Adds two tasks to the emulator, running from now for 1.5 s and 2.5 s, and returns their global ids. */
  function addTasks(name: string): string[] {
    const ids = [0, 1].map((i) => {
      stack
        .emulator('tencent-tcss')
        .tasks.add({ id: `${name}-${i}`, accountId: 'acct-a', createdAt: Date.now(), durationMs: 1500 + 1000 * i });
      return id(`${name}-${i}`);
    });
    tasks.push(...ids);
    return ids;
  }

  beforeAll(async () => {
    stack = await startStack({ providers: ['tencent-tcss'], config: { polling: { intervalMs: 200, maxIntervalMs: 400 } } });

    const schema = buildSubgraphSchema([
      {
        typeDefs: REPORTS_SDL,
        resolvers: {
          Query: { reports: () => tasks.flatMap((t) => reportsOf(t).map((r) => ({ ...r, taskId: t }))) },
          Report: { exportTask: (r: { taskId: string }) => ({ __typename: 'ExportTask', id: r.taskId }) },
          ExportTask: { reports: (t: { id: string }) => reportsOf(t.id) },
        },
      },
    ]);
    const reportsServer = new ApolloServer({ schema, logger: silent });
    const { url } = await startStandaloneServer(reportsServer, {
      listen: { port: 0, host: '127.0.0.1' },
      context: async ({ req }) => {
        reportsHeaders.push(req.headers);
        return {};
      },
    });
    reports = { server: reportsServer, url };

    const composed = composeServices([
      { name: 'exports', typeDefs: parse(readFileSync(join(ROOT, 'schema', 'schema.graphql'), 'utf8')), url: stack.app.url },
      { name: 'reports', typeDefs: REPORTS_SDL, url },
    ]);
    if (composed.errors) throw new Error(`composition failed:\n${composed.errors.map((e) => e.message).join('\n')}`);

    // Records what the gateway sends to the subgraphs, after the header propagation of the config.
    const recorder: { onFetch: OnFetch } = {
      onFetch({ url, options }) {
        const headers: Record<string, string> = {};
        new Headers(options.headers as ConstructorParameters<typeof Headers>[0]).forEach((v, k) => (headers[k] = v));
        fetches.push({ url, method: options.method ?? 'GET', headers });
      },
    };
    const gw = createGatewayRuntime({ ...gatewayConfig, supergraph: composed.supergraphSdl, logging: false, plugins: () => [recorder] });
    gateway = gw;
    const s = createServer(gw);
    server = s;
    // GraphQL over WebSocket for clients, on the same path, set up as the Hive Gateway CLI does.
    wsServer = new WebSocketServer({ server: s, path: gw.graphqlEndpoint });
    const graphqlWs = useServer(
      getGraphQLWSOptions(gw, (ctx) => ({
        req: ctx.extra.request,
        socket: ctx.extra.socket,
        request: normalizeNodeRequest(ctx.extra.request, gw.fetchAPI),
      })),
      wsServer,
    );
    stopGraphqlWs = async () => void (await graphqlWs.dispose());
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    gatewayUrl = `http://127.0.0.1:${(s.address() as AddressInfo).port}${gw.graphqlEndpoint}`;
    // The runtime installs its plugins' onFetch hooks (the recorder's) on its first GraphQL request over HTTP: an
    // operation that comes first over a WebSocket would reach the subgraphs unrecorded.
    const warm = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    if (!warm.ok) throw new Error(`the gateway answered ${warm.status} to { __typename }`);
  });

  afterAll(async () => {
    await stopGraphqlWs?.();
    wsServer?.close();
    await gateway?.dispose();
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server!.close(resolve));
    }
    await reports?.server.stop();
    await stack?.dispose();
  });

  beforeEach(() => {
    fetches.length = 0;
    reportsHeaders.length = 0;
  });

  /** POSTs an operation to the gateway as a client would. */
  async function post(query: string, variables: Record<string, unknown>, authorization: string | null = `Bearer ${API_KEY}`) {
    const res = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as {
      data?: Record<string, unknown> | null;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    };
  }

  /**
   * Checks the updates of a subscription to `ids` that ran to its end: every event has fields from both
   * subgraphs, progress only grows, and each task has exactly one final event, its last, SUCCEEDED at 100.
   */
  function expectRunToTheEnd(updates: readonly Update[], ids: readonly string[]): void {
    expect(new Set(updates.map((u) => u.id))).toEqual(new Set(ids));
    for (const taskId of ids) {
      const mine = updates.filter((u) => u.id === taskId);
      expect(mine.length).toBeGreaterThanOrEqual(2);
      for (const u of mine) {
        expect(u.error).toBeNull();
        // id, status, progress from the exports subgraph; reports from the reports subgraph.
        expect(u.task).toMatchObject({
          id: taskId,
          status: expect.stringMatching(/^(PENDING|RUNNING|SUCCEEDED)$/),
          reports: reportsOf(taskId),
        });
      }
      const progress = mine.map((u) => u.task!.progress!);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(mine.filter((u) => u.final)).toHaveLength(1);
      expect(mine.at(-1)).toMatchObject({ final: true, task: { status: 'SUCCEEDED', progress: 100 } });
    }
  }

  /** Checks that the gateway subscribed to this service once, with its default transport: SSE over a GET. */
  function expectOneSseSubscribe(): void {
    const subscribes = fetches.filter((f) => f.url.startsWith(`${stack.app.url}?`));
    expect(subscribes).toHaveLength(1);
    expect(subscribes[0]).toMatchObject({ method: 'GET', headers: { accept: 'text/event-stream', authorization: `Bearer ${API_KEY}` } });
    expect(new URL(subscribes[0]!.url).searchParams.get('query')).toMatch(/^subscription Progress/);
    // The API key went to this service only.
    for (const h of reportsHeaders) expect(h.authorization).toBeUndefined();
  }

  it('joins the fields of both subgraphs in a query, passing the API key on to this service only', async () => {
    const [a, b] = addTasks('query');
    const res = await post(
      `query Joined($id: ID!) {
        reports { id title exportTask { id status provider { name } } }
        exportTask(id: $id) { id status progress reports { id title } }
      }`,
      { id: b },
    );

    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      reports: [a!, b!].flatMap((t) =>
        reportsOf(t).map((r) => ({
          ...r,
          exportTask: {
            id: t,
            status: expect.stringMatching(/^(PENDING|RUNNING|SUCCEEDED)$/),
            provider: { name: expect.stringMatching(/Tencent/) },
          },
        })),
      ),
      exportTask: { id: b, status: expect.any(String), progress: expect.any(Number), reports: reportsOf(b!) },
    });

    const toExports = fetches.filter((f) => f.url === stack.app.url);
    expect(toExports.length).toBeGreaterThan(0);
    for (const f of toExports) expect(f).toMatchObject({ method: 'POST', headers: { authorization: `Bearer ${API_KEY}` } });
    expect(reportsHeaders.length).toBeGreaterThan(0);
    for (const h of reportsHeaders) expect(h.authorization).toBeUndefined();
  });

  it("is refused by this service when the client sends no API key: the key the gateway passes on is the client's", async () => {
    const [a] = addTasks('no-key');
    const res = await post('query One($id: ID!) { exportTask(id: $id) { id status } }', { id: a }, null);
    expect(res.data?.['exportTask'] ?? null).toBeNull();
    expect(res.errors?.map((e) => e.message).join('\n')).toMatch(/Missing or unknown API key/);
  });

  it('carries an SSE client subscription over SSE to this service, fields of both subgraphs in every event, through final events to completion', async () => {
    const ids = addTasks('sse');
    const client = createClient({ url: gatewayUrl, headers: { authorization: `Bearer ${API_KEY}` }, retryAttempts: 0 });
    const updates: Update[] = [];
    try {
      const events = client.iterate<{ exportTaskUpdates: Update }>({ query: SUBSCRIPTION, variables: { ids } });
      // Ends when the gateway completes the stream, which it does once this service has completed it.
      await within(
        20_000,
        'the subscription through the gateway to complete',
        (async () => {
          for await (const result of events) {
            expect(result.errors).toBeUndefined();
            updates.push(result.data!.exportTaskUpdates);
          }
        })(),
        () => updates,
      );
    } finally {
      client.dispose();
    }
    expectRunToTheEnd(updates, ids);
    expectOneSseSubscribe();
  });

  it('carries a WebSocket client subscription the same way, the key from its connectionParams', async () => {
    const ids = addTasks('ws');
    const client = wsClient(gatewayUrl);
    try {
      const r = record<{ exportTaskUpdates: Update }, { ids: string[] }>(client, parse(SUBSCRIPTION), { ids });
      await r.finished;
      expect(r.errors).toEqual([]);
      expectRunToTheEnd(
        r.events.map((e) => e.exportTaskUpdates),
        ids,
      );
    } finally {
      await client.dispose();
    }
    expectOneSseSubscribe();
  });
});

import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createClient } from 'graphql-sse';

import { within } from '../support/deadline';
import { API_KEY, type Stack, startStack } from '../support/stack';

const ROOT = join(__dirname, '..', '..');

/** What this test uses of a Hive Gateway runtime (`GatewayRuntime`). */
type GatewayRuntime = RequestListener & { readonly graphqlEndpoint: string; dispose(): Promise<void> | void };
/** The onFetch hook of a gateway plugin, as far as this test reads it. */
type OnFetch = (payload: { url: string; options: { method?: string; headers?: unknown } }) => void;

// Both loaded with require rather than imported: the runtime's type declarations pull in the DOM lib
// (`/// <reference lib="dom" />` in @whatwg-node/fetch), which would then apply to the type-check of
// the whole project. The config file is type-checked against them on its own (docs/tsconfig.json).
/* eslint-disable @typescript-eslint/no-require-imports */
const { createGatewayRuntime } = require('@graphql-hive/gateway-runtime') as {
  createGatewayRuntime(config: Record<string, unknown>): GatewayRuntime;
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

describe('behind Hive Gateway with its default subgraph transport (SSE for subscriptions), options from docs/hive-gateway.config.ts', () => {
  const id = (t: string) => `tencent-tcss:${t}`;
  const TASKS = ['hive-task-a', 'hive-task-b'];
  const REPORTS = [
    { id: 'report-1', title: 'Images, week 1', taskId: id('hive-task-a') },
    { id: 'report-2', title: 'Images, week 2', taskId: id('hive-task-a') },
    { id: 'report-3', title: 'Baseline', taskId: id('hive-task-b') },
  ];
  const reportsOf = (taskId: string) => REPORTS.filter((r) => r.taskId === taskId).map(({ id, title }) => ({ id, title }));

  let stack: Stack;
  let reports: { server: ApolloServer; url: string } | undefined;
  const reportsHeaders: IncomingHttpHeaders[] = [];
  let gateway: GatewayRuntime | undefined;
  let server: Server | undefined;
  let gatewayUrl: string;
  const fetches: SubgraphFetch[] = [];

  beforeAll(async () => {
    stack = await startStack({
      providers: ['tencent-tcss'],
      config: { polling: { intervalMs: 200, maxIntervalMs: 400 } },
      tasks: {
        'tencent-tcss': TASKS.map((t, i) => ({ id: t, accountId: 'acct-a', createdAt: Date.now(), durationMs: 1500 + 1000 * i })),
      },
    });

    const schema = buildSubgraphSchema([
      {
        typeDefs: REPORTS_SDL,
        resolvers: {
          Query: { reports: () => REPORTS },
          Report: { exportTask: (r: (typeof REPORTS)[number]) => ({ __typename: 'ExportTask', id: r.taskId }) },
          ExportTask: { reports: (t: { id: string }) => REPORTS.filter((r) => r.taskId === t.id) },
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
    gateway = createGatewayRuntime({
      ...gatewayConfig,
      supergraph: composed.supergraphSdl,
      logging: false,
      plugins: () => [recorder],
    });
    const s = createServer(gateway);
    server = s;
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    gatewayUrl = `http://127.0.0.1:${(s.address() as AddressInfo).port}${gateway.graphqlEndpoint}`;
  });

  afterAll(async () => {
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

  it('joins the fields of both subgraphs in a query, passing the API key on to this service only', async () => {
    const res = await post(
      `query Joined($id: ID!) {
        reports { id title exportTask { id status provider { name } } }
        exportTask(id: $id) { id status progress reports { id title } }
      }`,
      { id: id('hive-task-b') },
    );

    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      reports: REPORTS.map((r) => ({
        id: r.id,
        title: r.title,
        exportTask: {
          id: r.taskId,
          status: expect.stringMatching(/^(PENDING|RUNNING|SUCCEEDED)$/),
          provider: { name: expect.stringMatching(/Tencent/) },
        },
      })),
      exportTask: {
        id: id('hive-task-b'),
        status: expect.any(String),
        progress: expect.any(Number),
        reports: reportsOf(id('hive-task-b')),
      },
    });

    const toExports = fetches.filter((f) => f.url === stack.app.url);
    expect(toExports.length).toBeGreaterThan(0);
    for (const f of toExports) {
      expect(f.method).toBe('POST');
      expect(f.headers['authorization']).toBe(`Bearer ${API_KEY}`);
    }
    expect(reportsHeaders.length).toBeGreaterThan(0);
    for (const h of reportsHeaders) expect(h.authorization).toBeUndefined();
  });

  it("is refused by this service when the client sends no API key: the key the gateway passes on is the client's", async () => {
    const res = await post('query One($id: ID!) { exportTask(id: $id) { id status } }', { id: id('hive-task-a') }, null);
    expect(res.data?.['exportTask'] ?? null).toBeNull();
    expect(res.errors?.map((e) => e.message).join('\n')).toMatch(/Missing or unknown API key/);
  });

  it('carries a subscription over SSE to this service, with fields from both subgraphs in every event, through final events to completion', async () => {
    const client = createClient({ url: gatewayUrl, headers: { authorization: `Bearer ${API_KEY}` }, retryAttempts: 0 });
    const updates: Update[] = [];
    try {
      const events = client.iterate<{ exportTaskUpdates: Update }>({
        query: `subscription Progress($ids: [ID!]!) {
          exportTaskUpdates(ids: $ids) { id final error { code } task { id status progress reports { id title } } }
        }`,
        variables: { ids: TASKS.map(id) },
      });
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

    for (const taskId of TASKS.map(id)) {
      const mine = updates.filter((u) => u.id === taskId);
      expect(mine.length).toBeGreaterThanOrEqual(2);
      for (const u of mine) {
        expect(u.error).toBeNull();
        // From the exports subgraph (id, status, progress) and from the reports subgraph (reports).
        expect(u.task).toMatchObject({ id: taskId, reports: reportsOf(taskId) });
      }
      const progress = mine.map((u) => u.task!.progress!);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(mine.filter((u) => u.final)).toHaveLength(1);
      expect(mine.at(-1)).toMatchObject({ final: true, task: { status: 'SUCCEEDED', progress: 100 } });
    }

    // The gateway's default transport: one GET to this service with the operation in the query
    // string, asking for an event stream, with the client's API key.
    const subscribes = fetches.filter((f) => f.url.startsWith(`${stack.app.url}?`));
    expect(subscribes).toHaveLength(1);
    expect(subscribes[0]).toMatchObject({ method: 'GET', headers: { accept: 'text/event-stream', authorization: `Bearer ${API_KEY}` } });
    expect(new URL(subscribes[0]!.url).searchParams.get('query')).toMatch(/^subscription Progress/);
    for (const h of reportsHeaders) expect(h.authorization).toBeUndefined();
  });
});

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { parse as parseYaml } from 'yaml';

import { API_KEY, type Stack, startStack } from '../support/stack';

const ROOT = join(__dirname, '..', '..');
const SUPERGRAPH_CONFIG = join(ROOT, 'docs', 'supergraph.yaml');

/** docs/supergraph.yaml as rover reads it. */
interface RoverConfig {
  federation_version: string;
  subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
}

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** One request the gateway sent to a subgraph. */
interface SubgraphCall {
  readonly subgraph: string;
  readonly query: string;
  readonly representations: number;
}

describe('composed into a supergraph with a second subgraph, behind @apollo/gateway', () => {
  const TASKS = Array.from({ length: 10 }, (_, i) => `report-task-${i}`);
  // 30 reports over the 10 tasks, three each, interleaved.
  const REPORTS = Array.from({ length: 30 }, (_, i) => ({
    id: `report-${i}`,
    title: `Report ${i}`,
    taskId: `tencent-tcss:${TASKS[i % 10]}`,
  }));
  const config = parseYaml(readFileSync(SUPERGRAPH_CONFIG, 'utf8')) as RoverConfig;
  const sdlOf = (name: string) => parse(readFileSync(join(dirname(SUPERGRAPH_CONFIG), config.subgraphs[name]!.schema.file), 'utf8'));

  let stack: Stack;
  let reports: { server: ApolloServer; url: string };
  let gateway: ApolloServer;
  const calls: SubgraphCall[] = [];

  beforeAll(async () => {
    stack = await startStack({
      providers: ['tencent-tcss'],
      tasks: { 'tencent-tcss': TASKS.map((id) => ({ id, accountId: 'acct-a', createdAt: Date.now(), durationMs: 600_000 })) },
    });

    // The second subgraph: docs/reports.graphql, served in-process on port 0.
    const reportsSchema = buildSubgraphSchema([
      {
        typeDefs: sdlOf('reports'),
        resolvers: {
          Query: { reports: () => REPORTS },
          Report: { exportTask: (r: (typeof REPORTS)[number]) => ({ __typename: 'ExportTask', id: r.taskId }) },
        },
      },
    ]);
    const server = new ApolloServer({ schema: reportsSchema, logger: silent });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    reports = { server, url };

    const urls: Record<string, string> = { exports: stack.app.url, reports: reports.url };
    const composed = composeServices(Object.keys(config.subgraphs).map((name) => ({ name, typeDefs: sdlOf(name), url: urls[name]! })));
    if (composed.errors) throw new Error(`composition failed:\n${composed.errors.map((e) => e.message).join('\n')}`);

    gateway = new ApolloServer({
      gateway: new ApolloGateway({
        supergraphSdl: composed.supergraphSdl,
        logger: silent,
        buildService: ({ name, url }) =>
          new (class extends RemoteGraphQLDataSource {
            override willSendRequest({ request }: Parameters<NonNullable<RemoteGraphQLDataSource['willSendRequest']>>[0]): void {
              const representations = (request.variables?.['representations'] as unknown[] | undefined)?.length ?? 0;
              calls.push({ subgraph: name, query: request.query ?? '', representations });
              request.http?.headers.set('authorization', `Bearer ${API_KEY}`);
            }
          })({ url }),
      }),
      logger: silent,
    });
    await gateway.start();
  });

  afterAll(async () => {
    await gateway?.stop();
    await reports?.server.stop();
    await stack?.dispose();
  });

  it('composes the subgraphs of docs/supergraph.yaml with the federation version it pins', () => {
    expect(Object.keys(config.subgraphs)).toEqual(['exports', 'reports']);
    expect(config.subgraphs['exports']!.schema.file).toBe('../schema/schema.graphql');
    const composition = JSON.parse(readFileSync(join(ROOT, 'node_modules', '@apollo', 'composition', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(config.federation_version).toBe(`=${composition.version}`);
  });

  it('resolves 30 reports over 10 tasks with one _entities request to this service and at most 10 upstream reads', async () => {
    const emulator = stack.emulator('tencent-tcss');
    emulator.stats.reset();
    calls.length = 0;
    const operationsBefore = await operationCount(stack);

    const res = await gateway.executeOperation({
      query: 'query ReportsWithProgress { reports { id title exportTask { id status progress provider { name } } } }',
    });

    expect(res.body.kind).toBe('single');
    const result = (
      res.body as {
        singleResult: {
          data?: {
            reports: Array<{ id: string; exportTask: { id: string; status: string; progress: number | null; provider: { name: string } } }>;
          };
          errors?: unknown;
        };
      }
    ).singleResult;
    expect(result.errors).toBeUndefined();
    const got = result.data!.reports;
    expect(got).toHaveLength(30);
    expect(got.map((r) => r.exportTask.id)).toEqual(REPORTS.map((r) => r.taskId));
    for (const r of got) {
      expect(r.exportTask.status).toMatch(/^(PENDING|RUNNING)$/);
      expect(r.exportTask.provider.name).toMatch(/Tencent/);
    }

    const toExports = calls.filter((c) => c.subgraph === 'exports');
    expect(toExports).toHaveLength(1);
    expect(toExports[0]!.query).toContain('_entities(representations:');
    expect(toExports[0]!.representations).toBeGreaterThanOrEqual(10);
    expect(calls.filter((c) => c.subgraph === 'reports')).toHaveLength(1);
    // Counted at this service too: one GraphQL operation arrived, and the emulator saw at most one read per task.
    expect((await operationCount(stack)) - operationsBefore).toBe(1);
    expect(emulator.stats.total()).toBeLessThanOrEqual(10);
    expect(emulator.stats.total()).toBe(10);
  });
});

/** GraphQL operations this service has counted, from its own /metrics. */
async function operationCount(stack: Stack): Promise<number> {
  const text = await (await fetch(stack.app.url.replace(/\/graphql$/, '/metrics'))).text();
  let total = 0;
  for (const line of text.split('\n')) if (line.startsWith('exports_graphql_operations_total{')) total += Number(line.split(' ').at(-1));
  return total;
}

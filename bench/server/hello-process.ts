/**
 * The baseline of the throughput benchmark: a bare Apollo Server 5 "hello world" behind node:http,
 * integrated the way the service integrates it (read the body, JSON.parse, a `HeaderMap`,
 * `executeHTTPGraphQLRequest`, write the answer), with the same Apollo options that cost per request
 * (CSRF prevention, landing page off) and nothing else: no auth, no limits, no plugins, no logging.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';

import { exitOnStop, type IpcMessage, send, serveIpc } from '../support/ipc';
import { WindowProfiler } from '../support/profiler';

const typeDefs = `type Query { "Says hello." hello: String! }`;
const resolvers = { Query: { hello: () => 'world' } };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function main(): Promise<void> {
  const apollo = new ApolloServer({ typeDefs, resolvers, csrfPrevention: true, plugins: [ApolloServerPluginLandingPageDisabled()] });
  await apollo.start();
  const server = createServer((req, res) => {
    void (async () => {
      const text = req.method === 'POST' ? await readBody(req) : undefined;
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body: unknown = text === undefined ? undefined : JSON.parse(text);
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method!.toUpperCase(), headers, search: url.search, body },
        context: async () => ({}),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') return void res.end(response.body.string);
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    })().catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const profiler = new WindowProfiler();
  serveIpc({ 'profile-start': () => profiler.start(), 'profile-stop': (m: IpcMessage) => profiler.stop(String(m['file'])) });
  exitOnStop(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await apollo.stop();
  });
  send({ type: 'ready', url: `http://127.0.0.1:${port}/graphql`, port });
}

main().catch((e: unknown) => {
  process.stderr.write(`hello-process failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

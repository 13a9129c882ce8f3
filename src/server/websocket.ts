import type { Server as HttpServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { GraphQLSchema } from 'graphql';
import type { GraphQLContext } from '../graphql/context';
import type { TenantRuntime } from '../tenancy/tenant-runtime';
import type { Logger } from '../logging/logger';

/** Options of the WebSocket endpoint. */
export interface WebSocketOptions {
  readonly httpServer: HttpServer;
  readonly schema: GraphQLSchema;
  /** The tenant for `connectionParams.authorization`, or undefined to refuse (close 4403). */
  readonly authenticate: (authorization: unknown) => TenantRuntime | undefined;
  readonly createContext: (tenant: TenantRuntime) => GraphQLContext;
  readonly logger: Logger;
  /** Largest accepted message, bytes. Default 64 KiB. */
  readonly maxPayloadBytes?: number;
}

/** The graphql-ws endpoint and its `dispose`. */
export interface WebSocketEndpoint {
  /** Open sockets now. */
  readonly clients: () => number;
  /** Closes every client with `code` (1001 on shutdown) and stops accepting. */
  close(code: number, reason: string): Promise<void>;
}

/**
 * graphql-ws (`graphql-transport-ws`) on `/graphql` of the HTTP server. The tenant is fixed at
 * connection time from `connectionParams.authorization`; each operation gets a fresh context.
 */
export function attachWebSocket(opts: WebSocketOptions): WebSocketEndpoint {
  const wss = new WebSocketServer({ server: opts.httpServer, path: '/graphql', maxPayload: opts.maxPayloadBytes ?? 64 * 1024 });
  const tenants = new WeakMap<object, TenantRuntime>();
  const cleanup = useServer<Record<string, unknown>>(
    {
      schema: opts.schema,
      onConnect: (ctx) => {
        const tenant = opts.authenticate(ctx.connectionParams?.['authorization']);
        if (!tenant) return false; // graphql-ws closes with 4403 Forbidden
        tenants.set(ctx.extra, tenant);
        return true;
      },
      context: (ctx) => opts.createContext(tenants.get(ctx.extra)!),
    },
    wss,
  );
  wss.on('error', (e) => opts.logger.warn({ err: e.message }, 'websocket server error'));
  return {
    clients: () => wss.clients.size,
    async close(code, reason) {
      for (const client of wss.clients) client.close(code, reason);
      await cleanup.dispose();
    },
  };
}

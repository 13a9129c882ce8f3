import {
  type DocumentNode,
  type ExecutionArgs,
  getOperationAST,
  GraphQLError,
  type GraphQLSchema,
  type OperationTypeNode,
  parse,
  type ParseOptions,
  specifiedRules,
  validate,
  type ValidationRule,
} from 'graphql';
import { LRUCache } from 'lru-cache';

import { ErrorCode } from '../errors/error-code';
import type { GraphQLContext, OperationOrigin } from '../graphql/context';
import type { RateDecision } from '../quota/tenant-rate-limiter';
import type { OperationEnd } from '../tasks/task-service';
import type { TenantRuntime } from '../tenancy/tenant-runtime';
import { admitTaskIds, type TaskIdLimit } from './limits/task-id-limit';

/** What a streaming transport's client asks to run: a `subscribe` message's payload, or an SSE/multipart request's parameters. */
export interface OperationRequest {
  readonly query?: unknown;
  readonly operationName?: unknown;
  readonly variables?: unknown;
}

/** An admitted operation: the arguments to execute it with, its kind and its name (null when anonymous). */
export interface PreparedOperation {
  readonly args: ExecutionArgs;
  readonly kind: OperationTypeNode;
  readonly name: string | null;
}

/** What the preparer needs: the schema, the same limits as Apollo's HTTP path, and how to build a context. */
export interface OperationPreparerOptions {
  readonly schema: GraphQLSchema;
  /** Validation rules beyond graphql-js's own (the operation limits); the same as over HTTP. */
  readonly validationRules?: readonly ValidationRule[];
  /** `parse` options (the token limit); the same as over HTTP. */
  readonly parseOptions?: ParseOptions;
  /** Takes one operation from the tenant's rate limit; default: no limit. */
  readonly rateLimit?: (tenantId: string) => Promise<RateDecision>;
  /** The bounds on the task ids of an operation, as over HTTP; default: none. */
  readonly taskIdLimit?: TaskIdLimit;
  /** Builds an operation's context; `onEnd` tells it when its caller went away; `origin` is its request id and span. */
  readonly createContext: (tenant: TenantRuntime, onEnd: OperationEnd, origin: OperationOrigin) => GraphQLContext;
}

/**
 * Admits an operation of a streaming transport (WebSocket, SSE, multipart HTTP) the way Apollo admits
 * one over plain HTTP: the tenant's rate limit, parse and validate with the same limits (a query text is
 * parsed and validated once: thousands of subscribers send the same few documents, and a parsed document
 * is ~24 KB; BENCHMARKS.md, fan-out), one operation to run, the task-id bounds; then the execution
 * arguments, with a fresh context whose reads stop when `signal` aborts. One admission for every
 * transport, so no transport is a way around a limit.
 */
export class OperationPreparer {
  private readonly rules: readonly ValidationRule[];
  /**
   * Documents by query text: at most 1,000, and at most 16 MiB of query text, since a text may carry up
   * to a request body of comments and whitespace beyond its tokens (1 MiB over HTTP).
   */
  private readonly documents = new LRUCache<string, DocumentNode>({
    max: 1000,
    maxSize: 16 * 1024 * 1024,
    sizeCalculation: (_document, query) => query.length + 1,
  });

  constructor(private readonly opts: OperationPreparerOptions) {
    this.rules = [...specifiedRules, ...(opts.validationRules ?? [])];
  }

  /**
   * The operation's execution arguments and kind, or the errors that refuse it (each with its code); its
   * context carries `origin` (the transport's request id and span for it).
   */
  async prepare(
    tenant: TenantRuntime,
    request: OperationRequest,
    signal: AbortSignal,
    origin: OperationOrigin,
  ): Promise<GraphQLError[] | PreparedOperation> {
    const { opts } = this;
    if (opts.rateLimit) {
      const decision = await opts.rateLimit(tenant.id);
      if (!decision.allowed)
        return [requestError(decision.message, ErrorCode.RATE_LIMITED, undefined, { retryAfterSeconds: decision.retryAfterSeconds })];
    }
    const { query, operationName, variables } = request;
    if (typeof query !== 'string') return [requestError('Expected "query" to be a string', ErrorCode.BAD_REQUEST)];
    if (operationName != null && typeof operationName !== 'string')
      return [requestError('Expected "operationName" to be a string or null', ErrorCode.BAD_REQUEST)];
    if (variables != null && (typeof variables !== 'object' || Array.isArray(variables)))
      return [requestError('Expected "variables" to be an object or null', ErrorCode.BAD_REQUEST)];
    const variableValues = (variables ?? null) as Record<string, unknown> | null;
    let document = this.documents.get(query);
    if (!document) {
      try {
        document = parse(query, opts.parseOptions);
      } catch (e) {
        return [requestError(e instanceof GraphQLError ? e.message : 'The query does not parse', ErrorCode.GRAPHQL_PARSE_FAILED, e)];
      }
      const invalid = validate(opts.schema, document, this.rules);
      if (invalid.length > 0) return invalid.map((e) => requestError(e.message, ErrorCode.GRAPHQL_VALIDATION_FAILED, e, e.extensions));
      this.documents.set(query, document);
    }
    const operation = getOperationAST(document, operationName);
    if (!operation) {
      return [requestError('Expected exactly one operation, or an operationName naming one of them', ErrorCode.BAD_USER_INPUT)];
    }
    if (opts.taskIdLimit) {
      const refused = await admitTaskIds(opts.taskIdLimit, tenant.id, document, operationName, variableValues);
      if (refused) {
        const retry = refused.retryAfterSeconds;
        return [requestError(refused.message, refused.code, undefined, retry === undefined ? {} : { retryAfterSeconds: retry })];
      }
    }
    const args: ExecutionArgs = {
      schema: opts.schema,
      document,
      operationName: operationName ?? null,
      variableValues,
      // The operation's signal aborts when it ends for any reason; its reads have nothing to wait for then.
      contextValue: opts.createContext(
        tenant,
        (listener) => {
          if (signal.aborted) listener(true);
          else signal.addEventListener('abort', () => listener(true), { once: true });
        },
        origin,
      ),
    };
    return { args, kind: operation.operation, name: operation.name?.value ?? null };
  }
}

/** An error of the request itself (before execution), as a GraphQLError carrying its code. */
export function requestError(message: string, code: ErrorCode, original?: unknown, extra: Record<string, unknown> = {}): GraphQLError {
  const at = original instanceof GraphQLError ? { nodes: original.nodes, source: original.source, positions: original.positions } : {};
  return new GraphQLError(message, { ...at, extensions: { code, ...extra } });
}

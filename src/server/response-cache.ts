import { hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { ApolloServerPlugin, GraphQLRequestListener, HeaderMap } from '@apollo/server';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  getOperationAST,
  type GraphQLObjectType,
  type GraphQLSchema,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';

import type { ExportTaskState } from '../domain/export-task';
import type { TaskRef } from '../domain/task-ref';
import type { GraphQLContext } from '../graphql/context';
import { taskIdsInOperation } from '../graphql/task-ids-in-operation';
import type { HeldState, TaskCache } from '../loading/task-cache';
import type { ReadRecorder } from '../tasks/task-service';
import type { Clock } from '../time/clock';

/** One response kept: its bytes and headers, and what it was made of. */
export interface CachedResponse {
  readonly body: Buffer;
  /** Apollo's response headers (the content type it negotiated from `accept`). */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The task states it shows, as the task cache held them: it is served only while the cache holds every one. */
  readonly held: readonly HeldState[];
  /** Task ids the operation names: a hit takes them from the tenant's ids rate limit as a run would. */
  readonly ids: number;
  /** The operation's name, for its metrics, log line and span. */
  readonly name: string | null;
}

/** The bounds of a `ResponseCache`, per tenant (each tenant has its own LRU: none can evict another's). */
export interface ResponseCacheBounds {
  /** Most responses kept per tenant. Default 1,000. */
  readonly entriesPerTenant?: number;
  /** Most bytes kept per tenant (bodies and bookkeeping). Default 4 MiB. */
  readonly bytesPerTenant?: number;
}

/** Most bytes of one request body that may be a key (larger operations are not cached). */
const MAX_KEYED_BODY = 64 * 1024;
/** Most bytes of one response kept. */
const MAX_RESPONSE_BYTES = 256 * 1024;

/**
 * What each type may be asked for in a cached operation: fields that derive only from task states of the
 * shared cache (with their completion estimate) and from the tenant's configuration. Anything else (a
 * provider's `health` or listing, `_entities`, `_service`, introspection) is live or runs no task read: an
 * operation that selects it is not cached.
 */
const CACHEABLE_FIELDS: Readonly<Record<string, ReadonlySet<string> | 'all'>> = {
  Query: new Set(['exportTask', 'exportTasks', '__typename']),
  ExportTask: 'all',
  Provider: new Set(['id', 'name', 'vendor', 'apiAction', 'apiVersion', 'capabilities', 'configured', '__typename']),
  ProviderCapabilities: 'all',
};

/**
 * The HTTP response cache (README, "Querying": cached answers): the serialized answer of a query whose
 * every field derives from task states the shared cache held, kept per tenant under a key of the request's
 * method, query string, `content-type`, `accept` and body, and served only while the task cache still holds
 * each of those states (the same entry, within `cache.freshMs`, or `cache.terminalMs` for a final one). A
 * hit skips Apollo (parse, validation, execution, serialization); the handler still authenticates, takes
 * the operation's rate-limit tokens, sends its own `x-request-id`, and counts and logs the operation.
 * Never stored: errors or partial results, anything but a query, responses with `extensions`, operations
 * that listed, watched or failed a read, or that select a live field.
 */
export class ResponseCache {
  private readonly tenants = new Map<string, LRUCache<string, CachedResponse>>();
  private readonly candidates = new WeakMap<object, ResponseCandidate>();
  private readonly plans = new WeakMap<DocumentNode, Map<string, boolean>>();
  private readonly entriesPerTenant: number;
  private readonly bytesPerTenant: number;

  constructor(
    private readonly tasks: TaskCache,
    private readonly clock: Clock,
    bounds: ResponseCacheBounds = {},
    /** Counts each lookup: `hit` true when a kept response was served. */
    private readonly count: (hit: boolean) => void = () => {},
  ) {
    this.entriesPerTenant = bounds.entriesPerTenant ?? 1000;
    this.bytesPerTenant = bounds.bytesPerTenant ?? 4 * 1024 * 1024;
  }

  /**
   * The key of a request that may be answered from the cache, or undefined: only `GET` and `POST` with a
   * body of at most 64 KiB, and never a gateway's request for a federated trace (its answer carries a
   * trace of its own run).
   */
  keyOf(req: IncomingMessage, search: string, body: string | undefined): string | undefined {
    if (req.method !== 'POST' && req.method !== 'GET') return undefined;
    if (body !== undefined && body.length > MAX_KEYED_BODY) return undefined;
    if (req.headers['apollo-federation-include-trace'] !== undefined) return undefined;
    const h = req.headers;
    return hash('sha256', `${req.method}\0${search}\0${h['content-type'] ?? ''}\0${h.accept ?? ''}\0${body ?? ''}`, 'base64');
  }

  /** The tenant's kept response for `key` while every task state in it is still current; counted. */
  lookup(tenantId: string, key: string): CachedResponse | undefined {
    const lru = this.tenants.get(tenantId);
    const entry = lru?.get(key);
    if (entry && this.tasks.allHeld(entry.held)) {
      this.count(true);
      return entry;
    }
    if (entry) lru!.delete(key);
    this.count(false);
    return undefined;
  }

  /** A recorder for one operation of `tenantId` that may be kept; give it to the operation's task service and `attach` it to its context. */
  begin(tenantId: string): ResponseCandidate {
    return new ResponseCandidate(this.tasks, tenantId);
  }

  /**
   * Lets the plugin find the candidate of an operation by its context (by its task service: Apollo hands
   * plugins a shallow copy of the context, whose fields are the same objects).
   */
  attach(context: GraphQLContext, candidate: ResponseCandidate): void {
    this.candidates.set(context.tasks, candidate);
  }

  /** Keeps Apollo's answer to the candidate's request when the plugin and the recorder found it cacheable. */
  store(tenantId: string, key: string, candidate: ResponseCandidate, status: number | undefined, headers: HeaderMap, body: string): void {
    const held = candidate.held;
    if (!candidate.cacheable || (status ?? 200) !== 200 || held.length === 0) return;
    const until = Math.min(...held.map((h) => h.entry.until));
    if (until < this.clock.now()) return; // already stale (e.g. `cache.freshMs: 0`)
    const bytes = Buffer.from(body, 'utf8');
    if (bytes.length > MAX_RESPONSE_BYTES) return;
    let lru = this.tenants.get(tenantId);
    if (!lru) {
      lru = new LRUCache<string, CachedResponse>({
        max: this.entriesPerTenant,
        maxSize: this.bytesPerTenant,
        sizeCalculation: (r) => r.body.length + 128 * r.held.length + 256,
      });
      this.tenants.set(tenantId, lru);
    }
    lru.set(key, { body: bytes, headers: [...headers], held, ids: candidate.ids, name: candidate.name });
  }

  /** Responses kept for a tenant (tests). */
  size(tenantId: string): number {
    return this.tenants.get(tenantId)?.size ?? 0;
  }

  /** The Apollo plugin that tells each candidate what its operation was and whether its result may be kept. */
  plugin(): ApolloServerPlugin<GraphQLContext> {
    const hooks: GraphQLRequestListener<GraphQLContext> = {
      willSendResponse: async (rc) => {
        const candidate = this.candidates.get(rc.contextValue.tasks);
        if (!candidate || candidate.spoiled) return;
        const body = rc.response.body;
        const { document, operation, schema } = rc;
        const result = body.kind === 'single' ? body.singleResult : undefined;
        if (
          !result ||
          result.errors?.length ||
          result.data === null ||
          result.data === undefined ||
          result.extensions !== undefined ||
          operation?.operation !== 'query' ||
          !document ||
          !this.derivesFromTasks(schema, document, rc.operationName ?? null)
        ) {
          candidate.uncacheable();
          return;
        }
        candidate.settle(rc.operationName ?? null, taskIdsInOperation(document, rc.operationName, rc.request.variables));
      },
    };
    return { requestDidStart: async () => hooks };
  }

  /** Whether the operation selects only `CACHEABLE_FIELDS` (walked once per document and operation name). */
  private derivesFromTasks(schema: GraphQLSchema, document: DocumentNode, operationName: string | null): boolean {
    let byName = this.plans.get(document);
    if (!byName) this.plans.set(document, (byName = new Map()));
    const known = byName.get(operationName ?? '');
    if (known !== undefined) return known;
    const operation = getOperationAST(document, operationName);
    const query = schema.getQueryType();
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const ok = !!operation && operation.operation === 'query' && !!query && selects(schema, query, operation.selectionSet, fragments);
    byName.set(operationName ?? '', ok);
    return ok;
  }
}

/** Whether `set`, on `type`, selects only cacheable fields (fragments are acyclic in a validated document). */
function selects(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  set: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): boolean {
  const allowed = CACHEABLE_FIELDS[type.name];
  if (!allowed) return false;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      const name = s.name.value;
      if (name === '__typename') continue;
      if (allowed !== 'all' && !allowed.has(name)) return false;
      if (name.startsWith('__')) return false;
      if (!s.selectionSet) continue;
      const field = type.getFields()[name];
      const inner = field && getNamedType(field.type);
      if (!inner || !isObjectType(inner) || !selects(schema, inner, s.selectionSet, fragments)) return false;
    } else {
      const fragment = s.kind === Kind.FRAGMENT_SPREAD ? fragments.get(s.name.value) : s;
      if (!fragment) return false;
      const on = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
      if (on !== type || !selects(schema, type, fragment.selectionSet, fragments)) return false;
    }
  }
  return true;
}

/**
 * What one operation's answer is made of, as it runs: every task state it used (held by the task cache
 * at the time), whether it used anything else, and, from the plugin, its name and ids once its result
 * turned out cacheable.
 */
export class ResponseCandidate implements ReadRecorder {
  readonly held: HeldState[] = [];
  name: string | null = null;
  ids = 0;
  private ok = true;
  private settled = false;

  constructor(
    private readonly tasks: TaskCache,
    private readonly tenantId: string,
  ) {}

  /** Whether the answer may be kept: every state still held as used, the plugin satisfied. */
  get cacheable(): boolean {
    return this.ok && this.settled;
  }

  /** Whether the operation used anything that keeps its answer from being kept. */
  get spoiled(): boolean {
    return !this.ok;
  }

  read(task: TaskRef, state: ExportTaskState): void {
    if (!this.ok) return;
    const held = this.tasks.holding(this.tenantId, task, state);
    if (held) this.held.push(held);
    else this.ok = false;
  }

  uncacheable(): void {
    this.ok = false;
  }

  /** The plugin's word: the operation is a query over cacheable fields with a clean result. */
  settle(name: string | null, ids: number): void {
    this.name = name;
    this.ids = ids;
    this.settled = true;
  }
}

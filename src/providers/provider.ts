import type { ExportStatus, ExportTaskState } from '../domain/export-task';
import type { ProviderId } from '../domain/provider-id';
import type { TaskRef } from '../domain/task-ref';
import type { HttpClient } from '../http/http-client';
import type { OptionReader } from '../options/option-reader';
import type { Clock } from '../time/clock';

/** The options every provider accepts (`tenants[].providers.<id>`), after validation (`common/options.ts`). */
export interface CommonProviderOptions {
  /**
   * Base URL, `http://` or `https://`, with an optional port and path prefix, without a trailing slash
   * (`common/options.ts`); signing uses its host as sent, and each API's path is appended to the prefix
   * on the wire and in the signature (`common/endpoint.ts`).
   */
  readonly endpoint: string;
  /** Per-request timeout in ms. Default 5000. */
  readonly timeoutMs: number;
  /** Read budget for this tenant and provider, requests per second. Default: the descriptor's `maxRequestsPerSecond`. */
  readonly maxRequestsPerSecond: number;
  /** Most calls in flight at once for this tenant and provider. Default 64. */
  readonly maxConcurrentRequests?: number;
}

/** What a provider can do; mirrors the GraphQL `ProviderCapabilities` type. */
export interface ProviderCapabilities {
  /** Tasks can be listed (Huawei only). */
  readonly listing: boolean;
  /** Reports a percentage. */
  readonly progress: boolean;
  /** Reports exportedCount/totalCount. */
  readonly counts: boolean;
  readonly failureReason: boolean;
  /** Reports whether the file was downloaded. */
  readonly downloadTracking: boolean;
  /**
   * The default per-tenant request budget, requests per second: the provider's documented quota, or a
   * safe 10 where none is documented. The one definition of each provider's default rate: the options
   * reader defaults `maxRequestsPerSecond` to it.
   */
  readonly maxRequestsPerSecond: number;
}

/** Static facts about a provider; mirrors the GraphQL `Provider` type's metadata fields. */
export interface ProviderDescriptor {
  readonly id: ProviderId;
  readonly name: string;
  readonly vendor: string;
  readonly apiAction: string;
  readonly apiVersion: string;
  readonly capabilities: ProviderCapabilities;
}

/** Most tasks one listed page may hold (`first`, and the listing APIs' own `limit`). */
export const MAX_PAGE_SIZE = 100;

/** A page request for providers that list tasks (`exportTasks` listings, schema/schema.graphql). */
export interface ListQuery {
  readonly status?: readonly ExportStatus[] | undefined;
  readonly fileName?: string | undefined;
  readonly downloaded?: boolean | undefined;
  /** Only this task (a validated id of the listing provider). */
  readonly task?: TaskRef | undefined;
  readonly orderBy?: { readonly field: 'CREATED_AT'; readonly direction: 'ASC' | 'DESC' } | undefined;
  /** 0-based position of the first task. */
  readonly offset: number;
  /** 1..`MAX_PAGE_SIZE`. */
  readonly limit: number;
}

/** One page of listed tasks. */
export interface ListPage {
  readonly tasks: readonly ExportTaskState[];
  /** Total tasks matching the query, as the provider counts them. */
  readonly totalCount: number;
}

/** Options of one upstream call. */
export interface CallOptions {
  /** Aborts the call (e.g. the GraphQL request went away). */
  readonly signal?: AbortSignal | undefined;
  /** Told the HTTP status of the provider's response, when one came (for the attempt's trace span). */
  readonly onStatus?: ((status: number) => void) | undefined;
}

/**
 * How a provider reads many tasks of one batch (`ProviderClient.batchRead`):
 * - `per-id`: one `read` per task (every provider that can read by id cheaply);
 * - `listing`: the provider has no batch read, but lists the account's tasks `pageSize` at a time (newest
 *   first, through `list`), so a batch holding more ids than the listing has pages is read from the
 *   listing, at most `maxPages` pages, and the ids it did not show one `read` each
 *   (`src/tenancy/listing-batch.ts` decides and runs it).
 */
export type BatchReadStrategy =
  { readonly kind: 'per-id' } | { readonly kind: 'listing'; readonly pageSize: number; readonly maxPages: number };

/**
 * A client of one provider bound to one tenant's options. Reads throw `ServiceError` with the
 * `ErrorCode` (src/errors/error-code.ts) and the provider details; they never throw anything else. A client holds
 * no resource of its own (the HTTP client it uses belongs to whoever created it), so it has no `dispose`.
 */
export interface ProviderClient {
  readonly descriptor: ProviderDescriptor;
  /** Reads one task. A task the provider does not know throws `NOT_FOUND`. */
  read(task: TaskRef, options?: CallOptions): Promise<ExportTaskState>;
  /** Lists tasks; only where `descriptor.capabilities.listing`. */
  list?(query: ListQuery, options?: CallOptions): Promise<ListPage>;
  /** How a batch of reads is made; absent: `per-id`. `listing` needs `list`. */
  readonly batchRead?: BatchReadStrategy | undefined;
}

/** What every provider client is built with besides its options. */
export interface ProviderClientDeps {
  /** The shared transport; clients never dispose it. */
  readonly http: HttpClient;
  /** Signing timestamps and `observedAt`. */
  readonly clock: Clock;
}

/** The rule a provider's task ids follow (the `<providerTaskId>` of a global task id). */
export interface TaskIdRule {
  /** Whether `providerTaskId` is well formed; no call is made. */
  test(providerTaskId: string): boolean;
  /** What a valid id looks like, for error messages, e.g. `1 to 128 characters of …`. */
  readonly description: string;
}

/**
 * Everything the rest of the service knows about one provider, from its own folder: adding a provider
 * is one folder exporting one of these plus its line in `registry.ts` (docs/adding-a-provider.md).
 */
export interface ProviderModule<O extends CommonProviderOptions = CommonProviderOptions> {
  /** Static metadata, capabilities and the default request rate. */
  readonly descriptor: ProviderDescriptor;
  /** Its task ids. */
  readonly taskId: TaskIdRule;
  /** Reads and validates one tenant's options for this provider (`tenants[].providers.<id>`), defaults applied. */
  readOptions(reader: OptionReader): O;
  /** A client bound to one tenant's options; it uses `deps.http` without owning it. */
  createClient(options: O, deps: ProviderClientDeps): ProviderClient;
}

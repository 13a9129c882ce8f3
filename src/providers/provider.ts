import type { ExportStatus, ExportTaskState } from './export-task';
import type { ProviderId } from './provider-id';

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
  /** Default per-tenant request budget for reads, requests per second. */
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

/** A page request for providers that list tasks (CONTRACT.md section 3, "Listing"). */
export interface ListQuery {
  readonly status?: readonly ExportStatus[] | undefined;
  readonly fileName?: string | undefined;
  readonly downloaded?: boolean | undefined;
  readonly providerTaskId?: string | undefined;
  readonly orderBy?: { readonly field: 'CREATED_AT'; readonly direction: 'ASC' | 'DESC' } | undefined;
  /** 0-based position of the first task. */
  readonly offset: number;
  /** 1..100. */
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
}

/**
 * A client of one provider bound to one tenant's credentials. Reads throw `ServiceError` with the
 * CONTRACT.md section 4 code and the provider details; they never throw anything else.
 */
export interface ProviderClient {
  readonly descriptor: ProviderDescriptor;
  /** Reads one task. A task the provider does not know throws `NOT_FOUND`. */
  read(providerTaskId: string, options?: CallOptions): Promise<ExportTaskState>;
  /** Lists tasks; only where `descriptor.capabilities.listing`. */
  list?(query: ListQuery, options?: CallOptions): Promise<ListPage>;
  /** Releases connections and timers. */
  dispose(): Promise<void>;
}

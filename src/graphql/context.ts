import type DataLoader from 'dataloader';
import type { ExportTaskState } from '../providers/export-task';
import type { TenantRuntime } from '../tenancy/tenant-runtime';
import type { Services } from '../services';

/** Per-operation state: built anew for every HTTP request and every WebSocket operation. */
export interface GraphQLContext {
  /** The authenticated tenant; every read uses its credentials and its cache keys. */
  readonly tenant: TenantRuntime;
  /** Fresh DataLoaders of this operation. */
  readonly loaders: { readonly task: DataLoader<string, ExportTaskState> };
  /** Process-wide services. */
  readonly services: Services;
  /** Correlates log lines of this operation. */
  readonly requestId: string;
}

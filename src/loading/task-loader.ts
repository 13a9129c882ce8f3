import DataLoader from 'dataloader';
import type { ExportTaskState } from '../providers/export-task';
import { toServiceError } from '../errors/service-error';
import { parseTaskId } from '../providers/task-id';
import type { TenantRuntime } from '../tenancy/tenant-runtime';
import type { TaskCache } from './task-cache';

/**
 * A per-operation loader of tasks by global id. Every read of an operation goes through it, so an id
 * asked for many times costs one read; all ids of a batch are read concurrently (bounded per provider
 * by the gateway's bulkhead). Failures are returned per key as `ServiceError`s.
 */
export function createTaskLoader(tenant: TenantRuntime, cache: TaskCache): DataLoader<string, ExportTaskState> {
  return new DataLoader<string, ExportTaskState>(
    (ids) =>
      Promise.all(
        ids.map(async (id) => {
          try {
            const { provider, providerTaskId } = parseTaskId(id);
            return await cache.read(tenant, provider, providerTaskId);
          } catch (e) {
            return toServiceError(e);
          }
        }),
      ),
    { maxBatchSize: 1000 },
  );
}

import { startEmulator } from '../../src/emulator';
import { createHttpClient } from '../../src/http/http-client';
import { createWorkspaceClient, WORKSPACE_BATCH_READ } from '../../src/providers/huawei-workspace/client';
import type { WorkspaceOptions } from '../../src/providers/huawei-workspace/options';
import { MAX_PAGE_SIZE, type ProviderClient } from '../../src/providers/provider';
import { parseTaskId } from '../../src/providers/task-id';
import { RateBudget } from '../../src/quota/rate-budget';
import { ProviderGateway } from '../../src/tenancy/provider-gateway';
import { systemClock } from '../../src/time/clock';
import { BENCH_ACCOUNT } from '../support/bench-config';
import { round } from '../support/stats';

/** Options of the Huawei batch-strategy benchmark. */
export interface HuaweiStrategyOptions {
  /** Distinct Huawei ids per batch, e.g. [10, 100, 1000]. */
  readonly sizes: readonly number[];
  /** Tasks in the account (default 1,000: 10 pages, the listing cap). */
  readonly accountTasks: number;
  /** The request budget, requests per second (Huawei's default: 10). */
  readonly requestsPerSecond: number;
  /** Latency the emulator adds to every answer, ms. */
  readonly latencyMs: number;
  readonly log: (line: string) => void;
}

/** How a batch was read. */
export type HuaweiStrategy = 'per-id' | 'listing' | 'chosen';

/** One batch's numbers. */
export interface HuaweiStrategyRow {
  readonly strategy: HuaweiStrategy;
  readonly ids: number;
  /** Listing pages and `task_id` reads the emulator received. */
  readonly pages: number;
  readonly reads: number;
  readonly wallMs: number;
  readonly failures: number;
}

/** The benchmark's results. */
export interface HuaweiStrategyResult {
  readonly settings: Omit<HuaweiStrategyOptions, 'log'>;
  readonly rows: readonly HuaweiStrategyRow[];
}

/**
 * One batch of N distinct Huawei ids, spread evenly over an account of `accountTasks` (the newest among
 * them), read through the service's own gateway (budget at `requestsPerSecond`, retries, breaker) and
 * Workspace client against the emulator over HTTP, three ways: `per-id` (one `task_id` read each),
 * `listing` (every page of the listing, newest first, until every id was seen) and `chosen` (what the
 * service does: `ProviderGateway.readMany` with the client's `batchRead`, the account's size known from a
 * first listing page). Each batch has a fresh gateway, so its budget starts empty, as a tenant's at rest.
 */
export async function runHuaweiStrategies(options: HuaweiStrategyOptions): Promise<HuaweiStrategyResult> {
  const { log, accountTasks } = options;
  const id = (i: number) => `bench-hw-${String(i).padStart(5, '0')}`;
  const base = Date.now() - 3_600_000;
  const emulator = await startEmulator('huawei-workspace', {
    accounts: [BENCH_ACCOUNT],
    quotaPerSecond: 10_000_000,
    tasks: Array.from({ length: accountTasks }, (_, i) => ({
      id: id(i),
      accountId: BENCH_ACCOUNT.accountId,
      createdAt: base + i * 1000,
      durationMs: 24 * 3_600_000,
    })),
  });
  emulator.faults.inject({ kind: 'latency', ms: options.latencyMs });
  const http = createHttpClient();
  const workspaceOptions: WorkspaceOptions = {
    endpoint: emulator.url,
    timeoutMs: 10_000,
    maxRequestsPerSecond: options.requestsPerSecond,
    ak: BENCH_ACCOUNT.accessKeyId,
    sk: BENCH_ACCOUNT.secret,
    projectId: BENCH_ACCOUNT.projectId!,
  };
  const client = createWorkspaceClient(workspaceOptions, { http, clock: systemClock });
  const gatewayOf = (c: ProviderClient) =>
    new ProviderGateway(c, systemClock, { budget: new RateBudget(options.requestsPerSecond, systemClock), tenantId: 'bench' });
  const rows: HuaweiStrategyRow[] = [];
  log(
    `  huawei: an account of ${accountTasks} tasks, ${options.requestsPerSecond} requests/s, emulator latency ${options.latencyMs} ms, listing cap ${WORKSPACE_BATCH_READ.maxPages} pages`,
  );
  try {
    for (const size of options.sizes) {
      const ids = Array.from({ length: size }, (_, k) => id(Math.round(((k + 1) * accountTasks) / size) - 1));
      const tasks = ids.map((t) => parseTaskId(`huawei-workspace:${t}`));
      for (const strategy of ['per-id', 'listing', 'chosen'] as const) {
        const gateway = gatewayOf(strategy === 'per-id' ? { ...client, batchRead: { kind: 'per-id' } } : client);
        const budget = gateway.budget;
        try {
          if (strategy === 'chosen') {
            await gateway.list({ offset: 0, limit: 1 }); // the account's size, as any earlier listing would tell it
            await new Promise((r) => setTimeout(r, 1000)); // and a budget at rest again
          }
          emulator.stats.reset();
          const started = performance.now();
          let failures = 0;
          if (strategy === 'listing') {
            const missing = new Set(ids);
            for (let offset = 0; missing.size > 0 && offset < accountTasks; offset += MAX_PAGE_SIZE) {
              const page = await gateway.list({ offset, limit: MAX_PAGE_SIZE, orderBy: { field: 'CREATED_AT', direction: 'DESC' } });
              for (const t of page.tasks) missing.delete(t.providerTaskId);
            }
            failures = missing.size;
          } else {
            // One signal per task, as the task cache gives each of its reads in flight.
            const results = await Promise.allSettled(
              gateway.readMany(tasks.map((task) => ({ task, signal: new AbortController().signal }))),
            );
            failures = results.filter((r) => r.status === 'rejected').length;
          }
          const wallMs = round(performance.now() - started, 0);
          const requests = emulator.stats.requests;
          const row: HuaweiStrategyRow = {
            strategy,
            ids: size,
            pages: requests.filter((r) => r.taskIds.length === 0).length,
            reads: requests.filter((r) => r.taskIds.length > 0).length,
            wallMs,
            failures,
          };
          rows.push(row);
          log(`  huawei ${strategy}, ${size} ids: ${row.pages} pages + ${row.reads} reads, ${row.wallMs} ms, failures ${row.failures}`);
        } finally {
          gateway.dispose();
          budget.dispose();
        }
      }
    }
  } finally {
    await http.dispose();
    await emulator.dispose();
  }
  const { log: _log, ...settings } = options;
  void _log;
  return { settings, rows };
}

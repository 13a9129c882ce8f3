import type { CallPriority } from './rate-budget';

/**
 * What a provider gateway waits on before each upstream call: a `RateBudget` in one process, a
 * Redis-shared budget across replicas (live/redis/redis-budget.ts).
 */
export interface RequestBudget {
  /** Resolves when a call may start. */
  acquire(priority?: CallPriority): Promise<void>;
  /** How many acquisitions had to wait (for metrics). */
  readonly waited: number;
  /** Releases every waiter. */
  dispose(): void;
}

/** Builds the budget of one (tenant, provider) from its requests-per-second quota. */
export type BudgetFactory = (tenantId: string, provider: string, requestsPerSecond: number) => RequestBudget;

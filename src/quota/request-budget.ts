/** Who is waiting: interactive reads (queries) go before background polls. */
export type CallPriority = 'interactive' | 'background';

/** How one call waits for its turn. */
export interface AcquireOptions {
  /** Default `interactive`. */
  readonly priority?: CallPriority;
  /** Leaves the queue: the wait rejects with the signal's reason, and the turn goes to the next waiter. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Refuse at once, with `BudgetExceeded`, when the call could not start within this many ms (a call that
   * would miss its operation's deadline anyway answers now). Default: wait as long as it takes.
   */
  readonly maxWaitMs?: number | undefined;
}

/** A call that the budget cannot start within its `maxWaitMs`: too many calls of this (tenant, provider) are queued. */
export class BudgetExceeded extends Error {
  override readonly name = 'BudgetExceeded';
  constructor(
    /** How long the call would have waited, ms. */
    readonly waitMs: number,
    /** The budget, requests per second. */
    readonly requestsPerSecond: number,
  ) {
    super(`no start within the wait allowed: the next free start is ${Math.ceil(waitMs)} ms away at ${requestsPerSecond}/s`);
  }
}

/**
 * What a provider gateway waits on before each upstream call: a `RateBudget` in one process, a
 * Redis-shared `RedisBudget` across replicas.
 */
export interface RequestBudget {
  /** Resolves when a call may start; rejects with `BudgetExceeded`, or the signal's reason when abandoned. */
  acquire(options?: AcquireOptions): Promise<void>;
  /** How many acquisitions had to wait (for metrics). */
  readonly waited: number;
  /** Callers waiting now. */
  readonly queued: number;
  /** Releases every waiter. */
  dispose(): void;
}

/** Builds the budget of one (tenant, provider) from its requests-per-second quota; the caller owns it. */
export type BudgetFactory = (tenantId: string, provider: string, requestsPerSecond: number) => RequestBudget;

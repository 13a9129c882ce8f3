import type { Clock, Timer } from '../time/clock';
import { type AcquireOptions, BudgetExceeded, type RequestBudget } from './request-budget';
import { WaitQueue } from './wait-queue';

export type { CallPriority } from './request-budget';

/** Safety margin added to every second of quota, ms: absorbs jitter between our send and the provider's count. */
export const QUOTA_MARGIN_MS = 75;

/** The gap between two call starts of a budget of `requestsPerSecond`, ms. */
export function gapOf(requestsPerSecond: number): number {
  return (1000 + QUOTA_MARGIN_MS) / requestsPerSecond;
}

/**
 * The request budget of one (tenant, provider) in this process: call starts are spaced evenly, one
 * every `(1000 + QUOTA_MARGIN_MS) / rps` ms. Even spacing (rather than a token bucket or a sliding log
 * that lets a whole second's quota start at once) is what keeps a provider's "N per second" true in
 * every window the provider may measure: bursts arrive spread out by connection set-up and server
 * queueing, and the tail of one burst lands in the same second as the head of the next (we measured
 * Tencent's emulator refusing the 21st request exactly so). Waiters are served interactive before
 * background, each in arrival order; a waiter whose caller left is dropped before its turn, and a call
 * that could not start within its `maxWaitMs` is refused at once.
 */
export class RateBudget implements RequestBudget {
  private readonly waiters = new WaitQueue();
  private nextStart = 0;
  private timer: Timer | undefined;
  private waits = 0;
  /** Minimum ms between two call starts. */
  readonly gapMs: number;

  constructor(
    /** Requests per second; fractions allowed (0.5 = one call every two seconds). */
    readonly requestsPerSecond: number,
    private readonly clock: Clock,
  ) {
    if (!(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond)) {
      throw new Error(`RateBudget requestsPerSecond must be a positive number but got: ${requestsPerSecond}`);
    }
    this.gapMs = gapOf(requestsPerSecond);
  }

  /** How many acquisitions had to wait (for metrics). */
  get waited(): number {
    return this.waits;
  }

  /** Callers waiting now. */
  get queued(): number {
    return this.waiters.size;
  }

  /** Resolves when a call may start. */
  acquire(options: AcquireOptions = {}): Promise<void> {
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);
    if (this.waiters.size === 0 && this.tryTake()) return Promise.resolve();
    if (options.maxWaitMs !== undefined) {
      // When this call would start: after every waiter ahead of it, one gap apart.
      const waitMs = Math.max(0, this.nextStart - this.clock.now()) + this.waiters.ahead(options.priority ?? 'interactive') * this.gapMs;
      if (waitMs > options.maxWaitMs) return Promise.reject(new BudgetExceeded(waitMs, this.requestsPerSecond));
    }
    this.waits++;
    return this.waiters.wait(options, () => this.schedule());
  }

  private tryTake(): boolean {
    const now = this.clock.now();
    // The clock counts whole milliseconds: every start due within the current one may go, several when
    // the gap is under a millisecond (a budget of thousands per second is not one start per ms).
    if (this.nextStart >= now + 1) return false;
    this.nextStart = Math.max(now, this.nextStart) + this.gapMs;
    return true;
  }

  private schedule(): void {
    if (this.timer || this.waiters.size === 0) return;
    this.timer = this.clock.setTimer(
      () => {
        this.timer = undefined;
        // Every waiter whose start has come goes now: one per timer would cap a busy process (whose
        // timers fire late) at one call per event-loop turn, whatever the budget (BENCHMARKS.md, batching).
        while (this.waiters.size > 0 && this.tryTake()) this.waiters.next();
        this.schedule();
      },
      // A start may go within the millisecond it is due (`tryTake`): waking later would lose that time for good.
      Math.floor(this.nextStart - this.clock.now()),
    );
  }

  /** Releases every waiter (shutdown) and stops the timer. */
  dispose(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.waiters.releaseAll();
  }
}

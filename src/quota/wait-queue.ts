import type { AcquireOptions, CallPriority } from './request-budget';

interface Waiter<G> {
  readonly resolve: (grant: G) => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: (() => void) | undefined;
}

/**
 * The waiters of a budget, interactive before background, each in arrival order. A waiter whose signal
 * aborts leaves the queue at once (its promise rejects with the signal's reason), so an abandoned call
 * never takes a turn. A waiter is let go with a grant `G` (what kind of turn it got).
 */
export class WaitQueue<G = void> {
  private readonly queues: Record<CallPriority, Array<Waiter<G>>> = { interactive: [], background: [] };

  /** Waiters now. */
  get size(): number {
    return this.queues.interactive.length + this.queues.background.length;
  }

  /** Waiters that go before a new waiter of `priority`. */
  ahead(priority: CallPriority): number {
    return priority === 'interactive' ? this.queues.interactive.length : this.size;
  }

  /** A promise resolved with the grant when `next()` reaches this waiter; `onQueued` runs once it is queued. */
  wait(options: AcquireOptions, onQueued: () => void): Promise<G> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const queue = this.queues[options.priority ?? 'interactive'];
    return new Promise<G>((resolve, reject) => {
      const onAbort = signal
        ? () => {
            const i = queue.indexOf(waiter);
            if (i >= 0) queue.splice(i, 1);
            reject(signal.reason);
          }
        : undefined;
      const waiter: Waiter<G> = { resolve, reject, signal, onAbort };
      if (onAbort) signal!.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
      onQueued();
    });
  }

  /** Lets the first waiter go (interactive first) with `grant`; false when none waits. */
  next(grant: G): boolean {
    const waiter = this.queues.interactive.shift() ?? this.queues.background.shift();
    if (!waiter) return false;
    if (waiter.onAbort) waiter.signal!.removeEventListener('abort', waiter.onAbort);
    waiter.resolve(grant);
    return true;
  }

  /** Lets every waiter go with `grant`. */
  releaseAll(grant: G): void {
    while (this.next(grant));
  }
}

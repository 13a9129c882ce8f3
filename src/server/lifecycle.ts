/** Where the process is in its life: readiness answers 200 only while `ready`. */
export type LifecycleState = 'starting' | 'ready' | 'draining' | 'stopped';

/** Holds the lifecycle state and the count of HTTP requests in flight (for graceful drain). */
export class Lifecycle {
  state: LifecycleState = 'starting';
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  /** Marks a request started; call the returned function when it has finished. */
  begin(): () => void {
    this.inFlight++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight--;
      if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
    };
  }

  /** Requests in flight now. */
  get active(): number {
    return this.inFlight;
  }

  /** Resolves when no request is in flight, or after `timeoutMs`; true when idle was reached. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

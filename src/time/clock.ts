/** A scheduled callback; `cancel()` stops it if it has not run yet. */
export interface Timer {
  cancel(): void;
}

/**
 * The current time and timers, so that the stateful parts of the service (budgets, pollers, leases)
 * run on simulated time in tests and the emulators' tasks progress on a simulated clock.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Runs `fn` once, `ms` milliseconds from now (at once when `ms` ≤ 0, but never synchronously). */
  setTimer(fn: () => void, ms: number): Timer;
}

/** The real wall clock and Node's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  },
};

interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that only moves when told to, with timers that fire as it moves: for deterministic tests of
 * anything that waits. `advance` fires due timers synchronously; `advanceAsync` also lets the promise
 * callbacks each timer starts run before the next timer fires, as they would in real time.
 */
export class ManualClock implements Clock {
  private scheduled: Scheduled[] = [];
  private seq = 0;

  constructor(private current = Date.UTC(2026, 10, 22, 9, 30, 0)) {}

  now(): number {
    return this.current;
  }

  setTimer(fn: () => void, ms: number): Timer {
    const s: Scheduled = { at: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.scheduled.push(s);
    return { cancel: () => void (s.cancelled = true) };
  }

  /** Timers waiting to fire. */
  get pendingTimers(): number {
    return this.scheduled.filter((s) => !s.cancelled).length;
  }

  /** Moves the clock forward by `ms`, firing every timer that comes due, in time order. */
  advance(ms: number): void {
    const until = this.current + ms;
    for (let s = this.nextDue(until); s; s = this.nextDue(until)) {
      this.current = Math.max(this.current, s.at);
      s.fn();
    }
    this.current = until;
  }

  /**
   * Moves the clock forward by `ms` like `advance`, and after each timer (and at the end) waits until
   * the promise callbacks it started have run: a loop of timers and awaits behaves as in real time.
   */
  async advanceAsync(ms: number): Promise<void> {
    const until = this.current + ms;
    await settle();
    for (let s = this.nextDue(until); s; s = this.nextDue(until)) {
      this.current = Math.max(this.current, s.at);
      s.fn();
      await settle();
    }
    this.current = until;
    await settle();
  }

  /**
   * Moves the clock to the earliest pending timer, fires it and lets the promise callbacks it started
   * run; false (and the clock unmoved) when no timer is pending.
   */
  async advanceToNextTimer(): Promise<boolean> {
    const next = this.scheduled.filter((s) => !s.cancelled).reduce<Scheduled | undefined>((a, s) => (!a || s.at < a.at ? s : a), undefined);
    if (!next) return false;
    await this.advanceAsync(Math.max(0, next.at - this.current));
    return true;
  }

  /** Sets the clock to `epochMs` (timers due by then are not fired). */
  set(epochMs: number): void {
    this.current = epochMs;
  }

  private nextDue(until: number): Scheduled | undefined {
    this.scheduled = this.scheduled.filter((s) => !s.cancelled);
    let next: Scheduled | undefined;
    for (const s of this.scheduled) if (s.at <= until && (!next || s.at < next.at || (s.at === next.at && s.seq < next.seq))) next = s;
    if (next) this.scheduled.splice(this.scheduled.indexOf(next), 1);
    return next;
  }
}

/** Resolves once every promise callback queued so far (and those they queue) has run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

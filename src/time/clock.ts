/** A source of the current time, so that tests and emulators can run on simulated time. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** The real wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to; for deterministic tests. */
export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2026, 10, 22, 9, 30, 0)) {}
  now(): number {
    return this.current;
  }
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current += ms;
  }
  /** Sets the clock to `epochMs`. */
  set(epochMs: number): void {
    this.current = epochMs;
  }
}

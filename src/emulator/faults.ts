import type { Fault, FaultController } from './types';

/** A fault that decides the answer (every kind but latency). */
export type AnsweringFault = Exclude<Fault, { kind: 'latency' }>;

/** The faults one request gets: a total delay, and at most one fault that decides the answer. */
export interface FaultDraw {
  readonly latencyMs: number;
  readonly answer: AnsweringFault | undefined;
}

interface ActiveFault {
  readonly fault: Fault;
  /** Requests left; Infinity until cleared. */
  remaining: number;
}

const KINDS: ReadonlySet<string> = new Set([
  'latency',
  'server-error',
  'throttle',
  'reset',
  'malformed',
  'missing-fields',
  'hang',
  'no-such-action',
]);

/**
 * The active faults of one emulator (see `FaultController` for the combination rules), and the requests
 * held by `hang`, which `clear()` releases.
 */
export class FaultSchedule implements FaultController {
  private active: ActiveFault[] = [];
  private readonly held = new Set<() => void>();

  inject(fault: Fault, options?: { readonly times?: number }): void {
    if (fault === null || typeof fault !== 'object' || !KINDS.has(fault.kind)) {
      throw new Error(`fault.kind must be one of ${[...KINDS].join(', ')} but got: ${JSON.stringify(fault)}`);
    }
    if (fault.kind === 'latency' && !(Number.isFinite(fault.ms) && fault.ms >= 0)) {
      throw new Error(`latency fault ms must be a finite number >= 0 but got: ${String(fault.ms)}`);
    }
    const times = options?.times;
    if (times !== undefined && !(Number.isInteger(times) && times > 0)) {
      throw new Error(`fault times must be a positive integer but got: ${String(times)}`);
    }
    this.active.push({ fault, remaining: times ?? Infinity });
  }

  clear(): void {
    this.active = [];
    const release = [...this.held];
    this.held.clear();
    for (const r of release) r();
  }

  /** Takes the faults for the next request, counting it against their `times`. */
  draw(): FaultDraw {
    let latencyMs = 0;
    let answer: AnsweringFault | undefined;
    for (const entry of this.active) {
      if (entry.fault.kind === 'latency') {
        latencyMs += entry.fault.ms;
        entry.remaining -= 1;
      } else if (answer === undefined) {
        answer = entry.fault;
        entry.remaining -= 1;
      }
    }
    this.active = this.active.filter((e) => e.remaining > 0);
    return { latencyMs, answer };
  }

  /** Holds a hung request until `clear()`; the returned function forgets it (on dispose or disconnect). */
  hold(release: () => void): () => void {
    this.held.add(release);
    return () => this.held.delete(release);
  }
}

/** A task's place in its group's poll interval; `release()` gives it back (idempotent). */
export interface PollSlot {
  /** Where in the interval the task is due, as a fraction in [0, 1). */
  readonly phase: number;
  release(): void;
}

/**
 * Spreads the polls of the tasks that share one request budget (a tenant's provider) over the poll
 * interval, so that they are not all due at the same instant. The k-th slot of a group taken (the
 * lowest free one) is due at the van der Corput fraction of k (0, ½, ¼, ¾, ⅛, ⅝, …): whatever the
 * number N of tasks polled at once, their deadlines are at most twice the even spacing 1/N apart
 * (exactly 1/N when N is a power of two), and a task that stops frees its slot for the next one
 * without moving the others. Memory: one number per slot taken, and a group is forgotten when empty.
 */
export class PollSlots {
  private readonly groups = new Map<string, { taken: number; high: number; free: number[] }>();

  /** Takes the lowest free slot of `group` (e.g. tenant and provider). */
  take(group: string): PollSlot {
    let g = this.groups.get(group);
    if (!g) this.groups.set(group, (g = { taken: 0, high: 0, free: [] }));
    // `free` is sorted descending: its last element is the lowest free index.
    const index = g.free.length > 0 ? g.free.pop()! : g.high++;
    g.taken++;
    let released = false;
    return {
      phase: vanDerCorput(index),
      release: () => {
        if (released) return;
        released = true;
        this.give(group, index);
      },
    };
  }

  /** Slots taken now in `group`. */
  taken(group: string): number {
    return this.groups.get(group)?.taken ?? 0;
  }

  private give(group: string, index: number): void {
    const g = this.groups.get(group);
    if (!g) return;
    if (--g.taken === 0) {
      this.groups.delete(group);
      return;
    }
    let lo = 0;
    let hi = g.free.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (g.free[mid]! > index) lo = mid + 1;
      else hi = mid;
    }
    g.free.splice(lo, 0, index);
  }
}

/** The van der Corput fraction of `index` in base 2: its binary digits mirrored behind the point. */
export function vanDerCorput(index: number): number {
  let fraction = 0;
  let weight = 0.5;
  for (let n = index; n > 0; n = Math.floor(n / 2), weight /= 2) if (n % 2 === 1) fraction += weight;
  return fraction;
}

/**
 * At most `limit` admissions per key in any window of `windowMs` (a sliding log): a request is admitted
 * when fewer than `limit` admissions of its key happened in `(now - windowMs, now]`. Refused requests do
 * not count, so the admitted ones never exceed the quota in any window.
 */
export class SlidingWindowQuota {
  private readonly admitted = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Admits (and counts) a request of `key` at `now` (epoch ms), or refuses it. */
  tryAdmit(key: string, now: number): boolean {
    const times = (this.admitted.get(key) ?? []).filter((t) => t > now - this.windowMs && t <= now);
    const ok = times.length < this.limit;
    if (ok) times.push(now);
    this.admitted.set(key, times);
    return ok;
  }
}

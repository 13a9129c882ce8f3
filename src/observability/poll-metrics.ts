/** What the live pollers report: how late each poll started against its deadline, and deadlines skipped. */
export interface PollMetrics {
  /** One poll started `ms` after its deadline (0 when on time). */
  lateness(ms: number): void;
  /** `count` deadlines of one task passed while its read was still running, and were skipped, not caught up. */
  skipped(count: number): void;
}

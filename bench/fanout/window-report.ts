/** A p50/p99/max summary of delays, ms. */
export interface DelaySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** What the load generator measured in one window (its `window-end` answer). */
export interface WindowReport {
  readonly windowMs: number;
  /** Requests the emulator received in the window. */
  readonly upstreamReads: number;
  readonly readsPerInterval: number;
  /** The most reads per interval of any one task, between its own first and last read in the window. */
  readonly maxReadsOfOneTaskPerInterval: number;
  /** The shortest time between two consecutive reads of one task in the window, ms. */
  readonly shortestPollGapMs: number | undefined;
  readonly tasksRead: number;
  /** Time between consecutive reads of one task: the effective polling interval. */
  readonly pollGapMs: DelaySummary;
  /** Distinct events (task, advance) any subscriber received, observed in the window. */
  readonly eventsPublished: number;
  readonly eventsPublishedPerInterval: number;
  /** Per subscriber, the events published for its task, summed: what should have arrived. */
  readonly eventsExpected: number;
  readonly eventsReceived: number;
  /** Expected events a subscriber did not receive within the drain time after the window. */
  readonly eventsLost: number;
  readonly duplicates: number;
  readonly observedToDelivered: DelaySummary;
  readonly changeToDelivered: DelaySummary;
  /** Protocol errors, GraphQL errors, provider errors, unexpected completions or closes, final events. */
  readonly problems: Record<string, number>;
  readonly problemSamples: readonly string[];
  readonly loadGenerator: { readonly cpuPercent: number; readonly eventLoopDelayP99Ms: number; readonly rssMiB: number };
}

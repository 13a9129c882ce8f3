/** What the shared task cache reports: each `read`, served from the cache (hit) or not (miss). */
export interface CacheMetrics {
  read(provider: string, hit: boolean): void;
}

/** Reports nothing. */
export const NO_CACHE_METRICS: CacheMetrics = { read: () => {} };

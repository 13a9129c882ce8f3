/** Reading one Prometheus histogram off a service's `/metrics`, and its quantiles over a window. */

/** The cumulative bucket counts of one histogram: upper bound (seconds, `Infinity` for `+Inf`) to count. */
export type HistogramBuckets = ReadonlyMap<number, number>;

/** The buckets of the unlabelled histogram `name` in a Prometheus text exposition (empty when absent). */
export function parseHistogram(text: string, name: string): HistogramBuckets {
  const buckets = new Map<number, number>();
  const prefix = `${name}_bucket{le="`;
  for (const line of text.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const end = line.indexOf('"', prefix.length);
    const le = line.slice(prefix.length, end);
    const count = Number(line.slice(line.lastIndexOf(' ') + 1));
    buckets.set(le === '+Inf' ? Infinity : Number(le), count);
  }
  return buckets;
}

/** The value of the unlabelled counter `name` (0 when absent). */
export function parseCounter(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}

/** What was observed between two scrapes: `after` minus `before`, bucket by bucket. */
export function bucketDelta(before: HistogramBuckets, after: HistogramBuckets): HistogramBuckets {
  const delta = new Map<number, number>();
  for (const [le, count] of after) delta.set(le, count - (before.get(le) ?? 0));
  return delta;
}

/**
 * The `q` quantile (0..1) of cumulative `buckets`, by linear interpolation inside the bucket it falls
 * in, as Prometheus's `histogram_quantile` does (the lowest bucket from 0; a quantile in `+Inf` is the
 * highest finite bound). NaN when nothing was observed.
 */
export function histogramQuantile(buckets: HistogramBuckets, q: number): number {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const total = buckets.get(Infinity) ?? 0;
  if (total === 0) return NaN;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const le of bounds) {
    const count = buckets.get(le)!;
    if (count >= rank) {
      if (le === Infinity) return lower;
      return lower + (le - lower) * ((rank - below) / Math.max(1, count - below));
    }
    lower = le;
    below = count;
  }
  return lower;
}

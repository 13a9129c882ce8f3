/** "about 3 min 20 s left" for `ms` milliseconds; "any moment now" once the estimate has passed. */
export function formatRemaining(ms: number): string {
  if (ms <= 0) return 'any moment now';
  const s = Math.ceil(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = h > 0 ? [`${h} h`, `${m} min`] : m > 0 ? [`${m} min`, `${s % 60} s`] : [`${s} s`];
  return `about ${parts.join(' ')} left`;
}

import { ExportTaskUpdatesDocument } from '../../src/generated/graphql';
import { type Stack, startStack } from '../support/stack';
import { record, sleep, wsClient } from '../support/ws-client';

/** The most requests that arrived within any window of `windowMs`. */
function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

describe('polling within the provider quota', () => {
  let stack: Stack;
  afterAll(() => stack.dispose());

  it('watches 100 Tencent tasks at a 1 s interval without exceeding 20 reads per second, every task read at least every 6 s', async () => {
    const tasks = Array.from({ length: 100 }, (_, i) => `quota-task-${i}`);
    stack = await startStack({
      providers: ['tencent-tcss'],
      settings: { maxRequestsPerSecond: 20 },
      config: { polling: { intervalMs: 1000, maxIntervalMs: 30_000 } },
      tasks: { 'tencent-tcss': tasks.map((t) => ({ id: t, accountId: 'acct-a', createdAt: Date.now(), durationMs: 600_000 })) },
    });
    const emulator = stack.emulator('tencent-tcss');
    const client = wsClient(stack.app);
    const r = record(client, ExportTaskUpdatesDocument, { ids: tasks.map((t) => `tencent-tcss:${t}`) });
    await sleep(14_000);
    r.stop();
    await client.dispose();

    const requests = emulator.stats.requests;
    expect(requests.filter((q) => q.outcome !== 'ok')).toEqual([]);
    expect(
      maxInWindow(
        requests.map((q) => q.at),
        1000,
      ),
    ).toBeLessThanOrEqual(20);
    const end = requests[requests.length - 1]!.at;
    for (const t of tasks) {
      const times = requests.filter((q) => q.taskIds.includes(t)).map((q) => q.at);
      expect(times.length).toBeGreaterThanOrEqual(2);
      const gaps = times.slice(1).map((at, i) => at - times[i]!);
      expect(Math.max(...gaps, end - times[times.length - 1]!)).toBeLessThanOrEqual(6000);
    }
    expect(r.errors).toEqual([]);
  });
});

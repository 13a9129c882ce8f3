import { ExportTaskUpdatesDocument, type ExportTaskUpdatesSubscription } from '../../src/generated/graphql';
import { ExportTaskUpdatesResolver } from '../../src/graphql/export-task/export-task-updates.resolver';
import { type Stack, startStack } from '../support/stack';
import { record, wsClient } from '../support/ws-client';

type Update = ExportTaskUpdatesSubscription['exportTaskUpdates'];
const id = (t: string) => `tencent-tcss:${t}`;

/**
 * Subscription events are executed and serialized once per change and operation, not once per
 * subscriber (src/server/shared-subscription-events.ts; BENCHMARKS.md, fan-out): what every
 * subscriber receives is unchanged, the work is not multiplied by the subscribers.
 */
describe('exportTaskUpdates: one execution per change, whatever the number of subscribers', () => {
  let stack: Stack;
  afterEach(async () => {
    jest.restoreAllMocks();
    await stack?.dispose();
  });

  it('runs the update resolver once per event for 12 identical subscriptions over 3 connections', async () => {
    stack = await startStack({
      providers: ['tencent-tcss'],
      config: { polling: { intervalMs: 500, maxIntervalMs: 30_000 } },
      tasks: { 'tencent-tcss': [{ id: 'shared-1', accountId: 'acct-a', createdAt: Date.now(), durationMs: 2000 }] },
    });
    const resolve = jest.spyOn(ExportTaskUpdatesResolver.prototype, 'exportTaskUpdates');
    const clients = Array.from({ length: 3 }, () => wsClient(stack.app));
    const recordings = clients.flatMap((c) =>
      Array.from({ length: 4 }, () => record(c, ExportTaskUpdatesDocument, { ids: [id('shared-1')] })),
    );
    await Promise.all(recordings.map((r) => r.finished));
    await Promise.all(clients.map((c) => c.dispose()));

    const first = recordings[0]!.events.map((e) => e.exportTaskUpdates as Update);
    expect(first.length).toBeGreaterThanOrEqual(2);
    expect(first[first.length - 1]).toMatchObject({ final: true, task: { status: 'SUCCEEDED' } });
    for (const r of recordings) {
      expect(r.errors).toEqual([]);
      expect(r.events).toEqual(recordings[0]!.events);
    }
    // Subscriptions that joined before an event all share its execution; one that joined while the
    // first read was in flight may have had the snapshot executed once more. Never once per subscriber.
    expect(resolve.mock.calls.length).toBeLessThanOrEqual(first.length + 1);
  });

  it('keeps subscriptions with different variables apart, each with its own ids', async () => {
    stack = await startStack({
      providers: ['tencent-tcss'],
      config: { polling: { intervalMs: 500, maxIntervalMs: 30_000 } },
      tasks: {
        'tencent-tcss': [
          { id: 'a', accountId: 'acct-a', createdAt: Date.now(), durationMs: 1500 },
          { id: 'b', accountId: 'acct-a', createdAt: Date.now(), durationMs: 1000 },
        ],
      },
    });
    const client = wsClient(stack.app);
    const one = record(client, ExportTaskUpdatesDocument, { ids: [id('a')] });
    const both = record(client, ExportTaskUpdatesDocument, { ids: [id('a'), id('b')] });
    await Promise.all([one.finished, both.finished]);
    await client.dispose();

    const ids = (r: typeof one) => new Set(r.events.map((e) => (e.exportTaskUpdates as Update).id));
    expect(ids(one)).toEqual(new Set([id('a')]));
    expect(ids(both)).toEqual(new Set([id('a'), id('b')]));
    const lastOf = (r: typeof one, task: string) =>
      r.events
        .map((e) => e.exportTaskUpdates as Update)
        .filter((u) => u.id === task)
        .pop();
    expect(lastOf(one, id('a'))).toMatchObject({ final: true, task: { status: 'SUCCEEDED', progress: 100 } });
    expect(lastOf(both, id('a'))).toEqual(lastOf(one, id('a')));
    expect(lastOf(both, id('b'))).toMatchObject({ final: true, task: { status: 'SUCCEEDED', progress: 100 } });
  });
});

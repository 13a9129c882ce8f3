import { gapOf } from '../../src/quota/rate-budget';
import { ManualClock } from '../../src/time/clock';
import { gql, type GqlResponse, type Stack, startStack } from '../support/stack';

/**
 * How many upstream requests an operation over N Huawei Workspace ids costs. Workspace has no batch read:
 * one `ListExportTasks?task_id=<id>` per id, or the account's listing (`limit=100`). One loader batch of
 * Huawei ids is read from the listing while the account has fewer pages left than ids still missing (at
 * most 10 pages), and the ids it did not show one by one (`src/tenancy/listing-batch.ts`). The numbers are
 * the ones written down in `src/providers/huawei-workspace/client.ts` (`read`); this test keeps them true.
 * Requests are counted at the emulator, by their query: a `task_id` read or a listing page.
 */
const taskId = (i: number) => `wks-${String(i).padStart(4, '0')}`;
const global = (id: string) => `huawei-workspace:${id}`;

/** N ids spread evenly over an account of `size`, the last-created task always among them. */
function spread(n: number, size: number, shift = 0): string[] {
  return Array.from({ length: n }, (_, k) => taskId(Math.round(((k + 1) * size) / n) - 1 - shift));
}

const READ = `query Read($ids: [ID!]!) { exportTasks(ids: $ids) { id status } }`;
const ONE = `query One($id: ID!) { exportTask(id: $id) { id } }`;
const LIST = `
  query List($after: String, $first: Int!) {
    provider(id: "huawei-workspace") {
      exportTasks(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: ASC }) {
        pageInfo { hasNextPage endCursor }
        edges { node { providerTaskId } }
      }
    }
  }`;
interface ListData {
  provider: {
    exportTasks: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: { providerTaskId: string } }> };
  };
}
type ReadData = { exportTasks: Array<{ id: string; status: string } | null> };

/** An account of `size` running tasks, one a second, the stack's service reading it at `maxRequestsPerSecond`. */
function account(size: number, maxRequestsPerSecond: number, clock: ManualClock): Promise<Stack> {
  const base = clock.now() - 3_600_000;
  return startStack({
    providers: ['huawei-workspace'],
    clock,
    settings: { maxRequestsPerSecond },
    // Every task is still CREATING, so no state is terminal (and cached for an hour): every read is a miss.
    tasks: {
      'huawei-workspace': Array.from({ length: size }, (_, i) => ({
        id: taskId(i),
        accountId: 'acct-a',
        createdAt: base + i * 1000,
        durationMs: 1e9,
      })),
    },
  });
}

/** What one operation cost upstream: listing pages (no `task_id`) and `task_id` reads, counted at the emulator. */
function costOf(stack: Stack): { pages: number; reads: number } {
  const requests = stack.emulator('huawei-workspace').stats.requests;
  return { pages: requests.filter((r) => r.taskIds.length === 0).length, reads: requests.filter((r) => r.taskIds.length > 0).length };
}

async function readBatch(stack: Stack, ids: readonly string[]): Promise<GqlResponse<ReadData>> {
  stack.emulator('huawei-workspace').stats.reset();
  const res = await gql<ReadData, { ids: string[] }>(stack.app, READ, { ids: ids.map(global) });
  expect(res.data!.exportTasks).toHaveLength(ids.length);
  return res;
}

describe('Huawei Workspace batches: an account of 250 tasks (3 pages) at the default 10 requests/s', () => {
  const clock = new ManualClock();
  let stack: Stack;
  const emulator = () => stack.emulator('huawei-workspace');

  beforeAll(async () => {
    stack = await account(250, 10, clock);
  });
  afterAll(() => stack?.dispose());

  // Runs first: the service knows nothing of the account yet.
  it('100 ids, account size unknown: 3 listing pages, no per-id read, each id its own state; the budget starts them within 1.5 s', async () => {
    const ids = spread(100, 250);
    const res = await readBatch(stack, ids);
    expect(res.errors).toBeUndefined();
    expect(res.data!.exportTasks).toEqual(ids.map((id) => ({ id: global(id), status: 'RUNNING' })));
    expect(costOf(stack)).toEqual({ pages: 3, reads: 0 });
    expect(emulator().stats.requests.every((r) => r.outcome === 'ok')).toBe(true);
    // At 10 requests/s the budget starts a call every gapOf(10) = 107.5 ms: 3 calls start within 215 ms, where
    // 100 per-id reads would take 99 gaps (10.6 s). The schedule, not the wall time, is what is asserted.
    expect((emulator().stats.total() - 1) * gapOf(10)).toBeLessThan(1500);
  });

  it('10 ids, 3 pages known: the 3 pages (fewer than the ids)', async () => {
    await readBatch(stack, spread(10, 250, 1));
    expect(costOf(stack)).toEqual({ pages: 3, reads: 0 });
  });

  it('2 ids, fewer than the 3 pages: one task_id read each', async () => {
    await readBatch(stack, [taskId(3), taskId(200)]);
    expect(costOf(stack)).toEqual({ pages: 0, reads: 2 });
    expect(emulator().stats.forTask(taskId(3))).toBe(1);
  });

  it('an unknown id among 99: the pages, then one read of it, which answers NOT_FOUND at its index', async () => {
    const ids = [...spread(99, 250, 2), 'wks-no-such-task'];
    const res = await readBatch(stack, ids);
    expect(costOf(stack)).toEqual({ pages: 3, reads: 1 });
    expect(emulator().stats.forTask('wks-no-such-task')).toBe(1);
    expect(res.data!.exportTasks[99]).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ path: ['exportTasks', 99], extensions: { code: 'NOT_FOUND', provider: 'huawei-workspace' } });
    expect(res.data!.exportTasks.slice(0, 99).every((t) => t?.status === 'RUNNING')).toBe(true);
  });

  it('per-id, for comparison: one operation per id costs one task_id read each, 1 / 10', async () => {
    const measured = [];
    for (const n of [1, 10]) {
      emulator().stats.reset();
      for (const id of spread(n, 250, 3)) expect((await gql(stack.app, ONE, { id: global(id) })).errors).toBeUndefined();
      measured.push(costOf(stack));
    }
    expect(measured).toEqual([
      { pages: 0, reads: 1 },
      { pages: 0, reads: 10 },
    ]);
  });

  it('listing pages of 100, for comparison: ceil(250 / 100) = 3 requests to see every task', async () => {
    emulator().stats.reset();
    const seen = new Set<string>();
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: GqlResponse<ListData> = await gql<ListData, { after: string | null; first: number }>(stack.app, LIST, {
        after,
        first: 100,
      });
      expect(res.errors).toBeUndefined();
      const { pageInfo, edges } = res.data!.provider.exportTasks;
      for (const e of edges) seen.add(e.node.providerTaskId);
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen.size).toBe(250);
    expect(emulator().stats.total()).toBe(3);
  });
});

describe('Huawei Workspace batches: an account of 1,100 tasks (11 pages, over the 10-page cap)', () => {
  const clock = new ManualClock();
  let stack: Stack;

  beforeAll(async () => {
    stack = await account(1100, 1000, clock);
  });
  afterAll(() => stack?.dispose());

  it('10 ids once the size is known (from a listing): 10 task_id reads, no page', async () => {
    const res = await gql<ListData, { after: null; first: number }>(stack.app, LIST, { after: null, first: 1 });
    expect(res.errors).toBeUndefined();
    await readBatch(stack, spread(10, 1100));
    expect(costOf(stack)).toEqual({ pages: 0, reads: 10 });
  });

  it('100 ids: the size known, more pages than the cap, so 100 task_id reads', async () => {
    await readBatch(stack, spread(100, 1100, 1));
    expect(costOf(stack)).toEqual({ pages: 0, reads: 100 });
  });
});

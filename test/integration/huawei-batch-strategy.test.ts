import { ManualClock } from '../../src/time/clock';
import { gql, type GqlResponse, type Stack, startStack } from '../support/stack';

/**
 * How many upstream requests an operation over N Huawei Workspace ids costs, for the two ways Workspace can
 * answer it: one `ListExportTasks?task_id=<id>` per id (what the client's `read` does), or listing the
 * account's pages (`limit=100`) until every id has been seen. The account holds 250 tasks. The numbers
 * measured here are the ones written down where the strategy is decided, in
 * `src/providers/huawei-workspace/client.ts` (`read`); this test keeps them true.
 */
const ACCOUNT_TASKS = 250;
const taskId = (i: number) => `wks-${String(i).padStart(3, '0')}`;

/** N ids spread evenly over the account, the last-created task always among them. */
function spread(n: number): string[] {
  return Array.from({ length: n }, (_, k) => taskId(Math.round(((k + 1) * ACCOUNT_TASKS) / n) - 1));
}

const READ = `query Read($ids: [ID!]!) { exportTasks(ids: $ids) { id status } }`;
const LIST = `
  query List($after: String) {
    provider(id: "huawei-workspace") {
      exportTasks(first: 100, after: $after, orderBy: { field: CREATED_AT, direction: ASC }) {
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

describe('Huawei Workspace batch strategy: upstream requests for operations over 1, 10 and 100 ids', () => {
  const clock = new ManualClock();
  let stack: Stack;
  const emulator = () => stack.emulator('huawei-workspace');

  beforeAll(async () => {
    // Every task is still CREATING, so no state is terminal (and cached for an hour): every read is a miss.
    const base = clock.now() - 3_600_000;
    stack = await startStack({
      providers: ['huawei-workspace'],
      clock,
      tasks: {
        'huawei-workspace': Array.from({ length: ACCOUNT_TASKS }, (_, i) => ({
          id: taskId(i),
          accountId: 'acct-a',
          createdAt: base + i * 1000,
          durationMs: 1e9,
        })),
      },
    });
  });
  afterAll(() => stack?.dispose());
  beforeEach(() => emulator().stats.reset());

  /**
   * Upstream requests of one `exportTasks(ids)` operation over `ids`, each asked twice as long as the
   * operation's 100 ids allow (repeats cost nothing).
   */
  async function perIdReads(ids: readonly string[]): Promise<number> {
    emulator().stats.reset();
    const asked = [...ids, ...ids].slice(0, Math.max(100, ids.length));
    const res = await gql<{ exportTasks: Array<{ id: string } | null> }, { ids: string[] }>(stack.app, READ, {
      ids: asked.map((t) => `huawei-workspace:${t}`),
    });
    expect(res.data!.exportTasks).toHaveLength(asked.length);
    return emulator().stats.total();
  }

  /** Upstream requests of listing pages of 100 until every one of `ids` was seen. */
  async function listingScan(ids: readonly string[]): Promise<number> {
    emulator().stats.reset();
    const missing = new Set(ids);
    let after: string | null = null;
    for (;;) {
      const res: GqlResponse<ListData> = await gql<ListData, { after: string | null }>(stack.app, LIST, { after });
      expect(res.errors).toBeUndefined();
      const { pageInfo, edges } = res.data!.provider.exportTasks;
      for (const e of edges) missing.delete(e.node.providerTaskId);
      if (missing.size === 0 || !pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(missing.size).toBe(0);
    return emulator().stats.total();
  }

  it('per-id task_id reads (the chosen strategy): one request per distinct id, 1 / 10 / 100', async () => {
    const measured = [];
    for (const n of [1, 10, 100]) measured.push(await perIdReads(spread(n)));
    expect(measured).toEqual([1, 10, 100]);
    expect(emulator().stats.requests.every((r) => r.outcome === 'ok')).toBe(true);
    // Each request asked for exactly one id, and each id was asked for once.
    for (const id of spread(100)) expect(emulator().stats.forTask(id)).toBe(1);
  });

  it('listing pages of 100: ceil(250 / 100) = 3 requests whatever N, 3 / 3 / 3', async () => {
    const measured = [];
    for (const n of [1, 10, 100]) measured.push(await listingScan(spread(n)));
    expect(measured).toEqual([3, 3, 3]);
  });

  it('per-id: an unknown id costs one request; a listing would have to read every page to prove it absent', async () => {
    expect(await perIdReads(['wks-no-such-task'])).toBe(1);
  });
});

import type { EmulatedTaskSpec } from '../../src/emulator';
import { ManualClock } from '../../src/time/clock';
import { gql, type GqlResponse, type Stack, startStack } from '../support/stack';

const SECOND = 1000;
const TOTAL = 250;
const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'EXPIRED'] as const;

/** Task `i` of the account: created one second after task `i - 1`, its status by `i % 4`. */
const taskId = (i: number) => `wks-${String(i).padStart(3, '0')}`;
function spec(i: number, base: number): EmulatedTaskSpec {
  const common = {
    id: taskId(i),
    accountId: 'acct-a',
    createdAt: base + i * SECOND,
    fileName: i % 10 === 0 ? `audit_${i}.csv` : `desktops_${i}.csv`,
    downloaded: i % 3 === 0,
  };
  switch (STATUSES[i % 4]) {
    case 'RUNNING':
      return { ...common, durationMs: 1e9 };
    case 'SUCCEEDED':
      return { ...common, durationMs: SECOND };
    case 'FAILED':
      return { ...common, durationMs: SECOND, outcome: 'failure' };
    default:
      return { ...common, durationMs: SECOND, expireAfterMs: SECOND };
  }
}
const all = Array.from({ length: TOTAL }, (_, i) => i);
const count = (pred: (i: number) => boolean) => all.filter(pred).length;

const LIST = `
  query List($provider: ID!, $filter: ExportTaskFilter, $orderBy: ExportTaskOrder, $first: Int, $after: String) {
    provider(id: $provider) {
      exportTasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id providerTaskId status providerStatus fileName downloaded createdAt } }
      }
    }
  }`;

interface Node {
  readonly id: string;
  readonly providerTaskId: string;
  readonly status: string;
  readonly providerStatus: string;
  readonly fileName: string;
  readonly downloaded: boolean;
  readonly createdAt: string;
}
interface Page {
  readonly totalCount: number;
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly edges: ReadonlyArray<{ readonly cursor: string; readonly node: Node }>;
}
interface ListVariables {
  provider?: string;
  filter?: Record<string, unknown>;
  orderBy?: { field: 'CREATED_AT'; direction?: 'ASC' | 'DESC' };
  first?: number;
  after?: string | null;
}

describe('Provider.exportTasks on Huawei Workspace, over real HTTP to the emulator', () => {
  const clock = new ManualClock();
  const base = clock.now() - 3600 * SECOND;
  let stack: Stack;

  const list = (vars: ListVariables): Promise<GqlResponse<{ provider: { exportTasks: Page } | null }>> =>
    gql(stack.app, LIST, { provider: 'huawei-workspace', ...vars });
  const page = async (vars: ListVariables): Promise<Page> => {
    const res = await list(vars);
    expect(res.errors).toBeUndefined();
    return res.data!.provider!.exportTasks;
  };
  /** Every page of a listing, following `endCursor` until `hasNextPage` is false. */
  const allPages = async (vars: ListVariables): Promise<Page[]> => {
    const pages: Page[] = [];
    let after: string | null = null;
    for (;;) {
      const p = await page({ ...vars, after });
      pages.push(p);
      if (!p.pageInfo.hasNextPage) return pages;
      if (pages.length > 10) throw new Error('more than 10 pages');
      after = p.pageInfo.endCursor;
    }
  };
  const errorOf = async (vars: ListVariables) => {
    const res = await list(vars);
    expect(res.data?.provider ?? null).toBeNull();
    expect(res.errors).toHaveLength(1);
    return res.errors![0]!;
  };
  const emulator = () => stack.emulator('huawei-workspace');

  beforeAll(async () => {
    stack = await startStack({ providers: ['huawei-workspace'], clock, tasks: { 'huawei-workspace': all.map((i) => spec(i, base)) } });
  });
  afterAll(() => stack?.dispose());
  beforeEach(() => emulator().stats.reset());

  it('visits each of 250 tasks exactly once in three pages of first: 100', async () => {
    const pages = await allPages({ first: 100 });
    expect(pages.map((p) => [p.edges.length, p.pageInfo.hasNextPage, p.totalCount])).toEqual([
      [100, true, 250],
      [100, true, 250],
      [50, false, 250],
    ]);
    const seen = pages.flatMap((p) => p.edges.map((e) => e.node.providerTaskId));
    expect(new Set(seen).size).toBe(TOTAL);
    expect([...seen].sort()).toEqual(all.map(taskId));
    // Each page's endCursor is its last edge's cursor; one upstream request per page.
    for (const p of pages) expect(p.pageInfo.endCursor).toBe(p.edges[p.edges.length - 1]!.cursor);
    expect(emulator().stats.total()).toBe(3);
    expect(emulator().stats.requests.map((r) => r.outcome)).toEqual(['ok', 'ok', 'ok']);
  });

  it.each(STATUSES)('filters on status %s: only that status, and its totalCount', async (status) => {
    const expected = count((i) => STATUSES[i % 4] === status);
    const pages = await allPages({ filter: { status: [status] }, first: 50 });
    const nodes = pages.flatMap((p) => p.edges.map((e) => e.node));
    expect(pages.map((p) => p.totalCount)).toEqual(pages.map(() => expected));
    expect(nodes).toHaveLength(expected);
    expect(new Set(nodes.map((n) => n.status))).toEqual(new Set([status]));
    expect(nodes.map((n) => n.providerTaskId).sort()).toEqual(all.filter((i) => STATUSES[i % 4] === status).map(taskId));
  });

  it('filters on a file name (as Workspace matches it: a substring)', async () => {
    const p = await page({ filter: { fileName: 'audit_' }, first: 100 });
    expect(p.totalCount).toBe(count((i) => i % 10 === 0));
    expect(p.edges.map((e) => e.node.providerTaskId).sort()).toEqual(all.filter((i) => i % 10 === 0).map(taskId));
    expect(p.edges.every((e) => e.node.fileName.startsWith('audit_'))).toBe(true);
  });

  it.each([true, false])('filters on downloaded: %s', async (downloaded) => {
    const pages = await allPages({ filter: { downloaded }, first: 100 });
    const nodes = pages.flatMap((p) => p.edges.map((e) => e.node));
    expect(pages[0]!.totalCount).toBe(count((i) => (i % 3 === 0) === downloaded));
    expect(nodes).toHaveLength(pages[0]!.totalCount);
    expect(nodes.every((n) => n.downloaded === downloaded)).toBe(true);
  });

  it('filters on providerTaskId: exactly that task', async () => {
    const p = await page({ filter: { providerTaskId: taskId(137) } });
    expect(p.totalCount).toBe(1);
    expect(p.pageInfo.hasNextPage).toBe(false);
    expect(p.edges.map((e) => e.node)).toEqual([
      {
        id: `huawei-workspace:${taskId(137)}`,
        providerTaskId: taskId(137),
        status: 'SUCCEEDED',
        providerStatus: 'SUCCESS',
        fileName: 'desktops_137.csv',
        downloaded: false,
        createdAt: new Date(base + 137 * SECOND).toISOString(),
      },
    ]);
  });

  it('combines filters', async () => {
    const p = await page({ filter: { status: ['RUNNING'], fileName: 'audit_', downloaded: true }, first: 100 });
    const expected = all.filter((i) => i % 4 === 0 && i % 10 === 0 && i % 3 === 0);
    expect(p.totalCount).toBe(expected.length);
    expect(p.edges.map((e) => e.node.providerTaskId).sort()).toEqual(expected.map(taskId));
  });

  it.each([
    ['ASC', all],
    ['DESC', [...all].reverse()],
  ] as const)('orders by CREATED_AT %s across pages', async (direction, order) => {
    const pages = await allPages({ orderBy: { field: 'CREATED_AT', direction }, first: 100 });
    const nodes = pages.flatMap((p) => p.edges.map((e) => e.node));
    expect(nodes.map((n) => n.providerTaskId)).toEqual(order.map(taskId));
    const times = nodes.map((n) => Date.parse(n.createdAt));
    expect(times).toEqual([...times].sort((a, b) => (direction === 'ASC' ? a - b : b - a)));
  });

  it('orders newest first when orderBy gives only the field (direction defaults to DESC)', async () => {
    const p = await page({ orderBy: { field: 'CREATED_AT' }, first: 3 });
    expect(p.edges.map((e) => e.node.providerTaskId)).toEqual([taskId(249), taskId(248), taskId(247)]);
  });

  it('answers a page past the end with no edges, hasNextPage false and the cursor given', async () => {
    const pages = await allPages({ first: 100, filter: { status: ['FAILED'] } });
    const last = pages[pages.length - 1]!.pageInfo.endCursor!;
    const p = await page({ first: 100, filter: { status: ['FAILED'] }, after: last });
    expect([p.edges, p.pageInfo, p.totalCount]).toEqual([[], { hasNextPage: false, endCursor: last }, count((i) => i % 4 === 2)]);
  });

  it.each([0, 101, -1])('rejects first: %s with BAD_USER_INPUT and no upstream request', async (first) => {
    const error = await errorOf({ first });
    expect(error.extensions!['code']).toBe('BAD_USER_INPUT');
    expect(error.message).toBe(`Invalid page size: expected "first" from 1 to 100, but got ${first}`);
    expect(emulator().stats.total()).toBe(0);
  });

  it('accepts first: 1 and first: 100', async () => {
    expect((await page({ first: 1 })).edges).toHaveLength(1);
    expect((await page({ first: 100 })).edges).toHaveLength(100);
  });

  describe('cursors', () => {
    let cursor: string;
    beforeEach(async () => {
      cursor = (await page({ first: 100, filter: { downloaded: false } })).pageInfo.endCursor!;
      emulator().stats.reset();
    });

    it('continues where the page ended', async () => {
      const next = await page({ first: 100, filter: { downloaded: false }, after: cursor });
      expect(next.edges).toHaveLength(count((i) => i % 3 !== 0) - 100);
    });

    it.each([
      ['not base64 JSON', () => 'not-a-cursor'],
      ['empty JSON object', () => Buffer.from('{}').toString('base64url')],
      ['truncated', (c: string) => c.slice(0, -3)],
      ['with one character changed', (c: string) => c.slice(0, 5) + (c[5] === 'A' ? 'B' : 'A') + c.slice(6)],
      ['with its offset rewritten', (c: string) => rewrite(c, (p) => ({ ...p, o: 7 }))],
      ['with a negative offset', (c: string) => rewrite(c, (p) => ({ ...p, o: -1 }))],
      ['absurdly long', (c: string) => c.repeat(50)],
    ])('rejects a cursor %s with BAD_USER_INPUT and no upstream request', async (_name, tamper) => {
      const error = await errorOf({ first: 100, filter: { downloaded: false }, after: tamper(cursor) });
      expect(error.extensions!['code']).toBe('BAD_USER_INPUT');
      expect(error.message).toBe('Invalid cursor: expected a cursor returned by this listing in pageInfo.endCursor');
      expect(emulator().stats.total()).toBe(0);
    });

    it.each([
      ['another filter', { first: 100, filter: { downloaded: true } }],
      ['no filter', { first: 100 }],
      ['another order', { first: 100, filter: { downloaded: false }, orderBy: { field: 'CREATED_AT', direction: 'DESC' } }],
    ] as const)('rejects a cursor reused with %s', async (_name, vars) => {
      const error = await errorOf({ ...vars, after: cursor } as ListVariables);
      expect(error.extensions!['code']).toBe('BAD_USER_INPUT');
      expect(error.message).toBe('Invalid cursor: it was issued for a different filter or order');
      expect(emulator().stats.total()).toBe(0);
    });

    it('keeps a cursor valid with another page size', async () => {
      const next = await page({ first: 10, filter: { downloaded: false }, after: cursor });
      expect(next.edges).toHaveLength(10);
    });
  });

  it('rejects a status filter Workspace cannot express in one query', async () => {
    const error = await errorOf({ filter: { status: ['RUNNING', 'FAILED'] } });
    expect(error.extensions!['code']).toBe('BAD_USER_INPUT');
    expect(error.message).toBe(
      'Invalid status filter for huawei-workspace: expected one of RUNNING, SUCCEEDED, FAILED, EXPIRED (or all of them), but got RUNNING, FAILED',
    );
    expect(emulator().stats.total()).toBe(0);
  });

  it('answers PENDING (which Workspace never reports) with an empty page and no upstream request', async () => {
    const p = await page({ filter: { status: ['PENDING'] } });
    expect([p.edges, p.totalCount, p.pageInfo.hasNextPage]).toEqual([[], 0, false]);
    expect(emulator().stats.total()).toBe(0);
  });

  it('rejects a malformed providerTaskId filter with BAD_USER_INPUT', async () => {
    const error = await errorOf({ filter: { providerTaskId: '../etc' } });
    expect(error.extensions!['code']).toBe('BAD_USER_INPUT');
    expect(error.message).toBe(
      'Invalid filter.providerTaskId "../etc": expected a huawei-workspace task id, 1 to 128 characters of A-Z, a-z, 0-9, "_", "." and "-"',
    );
    expect(emulator().stats.total()).toBe(0);
  });

  it.each(['alibaba-sas', 'alibaba-siem', 'tencent-tcss'])('answers listing on %s with UNSUPPORTED_OPERATION', async (provider) => {
    const error = await errorOf({ provider, first: 10 });
    expect(error.extensions).toMatchObject({ code: 'UNSUPPORTED_OPERATION', provider });
    expect(error.message).toBe(`${provider} does not support listing tasks`);
    expect(error.path).toEqual(['provider', 'exportTasks']);
  });
});

/** A cursor re-encoded after changing its decoded JSON: what a client tampering with it would do. */
function rewrite(cursor: string, change: (parsed: Record<string, unknown>) => Record<string, unknown>): string {
  const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  return Buffer.from(JSON.stringify(change(parsed))).toString('base64url');
}

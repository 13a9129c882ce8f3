import { ExportStatus, type ExportTaskState } from '../../../src/domain/export-task';
import { ErrorCode } from '../../../src/errors/error-code';
import { ServiceError } from '../../../src/errors/service-error';
import { workspaceDescriptor } from '../../../src/providers/huawei-workspace/descriptor';
import type { ListPage, ListQuery, ProviderClient } from '../../../src/providers/provider';
import { RateBudget } from '../../../src/quota/rate-budget';
import {
  type BatchItem,
  type ListingBatchDeps,
  type ListingProgress,
  type ListingStrategy,
  nextListingStep,
  readByListing,
} from '../../../src/tenancy/listing-batch';
import { ProviderGateway } from '../../../src/tenancy/provider-gateway';
import { systemClock } from '../../../src/time/clock';
import { taskRef } from '../../support/task-ref';
import { taskState } from '../../support/task-state';

const STRATEGY: ListingStrategy = { kind: 'listing', pageSize: 100, maxPages: 10 };
const id = (i: number) => `t${String(i).padStart(4, '0')}`;
const state = (providerTaskId: string): ExportTaskState => taskState({ provider: 'huawei-workspace', providerTaskId });
const notFound = (t: string) => new ServiceError(ErrorCode.NOT_FOUND, `no task ${t}`, { provider: 'huawei-workspace', retryable: false });

describe('nextListingStep: pages only while they cost fewer requests than the ids still missing', () => {
  const step = (p: Partial<ListingProgress>) =>
    nextListingStep({ wanted: 1, pagesRead: 0, nextOffset: 0, total: undefined, ...p }, STRATEGY);

  it.each([
    ['nothing wanted', { wanted: 0, total: 250 }, 'done'],
    ['unknown count, one id: a read', { wanted: 1 }, 'per-id'],
    ['unknown count, two ids: the first page, which tells the count', { wanted: 2 }, 'page'],
    ['3 pages, 100 ids', { wanted: 100, total: 250 }, 'page'],
    ['3 pages, 4 ids', { wanted: 4, total: 250 }, 'page'],
    ['3 pages, 3 ids: a tie reads per id', { wanted: 3, total: 250 }, 'per-id'],
    ['3 pages, 2 ids', { wanted: 2, total: 250 }, 'per-id'],
    ['exactly 3 full pages, 4 ids', { wanted: 4, total: 300 }, 'page'],
    ['1 page left of 3, 2 ids missing', { wanted: 2, total: 250, pagesRead: 2, nextOffset: 200 }, 'page'],
    ['1 page left of 3, 1 id missing', { wanted: 1, total: 250, pagesRead: 2, nextOffset: 200 }, 'per-id'],
    ['listing read to its end, ids still missing: read them', { wanted: 5, total: 250, pagesRead: 3, nextOffset: 300 }, 'per-id'],
    ['10 pages (the cap), 100 ids', { wanted: 100, total: 1000 }, 'page'],
    ['11 pages (over the cap), 100 ids', { wanted: 100, total: 1001 }, 'per-id'],
    ['9 pages left after 1 read, within the cap', { wanted: 100, total: 1000, pagesRead: 1, nextOffset: 100 }, 'page'],
    ['10 pages left after 1 read: over the cap', { wanted: 100, total: 1100, pagesRead: 1, nextOffset: 100 }, 'per-id'],
    ['an empty account', { wanted: 5, total: 0 }, 'per-id'],
  ] as const)('%s → %s', (_, progress, expected) => {
    expect(step(progress)).toBe(expected);
  });
});

/** A listing of `size` tasks, newest (highest index) first, recording every page and read. */
function fakeAccount(size: number, options: { known?: boolean; failPage?: number } = {}) {
  const pages: number[] = [];
  const reads: string[] = [];
  let total = options.known ? size : undefined;
  const deps: ListingBatchDeps = {
    provider: 'huawei-workspace',
    strategy: STRATEGY,
    total: () => total,
    async listPage(offset, limit) {
      pages.push(offset);
      if (options.failPage === pages.length)
        throw new ServiceError(ErrorCode.PROVIDER_UNAVAILABLE, '503', { provider: 'huawei-workspace', retryable: true });
      total = size;
      const tasks = Array.from({ length: Math.max(0, Math.min(limit, size - offset)) }, (_, k) => state(id(size - 1 - offset - k)));
      return { tasks, totalCount: size } satisfies ListPage;
    },
    async readOne(item) {
      reads.push(item.task.providerTaskId);
      const t = item.task.providerTaskId;
      if (Number(t.slice(1)) < size) return state(t);
      throw notFound(t);
    },
  };
  return { deps, pages, reads };
}

const items = (ids: readonly string[], signal = new AbortController().signal): BatchItem[] =>
  ids.map((t) => ({ task: taskRef('huawei-workspace', t), signal }));
const settle = (ps: Array<Promise<ExportTaskState>>) =>
  Promise.all(
    ps.map((p) =>
      p.then(
        (s) => s.providerTaskId,
        (e: ServiceError) => e.code,
      ),
    ),
  );
const spread = (n: number, size: number) => Array.from({ length: n }, (_, k) => id(Math.round(((k + 1) * size) / n) - 1));

describe('readByListing', () => {
  it('100 ids spread over 250 tasks, count unknown: 3 pages, no read, every id answered with its own state', async () => {
    const { deps, pages, reads } = fakeAccount(250);
    const ids = spread(100, 250);
    expect(await settle(readByListing(items(ids), deps))).toEqual(ids);
    expect(pages).toEqual([0, 100, 200]);
    expect(reads).toEqual([]);
  });

  it('stops as soon as every id was seen: ids on the newest page cost that one page', async () => {
    const { deps, pages, reads } = fakeAccount(250, { known: true });
    expect(await settle(readByListing(items([id(249), id(200), id(150), id(170)]), deps))).toEqual([id(249), id(200), id(150), id(170)]);
    expect(pages).toEqual([0]);
    expect(reads).toEqual([]);
  });

  it('ids the listing did not show are read one by one, and an unknown one keeps its NOT_FOUND', async () => {
    // t0300 was created after the listing was read (the listing did not show it); t9999 does not exist.
    const { deps, pages, reads } = fakeAccount(250, { known: true });
    const ids = [...spread(10, 250), id(300), id(9999)];
    const live: ListingBatchDeps = {
      ...deps,
      readOne: (item) =>
        item.task.providerTaskId === id(300) ? (reads.push(id(300)), Promise.resolve(state(id(300)))) : deps.readOne(item),
    };
    const out = await settle(readByListing(items(ids), live));
    expect(out).toEqual([...spread(10, 250), id(300), ErrorCode.NOT_FOUND]);
    expect(pages).toEqual([0, 100, 200]);
    expect(reads).toEqual([id(300), id(9999)]);
  });

  it('fewer ids than pages (count known): one read each, no page', async () => {
    const { deps, pages, reads } = fakeAccount(1100, { known: true });
    const ids = spread(10, 1100);
    expect(await settle(readByListing(items(ids), deps))).toEqual(ids);
    expect(pages).toEqual([]);
    expect(reads).toEqual(ids);
  });

  it('count unknown on an account over the cap: the first page, then the ids it did not show one by one', async () => {
    const { deps, pages, reads } = fakeAccount(1100);
    const ids = spread(10, 1100); // only t1099 is on the newest page
    expect(await settle(readByListing(items(ids), deps))).toEqual(ids);
    expect(pages).toEqual([0]);
    expect(reads).toEqual(ids.filter((t) => t !== id(1099)));
  });

  it('repeats of an id cost nothing more: one read answers every item of it', async () => {
    const { deps, reads } = fakeAccount(1100, { known: true });
    expect(await settle(readByListing(items([id(5), id(5)]), deps))).toEqual([id(5), id(5)]);
    expect(reads).toEqual([id(5)]);
  });

  it('a failed page fails the ids not seen yet with its error; the ids seen before keep their state', async () => {
    const { deps, pages, reads } = fakeAccount(250, { known: true, failPage: 2 });
    const out = await settle(readByListing(items([id(249), id(10), id(20), id(30)]), deps));
    expect(out).toEqual([id(249), ErrorCode.PROVIDER_UNAVAILABLE, ErrorCode.PROVIDER_UNAVAILABLE, ErrorCode.PROVIDER_UNAVAILABLE]);
    expect(pages).toEqual([0, 100]);
    expect(reads).toEqual([]);
  });

  it('an item whose readers left is dropped (not read), and the page in flight is aborted when all left', async () => {
    const gone = new AbortController();
    let pageSignal: AbortSignal | undefined;
    const { deps, reads } = fakeAccount(250, { known: true });
    const stalled: ListingBatchDeps = {
      ...deps,
      listPage: (_offset, _limit, signal) => {
        pageSignal = signal;
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      },
    };
    const out = settle(readByListing(items([id(1), id(2), id(3), id(4)], gone.signal), stalled));
    await Promise.resolve();
    expect(pageSignal?.aborted).toBe(false);
    gone.abort(new Error('caller gone'));
    expect(pageSignal?.aborted).toBe(true);
    expect(await out).toEqual(Array(4).fill(ErrorCode.PROVIDER_UNAVAILABLE));
    expect(reads).toEqual([]);
  });
});

describe('ProviderGateway.readMany with the listing strategy', () => {
  /** A listing client of `size` tasks recording its calls. */
  function listingClient(size: number) {
    const calls: string[] = [];
    const client: ProviderClient = {
      descriptor: workspaceDescriptor,
      batchRead: STRATEGY,
      async read(task) {
        calls.push(`read ${task.providerTaskId}`);
        return state(task.providerTaskId);
      },
      async list(query: ListQuery) {
        calls.push(`list ${query.offset}${query.status ? ' filtered' : ''}${query.orderBy ? ` ${query.orderBy.direction}` : ''}`);
        const tasks = Array.from({ length: Math.max(0, Math.min(query.limit, size - query.offset)) }, (_, k) =>
          state(id(size - 1 - query.offset - k)),
        );
        return { tasks, totalCount: query.status ? 1 : size };
      },
    };
    const g = new ProviderGateway(client, systemClock, { budget: new RateBudget(10_000, systemClock), tenantId: 'team-a' });
    return { g, calls };
  }
  const batch = (ids: readonly string[]) => items(ids, new AbortController().signal);

  it('learns the count per gateway (per tenant and provider) from each unfiltered page, and decides by it', async () => {
    const a = listingClient(250);
    await settle(a.g.readMany(batch(spread(10, 250))));
    expect(a.calls).toEqual(['list 0 DESC', 'list 100 DESC', 'list 200 DESC']);
    a.calls.length = 0;
    // 3 pages known: 3 ids are read one by one.
    await settle(a.g.readMany(batch([id(1), id(2), id(3)])));
    expect(a.calls).toEqual(['read t0001', 'read t0002', 'read t0003']);
    // Another tenant's gateway knows nothing yet: 2 ids take the first page, which tells its count.
    const b = listingClient(250);
    await settle(b.g.readMany(batch([id(249), id(248)])));
    expect(b.calls).toEqual(['list 0 DESC']);
  });

  it("a caller's unfiltered listing tells the count; a filtered one does not", async () => {
    const { g, calls } = listingClient(1100);
    await g.list({ offset: 0, limit: 10, status: [ExportStatus.RUNNING] });
    calls.length = 0;
    await settle(g.readMany(batch([id(1), id(2)]))); // count still unknown: the first page
    expect(calls[0]).toBe('list 0 DESC');
    const fresh = listingClient(1100);
    await fresh.g.list({ offset: 0, limit: 10 });
    fresh.calls.length = 0;
    await settle(fresh.g.readMany(batch([id(1), id(2)]))); // 11 pages known: per id
    expect(fresh.calls).toEqual(['read t0001', 'read t0002']);
  });
});

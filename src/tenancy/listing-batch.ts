import type { ExportTaskState } from '../domain/export-task';
import type { ProviderId } from '../domain/provider-id';
import type { TaskRef } from '../domain/task-ref';
import type { BatchReadStrategy, ListPage } from '../providers/provider';
import { abandonedCallError } from './abandoned';

/** The `listing` batch strategy's parameters. */
export type ListingStrategy = Extract<BatchReadStrategy, { kind: 'listing' }>;

/** Where a listing batch stands, for the decision of its next step. */
export interface ListingProgress {
  /** Ids of the batch not yet seen in the listing and still wanted by someone. */
  readonly wanted: number;
  /** Pages this batch has read. */
  readonly pagesRead: number;
  /** Offset of the next page. */
  readonly nextOffset: number;
  /** The account's task count as the last listing of this (tenant, provider) reported it; undefined before any. */
  readonly total: number | undefined;
}

/** The next step of a listing batch: read the next page, read the ids still wanted one by one, or nothing left. */
export type ListingStep = 'page' | 'per-id' | 'done';

/**
 * Decides the next step: list the next page only while the pages left to list (all of the account's
 * pages from `nextOffset`, by the last count known) are fewer than the ids still wanted, and the batch
 * stays within `maxPages`; otherwise the ids still wanted are read one by one. So a batch costs at most
 * min(ids, pages) requests plus one per id the listing did not show. An unknown count counts as one
 * page: the first page is read when two ids or more are wanted, and tells the count.
 */
export function nextListingStep(progress: ListingProgress, strategy: ListingStrategy): ListingStep {
  if (progress.wanted === 0) return 'done';
  const pagesLeft = progress.total === undefined ? 1 : Math.ceil(Math.max(0, progress.total - progress.nextOffset) / strategy.pageSize);
  if (pagesLeft === 0 || progress.pagesRead + pagesLeft > strategy.maxPages) return 'per-id';
  return pagesLeft < progress.wanted ? 'page' : 'per-id';
}

/** One task of a batch, with the signal of its readers (aborted when they have all left). */
export interface BatchItem {
  readonly task: TaskRef;
  readonly signal: AbortSignal;
}

/** What a listing batch calls; each call goes through the gateway (budget, retries, breaker, spans, logs). */
export interface ListingBatchDeps {
  readonly provider: ProviderId;
  readonly strategy: ListingStrategy;
  /** The account's task count as last listed (every unfiltered page updates it). */
  total(): number | undefined;
  /** One page of the whole listing, newest first; `signal` aborts when no item is wanted any more. */
  listPage(offset: number, limit: number, signal: AbortSignal): Promise<ListPage>;
  /** One task by id (the provider's `read`: NOT_FOUND when it does not know it). */
  readOne(item: BatchItem): Promise<ExportTaskState>;
}

interface Waiting {
  readonly item: BatchItem;
  resolve(state: ExportTaskState): void;
  reject(error: unknown): void;
}

/**
 * Reads the distinct tasks of `items` by listing pages while `nextListingStep` says so, then the ones not
 * seen one by one; one promise per item, in order, settled as soon as its state (or error) is known. A
 * failed page fails the items not seen yet with its error; an item whose readers left is dropped (and
 * rejected) before the next step, and the page in flight is aborted when every item was dropped.
 */
export function readByListing(items: readonly BatchItem[], deps: ListingBatchDeps): Array<Promise<ExportTaskState>> {
  const waiting = new Map<string, Waiting[]>();
  const promises = items.map(
    (item) =>
      new Promise<ExportTaskState>((resolve, reject) => {
        const list = waiting.get(item.task.providerTaskId) ?? [];
        list.push({ item, resolve, reject });
        waiting.set(item.task.providerTaskId, list);
      }),
  );
  run(waiting, deps).catch((e: unknown) => {
    // Not expected (every call's failure is handled in `run`), but no item may be left waiting for ever.
    for (const list of waiting.values()) for (const w of list) w.reject(e);
  });
  return promises;
}

async function run(waiting: Map<string, Waiting[]>, deps: ListingBatchDeps): Promise<void> {
  const { strategy } = deps;
  const everyoneLeft = new AbortController();
  let pagesRead = 0;
  let offset = 0;
  for (;;) {
    drop(waiting, deps.provider);
    if (waiting.size === 0) return;
    const step = nextListingStep({ wanted: waiting.size, pagesRead, nextOffset: offset, total: deps.total() }, strategy);
    if (step !== 'page') break;
    let page: ListPage;
    const stop = whenAllLeave(waiting, everyoneLeft);
    try {
      page = await deps.listPage(offset, strategy.pageSize, everyoneLeft.signal);
    } catch (e) {
      for (const list of waiting.values()) for (const w of list) w.reject(w.item.signal.aborted ? abandoned(w, deps) : e);
      return;
    } finally {
      stop();
    }
    pagesRead++;
    offset += strategy.pageSize;
    for (const state of page.tasks) {
      const found = waiting.get(state.providerTaskId);
      if (!found) continue;
      waiting.delete(state.providerTaskId);
      for (const w of found) w.resolve(state);
    }
  }
  for (const list of waiting.values()) {
    const [first] = list;
    if (!first) continue;
    // One read per distinct id, for every item of it; `first`'s signal stands for all (the cache gives each id one item).
    deps.readOne(first.item).then(
      (state) => list.forEach((w) => w.resolve(state)),
      (e: unknown) => list.forEach((w) => w.reject(e)),
    );
  }
}

/** Rejects and forgets the items whose readers all left. */
function drop(waiting: Map<string, Waiting[]>, provider: ProviderId): void {
  for (const [id, list] of waiting) {
    const kept = list.filter((w) => {
      if (!w.item.signal.aborted) return true;
      w.reject(abandonedCallError(provider, w.item.signal.reason));
      return false;
    });
    if (kept.length === 0) waiting.delete(id);
    else waiting.set(id, kept);
  }
}

/** Aborts `controller` once every waiting item's signal has aborted; returns the listeners' removal. */
function whenAllLeave(waiting: Map<string, Waiting[]>, controller: AbortController): () => void {
  const signals = [...new Set([...waiting.values()].flat().map((w) => w.item.signal))]; // items may share one
  let left = signals.filter((s) => s.aborted).length;
  const onAbort = (event: Event): void => {
    if (++left === signals.length) controller.abort((event.target as AbortSignal).reason);
  };
  for (const s of signals) if (!s.aborted) s.addEventListener('abort', onAbort, { once: true });
  return () => signals.forEach((s) => s.removeEventListener('abort', onAbort));
}

function abandoned(w: Waiting, deps: ListingBatchDeps): Error {
  return abandonedCallError(deps.provider, w.item.signal.reason);
}

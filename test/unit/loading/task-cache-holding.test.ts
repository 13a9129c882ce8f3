import type { CacheConfig } from '../../../src/config/config';
import { ExportStatus } from '../../../src/domain/export-task';
import { CompletionEstimator } from '../../../src/loading/completion-estimator';
import { TaskCache } from '../../../src/loading/task-cache';
import { ManualClock } from '../../../src/time/clock';
import { taskRef } from '../../support/task-ref';
import { taskState } from '../../support/task-state';

const CONFIG: CacheConfig = { freshMs: 1000, terminalMs: 60_000, maxEntries: 2 };
const JOB = taskRef('tencent-tcss', 'job-1');

/** `holding`/`allHeld`: what the response cache relies on to never serve an answer past a state in it. */
describe('TaskCache: states held for a kept response', () => {
  function setup() {
    const clock = new ManualClock();
    const hits: string[] = [];
    const cache = new TaskCache(CONFIG, clock, new CompletionEstimator(10), { read: (p, hit) => hit && hits.push(p) });
    return { clock, cache, hits };
  }

  it('holds the state it stores until freshMs has passed, then no longer', () => {
    const { clock, cache, hits } = setup();
    const state = taskState({ observedAt: clock.now() });
    cache.store('t', state);
    const held = cache.holding('t', JOB, state)!;
    expect(held).toBeDefined();
    clock.advance(1000);
    expect(cache.allHeld([held])).toBe(true); // at exactly freshMs, as `read` serves it
    expect(hits).toEqual(['tencent-tcss']); // counted as the cache read it stands for
    clock.advance(1);
    expect(cache.allHeld([held])).toBe(false);
    expect(hits).toHaveLength(1);
  });

  it('keeps a final state for terminalMs', () => {
    const { clock, cache } = setup();
    const done = taskState({ observedAt: clock.now(), status: ExportStatus.SUCCEEDED, providerStatus: 'SUCCESS' });
    cache.store('t', done);
    const held = cache.holding('t', JOB, done)!;
    clock.advance(60_000);
    expect(cache.allHeld([held])).toBe(true);
    clock.advance(1);
    expect(cache.allHeld([held])).toBe(false);
  });

  it('no longer holds a state replaced by a newer read, or evicted', () => {
    const { clock, cache } = setup();
    const first = taskState({ observedAt: clock.now() });
    cache.store('t', first);
    const held = cache.holding('t', JOB, first)!;
    clock.advance(1);
    cache.store('t', taskState({ observedAt: clock.now(), progress: 5 }));
    expect(cache.allHeld([held])).toBe(false);
    expect(cache.holding('t', JOB, first)).toBeUndefined(); // not the state the cache holds now

    const again = cache.holding('t', JOB, cache.peek('t', JOB)!)!;
    cache.store('t', taskState({ providerTaskId: 'job-2', observedAt: clock.now() }));
    cache.store('t', taskState({ providerTaskId: 'job-3', observedAt: clock.now() })); // maxEntries 2: job-1 goes
    expect(cache.allHeld([again])).toBe(false);
  });

  it('is per tenant: the same task of another tenant is another entry', () => {
    const { clock, cache } = setup();
    const state = taskState({ observedAt: clock.now() });
    cache.store('a', state);
    expect(cache.holding('b', JOB, state)).toBeUndefined();
  });

  it('all or nothing: one stale state counts no hit for the others', () => {
    const { clock, cache, hits } = setup();
    const one = taskState({ observedAt: clock.now() });
    cache.store('t', one);
    clock.advance(500);
    const two = taskState({ providerTaskId: 'job-2', observedAt: clock.now() });
    cache.store('t', two);
    const held = [cache.holding('t', JOB, one)!, cache.holding('t', taskRef('tencent-tcss', 'job-2'), two)!];
    clock.advance(501);
    expect(cache.allHeld(held)).toBe(false);
    expect(hits).toEqual([]);
  });
});

import { demoBanner } from '../../../src/demo/demo-banner';
import { type DemoEnvironment, startDemo } from '../../../src/demo/demo-mode';
import { BANNER_LOOP_MS, demoTasks } from '../../../src/demo/demo-tasks';
import { PROVIDER_IDS } from '../../../src/domain/provider-id';
import type { EmulatedTaskSpec } from '../../../src/emulator';
import { type TaskPhase, taskStateAt } from '../../../src/emulator/task-simulation';
import { type App, createApp } from '../../../src/server/app';
import { ManualClock } from '../../../src/time/clock';
import { scaledClock } from '../../../src/time/scaled-clock';
import { memoryLogger } from '../../support/silent-logger';
import { gql } from '../../support/stack';

const SEC = 1000;
const MIN = 60 * SEC;
const DAY = 24 * 60 * MIN;
const T0 = Date.UTC(2026, 10, 22, 9, 30, 0);

const tasks = demoTasks(T0);
/** The banner's tasks: the first demo task of each provider. */
const bannerTasks = PROVIDER_IDS.map((p) => tasks[p][0]!);
const stateAt = (spec: EmulatedTaskSpec, offset: number) => taskStateAt({ ...spec, createdAt: spec.createdAt ?? T0 }, T0 + offset);
const phasesAt = (specs: readonly EmulatedTaskSpec[], offset: number): TaskPhase[] => specs.map((s) => stateAt(s, offset).phase);
const FINAL: ReadonlySet<TaskPhase> = new Set(['succeeded', 'failed', 'expired']);

/** The longest stretch around `offset`, scanned second by second within ±`span`, where `holds` is true. */
function stretchAround(offset: number, span: number, holds: (offset: number) => boolean): { from: number; to: number } {
  expect(holds(offset)).toBe(true);
  let from = offset;
  while (from - SEC >= offset - span && holds(from - SEC)) from -= SEC;
  let to = offset;
  while (to + SEC <= offset + span && holds(to + SEC)) to += SEC;
  return { from, to };
}

describe('the demo loop, on the simulated clock at speed 1', () => {
  const allFinal = (offset: number) => phasesAt(bannerTasks, offset).every((p) => FINAL.has(p));
  const allRunning = (offset: number) => phasesAt(bannerTasks, offset).every((p) => p === 'running');

  it('has the banner tasks all finished at 15 minutes and all running again at 30, with minutes of margin either side', () => {
    // The acceptance at EXPORTS_DEMO_SPEED=60 (15 s and 30 s), here in simulated minutes.
    const final = stretchAround(15 * MIN, 30 * MIN, allFinal);
    const running = stretchAround(30 * MIN, 30 * MIN, allRunning);
    // All four finished from the end of the longest (10 min) to the next start (27 min); all running from
    // there to the end of the shortest (6 min later).
    expect({ final, running }).toEqual({
      final: { from: 10 * MIN, to: 27 * MIN - SEC },
      running: { from: 27 * MIN, to: 33 * MIN - SEC },
    });
    expect(phasesAt(bannerTasks, 15 * MIN)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
  });

  it('starts a banner task again from 0% under the same id, as a new run', () => {
    for (const spec of bannerTasks) {
      expect(stateAt(spec, BANNER_LOOP_MS - 1)).toMatchObject({ phase: 'succeeded', progress: 100, run: 0 });
      expect(stateAt(spec, BANNER_LOOP_MS)).toMatchObject({ phase: 'running', progress: 0, run: 1, createdAt: T0 + BANNER_LOOP_MS });
      expect(stateAt(spec, BANNER_LOOP_MS + MIN).progress).toBeGreaterThan(0);
    }
  });

  it.each([1, 2, 5, 100])('repeats: %i periods later, final at 15 minutes into the period and running at 30', (k) => {
    expect(allFinal(15 * MIN + k * BANNER_LOOP_MS)).toBe(true);
    expect(allRunning(30 * MIN + k * BANNER_LOOP_MS)).toBe(true);
    expect(stateAt(bannerTasks[0]!, 30 * MIN + k * BANNER_LOOP_MS).run).toBe(k + 1);
  });

  it('shows a failed and a finished task of each provider that has them at start-up, for at least 10 minutes', () => {
    const byId = (id: string) =>
      Object.values(tasks)
        .flat()
        .find((t) => t.id === id)!;
    const final = [
      ['demo-tcss-failed', 'failed'],
      ['demo-tcss-done', 'succeeded'],
      ['9223372036854775807', 'succeeded'],
      ['400186', 'succeeded'],
      ['c0ffee00-0000-4000-8000-000000000001', 'succeeded'],
      ['c0ffee00-0000-4000-8000-000000000002', 'failed'],
      ['c0ffee00-0000-4000-8000-000000000003', 'expired'],
    ] as const;
    for (let offset = 0; offset < 10 * MIN; offset += 30 * SEC) {
      expect(final.map(([id]) => [id, stateAt(byId(id), offset).phase])).toEqual(final);
    }
  });

  it('repeats every demo task: none is final for ever', () => {
    for (const spec of Object.values(tasks).flat()) {
      expect([spec.id, spec.repeatEveryMs]).toEqual([spec.id, expect.any(Number)]);
      const period = spec.repeatEveryMs!;
      const later = 3 * DAY;
      const phases = new Set(Array.from({ length: 200 }, (_, i) => stateAt(spec, later + (i * period) / 200).phase));
      expect([spec.id, phases.has('running') || phases.has('pending'), [...phases].some((p) => FINAL.has(p))]).toEqual([
        spec.id,
        true,
        true,
      ]);
    }
  });
});

describe('scaledClock', () => {
  it('reads the base clock at its origin and runs `speed` times faster from there', () => {
    const base = new ManualClock(T0 + 5 * SEC);
    const clock = scaledClock(base, 60, T0);
    expect(clock.now()).toBe(T0 + 5 * MIN); // 5 s after the origin already: 5 simulated minutes
    base.advance(10 * SEC);
    expect(clock.now()).toBe(T0 + 15 * MIN);
    expect(scaledClock(base, 60).now()).toBe(base.now()); // origin: now, by default
  });

  it('fires a timer after its duration divided by the speed, on the base clock', () => {
    const base = new ManualClock(T0);
    const fired: number[] = [];
    scaledClock(base, 60).setTimer(() => fired.push(base.now()), MIN);
    base.advance(999);
    expect(fired).toEqual([]);
    base.advance(1);
    expect(fired).toEqual([T0 + SEC]);
  });

  it('is the base clock at speed 1 and refuses a speed that is not a positive number', () => {
    const base = new ManualClock(T0);
    expect(scaledClock(base, 1)).toBe(base);
    for (const speed of [0, -1, NaN, Infinity]) expect(() => scaledClock(base, speed)).toThrow(RangeError);
  });
});

describe('demo mode on a manual clock: the banner tasks as the service reports them', () => {
  let clock: ManualClock;
  let demo: DemoEnvironment;
  let app: App;
  const statuses = async () => {
    const ids = PROVIDER_IDS.map((p) => demo.taskIds[p][0]!);
    const res = await gql<{ exportTasks: Array<{ id: string; status: string; progress: number | null }> }, { ids: string[] }>(
      app,
      'query ($ids: [ID!]!) { exportTasks(ids: $ids) { id status progress } }',
      { ids },
      null,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.exportTasks;
  };
  const start = async (speed: number) => {
    clock = new ManualClock(T0);
    demo = await startDemo({ host: '127.0.0.1', port: 0 }, { speed, clock });
    app = await createApp(demo.config, { logger: memoryLogger('warn').logger, clock });
  };
  afterEach(async () => {
    await app?.stop();
    await demo?.dispose();
  });

  it('at speed 1: RUNNING at start, all final at 15 minutes, RUNNING again from 0% at 27 and still at 30', async () => {
    await start(1);
    expect((await statuses()).map((t) => t.status)).toEqual(['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING']);
    clock.advance(15 * MIN);
    expect((await statuses()).map((t) => t.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    // A terminal state the service cached is not served past the restart.
    clock.advance(12 * MIN);
    // From 0% again (Huawei reports no progress).
    expect(await statuses()).toEqual(
      PROVIDER_IDS.map((p) => ({ id: demo.taskIds[p][0], status: 'RUNNING', progress: p === 'huawei-workspace' ? null : 0 })),
    );
    clock.advance(3 * MIN);
    expect((await statuses()).map((t) => t.status)).toEqual(['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING']);
  });

  it('at speed 60 (EXPORTS_DEMO_SPEED=60): all final at 15 s, RUNNING at 30 s, and the banner says so', async () => {
    await start(60);
    expect(demo.speed).toBe(60);
    clock.advance(15 * SEC);
    expect((await statuses()).map((t) => t.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    clock.advance(15 * SEC);
    expect((await statuses()).map((t) => t.status)).toEqual(['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING']);
    expect(demoBanner(app.url, demo.taskIds, demo.speed)).toContain('EXPORTS_DEMO_SPEED=60: the emulated tasks run 60 times faster');
    expect(demoBanner(app.url, demo.taskIds)).not.toContain('EXPORTS_DEMO_SPEED');
  });
});

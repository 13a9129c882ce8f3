import { EventLog, MAX_EVENTS, MAX_TASKS } from '../../../playground/src/event-log';

const event = (id: string, task: Record<string, unknown> | null, extra: Record<string, unknown> = {}) => ({
  data: { exportTaskUpdates: { id, final: false, task, error: null, ...extra } },
});

describe("the playground's event log (the Task progress pane)", () => {
  it('folds every event into one entry per task id with its last status and progress', () => {
    const log = new EventLog();
    log.start('ExportTaskUpdates');
    log.record(event('a', { status: 'RUNNING', progress: 10 }));
    log.record(event('b', { status: 'PENDING', progress: null }));
    log.record(event('a', { status: 'RUNNING', progress: 20 }));
    log.record(event('a', null, { error: { code: 'PROVIDER_UNAVAILABLE', message: 'timed out' } }));
    log.record(event('b', { status: 'FAILED', progress: null, terminal: true }, { final: true }));
    const s = log.getSnapshot();
    expect(s).toMatchObject({ operationName: 'ExportTaskUpdates', running: true, received: 5 });
    expect(s.events).toHaveLength(5);
    expect(s.tasks).toEqual([
      { id: 'a', status: 'RUNNING', progress: 20, final: false, error: 'PROVIDER_UNAVAILABLE: timed out', events: 3 },
      { id: 'b', status: 'FAILED', progress: null, final: true, error: null, events: 2 },
    ]);
  });

  it('keeps the raw events of an event that names no task, and draws no bar for it', () => {
    const log = new EventLog();
    log.start(null);
    log.record({ errors: [{ message: 'boom' }] });
    log.record({ data: { somethingElse: 3 } });
    expect(log.getSnapshot()).toMatchObject({
      tasks: [],
      received: 2,
      events: [{ errors: [{ message: 'boom' }] }, { data: { somethingElse: 3 } }],
    });
  });

  it(`keeps the last ${MAX_EVENTS} events and bars for at most ${MAX_TASKS} ids`, () => {
    const log = new EventLog();
    log.start('S');
    for (let i = 0; i < MAX_EVENTS + 10; i++) log.record(event(`t${i}`, { status: 'RUNNING', progress: 1 }));
    const s = log.getSnapshot();
    expect(s.received).toBe(MAX_EVENTS + 10);
    expect(s.events).toHaveLength(MAX_EVENTS);
    expect(s.events[0]).toEqual(event('t10', { status: 'RUNNING', progress: 1 }));
    expect(s.tasks).toHaveLength(MAX_TASKS);
  });

  it('starts afresh with each subscription, says when it ended, and tells its listeners', () => {
    const log = new EventLog();
    const changes: number[] = [];
    let starts = 0;
    log.subscribe(() => changes.push(log.getSnapshot().received));
    log.onStart(() => starts++);
    log.start('A');
    log.record(event('a', { status: 'RUNNING', progress: 1 }));
    log.end();
    expect(log.getSnapshot().running).toBe(false);
    const ended = log.getSnapshot();
    log.end(); // already ended: no change, the same snapshot
    expect(log.getSnapshot()).toBe(ended);
    log.start('B');
    expect(log.getSnapshot()).toEqual({ operationName: 'B', running: true, tasks: [], events: [], received: 0 });
    expect(changes).toEqual([0, 1, 1, 0]);
    expect(starts).toBe(2);
  });
});

import { MAX_IDS, readBoardConfig, readLocation, searchFor } from '../../../examples/progress-board/src/board-config';
import { formatRemaining } from '../../../examples/progress-board/src/remaining-time';
import { applyUpdate, initialRows, type TaskUpdate } from '../../../examples/progress-board/src/task-rows';

const TASK: NonNullable<TaskUpdate['task']> = {
  id: 'tencent-tcss:t1',
  providerTaskId: 't1',
  provider: { id: 'tencent-tcss', name: 'Tencent Cloud Container Security Service' },
  status: 'RUNNING',
  providerStatus: 'RUNNING',
  terminal: false,
  progress: 40,
  fileName: null,
  downloadUrl: null,
  exportType: null,
  exportedCount: null,
  totalCount: null,
  message: null,
  failureReason: null,
  errorCode: null,
  downloaded: null,
  createdAt: null,
  finishedAt: null,
  observedAt: '2026-01-01T00:00:00.000Z',
  estimatedCompletionAt: null,
  requestId: null,
};
const ERROR: NonNullable<TaskUpdate['error']> = {
  code: 'PROVIDER_UNAVAILABLE',
  providerCode: null,
  message: 'Tencent did not answer in time',
  requestId: null,
  retryable: true,
};

describe('the progress board rows', () => {
  it('start waiting, one per id, in the order given', () => {
    expect([...initialRows(['b', 'a']).values()]).toEqual([
      { id: 'b', final: false, updates: 0 },
      { id: 'a', final: false, updates: 0 },
    ]);
  });

  it('keep the last state through a failed read, show its error, and clear it on the next good read', () => {
    let rows = initialRows([TASK.id]);
    rows = applyUpdate(rows, { id: TASK.id, final: false, task: TASK, error: null });
    rows = applyUpdate(rows, { id: TASK.id, final: false, task: null, error: ERROR });
    expect(rows.get(TASK.id)).toEqual({ id: TASK.id, task: TASK, error: ERROR, final: false, updates: 2 });
    const done = { ...TASK, status: 'SUCCEEDED' as const, terminal: true, progress: 100 };
    rows = applyUpdate(rows, { id: TASK.id, final: true, task: done, error: null });
    expect(rows.get(TASK.id)).toEqual({ id: TASK.id, task: done, error: undefined, final: true, updates: 3 });
  });

  it('ignore an event for a task the board does not show (same map back)', () => {
    const rows = initialRows(['other']);
    expect(applyUpdate(rows, { id: TASK.id, final: false, task: TASK, error: null })).toBe(rows);
  });
});

describe('the progress board URL', () => {
  it('takes ids comma-separated or repeated, trimmed and without duplicates', () => {
    expect(readLocation('?ids=a:1,%20b:2&ids=a:1&ids=,c:3')).toEqual({ ids: ['a:1', 'b:2', 'c:3'], transport: 'auto' });
  });

  it(`keeps at most ${MAX_IDS} ids`, () => {
    const ids = Array.from({ length: MAX_IDS + 5 }, (_, i) => `p:${i}`);
    expect(readLocation(`?ids=${ids.join(',')}`).ids).toEqual(ids.slice(0, MAX_IDS));
  });

  it('forces a transport with transport=http or transport=ws, and otherwise chooses by itself', () => {
    expect(readLocation('?transport=http').transport).toBe('http');
    expect(readLocation('?transport=ws').transport).toBe('websocket');
    expect(readLocation('?transport=carrier-pigeon').transport).toBe('auto');
    expect(readLocation('').transport).toBe('auto');
  });

  it('writes picked ids back in a form it reads, keeping a forced transport', () => {
    for (const transport of ['http', 'websocket', 'auto'] as const) {
      const search = searchFor(['huawei-workspace:x', 'tencent-tcss:y'], transport);
      expect(readLocation(search)).toEqual({ ids: ['huawei-workspace:x', 'tencent-tcss:y'], transport });
    }
    expect(searchFor([], 'auto')).toBe('');
  });
});

describe('the progress board config', () => {
  it('reads the block the service writes, and assumes auth on without one', () => {
    expect(readBoardConfig('{"demo":true,"auth":false,"demoTaskIds":["a:1"]}')).toEqual({ demo: true, auth: false, demoTaskIds: ['a:1'] });
    expect(readBoardConfig(undefined)).toEqual({ demo: false, auth: true, demoTaskIds: [] });
  });
});

describe('the countdown text', () => {
  it.each([
    [-1, 'any moment now'],
    [0, 'any moment now'],
    [1, 'about 1 s left'],
    [59_000, 'about 59 s left'],
    [61_000, 'about 1 min 1 s left'],
    [3_600_000 + 120_000, 'about 1 h 2 min left'],
  ])('%d ms reads "%s"', (ms, text) => {
    expect(formatRemaining(ms)).toBe(text);
  });
});

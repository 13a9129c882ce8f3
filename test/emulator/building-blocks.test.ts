import { startEmulator } from '../../src/emulator';
import { RawJsonNumber, stringifyWithRawNumbers } from '../../src/emulator/alibaba-rpc/raw-json';
import { FaultSchedule } from '../../src/emulator/faults';
import { taskStateAt } from '../../src/emulator/task-simulation';
import { InMemoryTaskStore } from '../../src/emulator/task-store';
import { ManualClock } from '../../src/time/clock';
import { OWNER } from './support/drivers';

describe('taskStateAt', () => {
  const task = { id: 't', accountId: 'a', createdAt: 1_000, startDelayMs: 1_000, durationMs: 4_000 };
  it.each([
    [0, 'pending', 0],
    [1_999, 'pending', 0],
    [2_000, 'running', 0],
    [3_000, 'running', 25],
    [5_000, 'running', 75],
    [6_000, 'succeeded', 100],
  ])('at %i is %s at %d%%', (now, phase, progress) => {
    expect(taskStateAt(task, now)).toMatchObject({ phase, progress });
  });

  it('fails at the end of the duration and expires only successes', () => {
    expect(taskStateAt({ ...task, outcome: 'failure', expireAfterMs: 0 }, 6_000)).toEqual({
      phase: 'failed',
      progress: 99, // short of finishing, by default
      run: 0,
      createdAt: 1_000,
      startedAt: 2_000,
      finishedAt: 6_000,
      downloaded: false,
    });
    expect(taskStateAt({ ...task, expireAfterMs: 500 }, 6_499).phase).toBe('succeeded');
    expect(taskStateAt({ ...task, expireAfterMs: 500 }, 6_500).phase).toBe('expired');
  });

  it('takes a failing task linearly to the progress it reaches, where it fails and stays', () => {
    const failing = { ...task, outcome: 'failure' as const, failedAtProgress: 40 };
    expect(taskStateAt(failing, 4_000)).toMatchObject({ phase: 'running', progress: 20 });
    expect(taskStateAt(failing, 6_000)).toMatchObject({ phase: 'failed', progress: 40 });
    expect(taskStateAt(failing, 60_000)).toMatchObject({ phase: 'failed', progress: 40 });
  });

  it('defaults to a one-minute duration and no delay', () => {
    expect(taskStateAt({ id: 't', accountId: 'a', createdAt: 0 }, 30_000)).toMatchObject({ phase: 'running', progress: 50 });
  });

  it('runs a task once unless it repeats: final for ever, its downloaded flag as given', () => {
    expect(taskStateAt({ ...task, downloaded: true }, 1_000_000)).toMatchObject({
      phase: 'succeeded',
      run: 0,
      createdAt: 1_000,
      downloaded: true,
    });
    expect(taskStateAt({ ...task, downloaded: true }, 3_000)).toMatchObject({ phase: 'running', downloaded: true });
  });

  describe('with repeatEveryMs', () => {
    // Created at 1 000; each run: pending 1 s, running 4 s, succeeded for 5 s; a new run every 10 s.
    const repeating = { ...task, repeatEveryMs: 10_000 };
    it.each([
      [0, 'pending', 0, 0, 1_000], // before createdAt: the first run, pending
      [5_000, 'running', 75, 0, 1_000],
      [6_000, 'succeeded', 100, 0, 1_000],
      [10_999, 'succeeded', 100, 0, 1_000], // still final just before the next run
      [11_000, 'pending', 0, 1, 11_000], // a new run, created now
      [12_000, 'running', 0, 1, 11_000], // from 0% again
      [13_000, 'running', 25, 1, 11_000],
      [16_000, 'succeeded', 100, 1, 11_000],
      [1_003_000, 'running', 25, 100, 1_001_000], // and so on for ever
    ])('at %i is %s at %d%%, run %i created at %i', (now, phase, progress, run, createdAt) => {
      expect(taskStateAt(repeating, now)).toMatchObject({ phase, progress, run, createdAt, startedAt: createdAt + 1_000 });
    });

    it('times each run from its own creation: its end, its failure, its expiry', () => {
      expect(taskStateAt(repeating, 27_000)).toMatchObject({ phase: 'succeeded', startedAt: 22_000, finishedAt: 26_000 });
      const failing = { ...repeating, outcome: 'failure' as const, failedAtProgress: 40 };
      expect(taskStateAt(failing, 23_000)).toMatchObject({ phase: 'running', progress: 10, finishedAt: undefined });
      expect(taskStateAt(failing, 26_000)).toMatchObject({ phase: 'failed', progress: 40, finishedAt: 26_000 });
      const expiring = { ...repeating, expireAfterMs: 2_000 };
      expect(taskStateAt(expiring, 27_999).phase).toBe('succeeded');
      expect(taskStateAt(expiring, 28_000).phase).toBe('expired');
      expect(taskStateAt(expiring, 31_000)).toMatchObject({ phase: 'pending', run: 3 });
    });

    it('shows downloaded only once a run has succeeded: a new run is a new file', () => {
      const downloaded = { ...repeating, downloaded: true, expireAfterMs: 2_000 };
      expect([11_500, 13_000, 16_000, 18_000, 21_000].map((now) => taskStateAt(downloaded, now).downloaded)).toEqual([
        false,
        false,
        true,
        true,
        false,
      ]);
    });

    it('places a task created before now at the same point of its cycle', () => {
      const phaseAt = (createdAt: number, now: number) => {
        const { phase, progress, run } = taskStateAt({ ...repeating, createdAt }, now);
        return { phase, progress, run };
      };
      for (const now of [0, 2_500, 4_000, 9_000]) expect(phaseAt(-7_000, now)).toEqual(phaseAt(3_000, now + 10_000));
    });
  });
});

describe('FaultSchedule', () => {
  it('adds latencies, queues answering faults, and counts times', () => {
    const faults = new FaultSchedule();
    faults.inject({ kind: 'latency', ms: 10 });
    faults.inject({ kind: 'latency', ms: 5 }, { times: 1 });
    faults.inject({ kind: 'reset' }, { times: 1 });
    faults.inject({ kind: 'malformed' }, { times: 1 });
    expect(faults.draw()).toEqual({ latencyMs: 15, answer: { kind: 'reset' } });
    expect(faults.draw()).toEqual({ latencyMs: 10, answer: { kind: 'malformed' } });
    expect(faults.draw()).toEqual({ latencyMs: 10, answer: undefined });
  });

  it.each([
    [{ kind: 'latency', ms: -1 }, undefined, 'latency fault ms must be a finite number >= 0 but got: -1'],
    [
      { kind: 'explode' },
      undefined,
      'fault.kind must be one of latency, server-error, throttle, reset, malformed, missing-fields, hang, no-such-action but got: {"kind":"explode"}',
    ],
    [{ kind: 'reset' }, { times: 0 }, 'fault times must be a positive integer but got: 0'],
    [{ kind: 'reset' }, { times: 1.5 }, 'fault times must be a positive integer but got: 1.5'],
  ])('rejects %j %j', (fault, options, message) => {
    expect(() => new FaultSchedule().inject(fault as never, options)).toThrow(message);
  });
});

describe('InMemoryTaskStore', () => {
  const clock = new ManualClock(5_000);
  it('fills createdAt from the clock and keeps insertion order', () => {
    const store = new InMemoryTaskStore(clock);
    store.add({ id: 'b', accountId: 'a' });
    store.add({ id: 'a', accountId: 'a', createdAt: 1 });
    expect(store.list().map((t) => [t.id, t.createdAt])).toEqual([
      ['b', 5_000],
      ['a', 1],
    ]);
    store.remove('b');
    store.remove('nope');
    expect(store.get('b')).toBeUndefined();
    expect(store.list()).toHaveLength(1);
  });

  it.each([
    [{ id: '', accountId: 'a' }, 'EmulatedTaskSpec.id must be a non-empty string but got: ""'],
    [{ id: 'x', accountId: '' }, 'EmulatedTaskSpec.accountId must be a non-empty string but got: ""'],
    [{ id: 'x', accountId: 'a', durationMs: -5 }, 'EmulatedTaskSpec.durationMs must be a finite number >= 0 but got: -5'],
    [{ id: 'x', accountId: 'a', totalCount: 1.5 }, 'EmulatedTaskSpec.totalCount must be an integer but got: 1.5'],
    [{ id: 'x', accountId: 'a', outcome: 'maybe' }, 'EmulatedTaskSpec.outcome must be "success" or "failure" but got: "maybe"'],
    [{ id: 'x', accountId: 'a', failedAtProgress: 101 }, 'EmulatedTaskSpec.failedAtProgress must be a number from 0 to 100 but got: 101'],
    [
      { id: 'x', accountId: 'a', startDelayMs: 1, repeatEveryMs: 60_001 },
      'EmulatedTaskSpec.repeatEveryMs must be a finite number greater than startDelayMs + durationMs (60001) but got: 60001',
    ],
    [
      { id: 'x', accountId: 'a', durationMs: 5, repeatEveryMs: Infinity },
      'EmulatedTaskSpec.repeatEveryMs must be a finite number greater than startDelayMs + durationMs (5) but got: Infinity',
    ],
  ])('rejects %j', (spec, message) => {
    expect(() => new InMemoryTaskStore(clock).add(spec as never)).toThrow(message);
  });

  it('rejects a duplicate id', () => {
    const store = new InMemoryTaskStore(clock);
    store.add({ id: 'x', accountId: 'a' });
    expect(() => store.add({ id: 'x', accountId: 'b' })).toThrow(
      'EmulatedTaskSpec.id must be unique but got: "x" twice; remove the first one',
    );
  });
});

describe('startEmulator options', () => {
  it('rejects Alibaba ids that are not canonical int64, before listening', async () => {
    await expect(startEmulator('alibaba-sas', { accounts: [OWNER], tasks: [{ id: '0012', accountId: '1' }] })).rejects.toThrow(
      'EmulatedTaskSpec.id must be a non-negative decimal int64 without leading zeros (at most 9223372036854775807) but got: "0012"',
    );
  });

  it('rejects duplicate access key ids and unknown providers', async () => {
    await expect(startEmulator('tencent-tcss', { accounts: [OWNER, { ...OWNER, accountId: 'x' }] })).rejects.toThrow(
      'EmulatorAccount.accessKeyId must be unique but got: "AKIDowner" twice',
    );
    await expect(startEmulator('aws-s3' as never, { accounts: [] })).rejects.toThrow('provider must be a provider id but got: "aws-s3"');
  });

  it("rejects an unknown-task answer that is not one of the provider's", async () => {
    await expect(startEmulator('tencent-tcss', { accounts: [OWNER], unknownTask: 'ExportTaskNotExist' })).rejects.toThrow(
      'unknownTask must be one of ResourceNotFound, InvalidParameter, InvalidParameterValue, InvalidParameterValue.DataNotFound ' +
        'for tencent-tcss but got: "ExportTaskNotExist"',
    );
    const emulator = await startEmulator('huawei-workspace', { accounts: [OWNER] });
    try {
      expect(() => emulator.setUnknownTask('ResourceNotFound')).toThrow(
        'unknownTask must be one of empty-list for huawei-workspace but got: "ResourceNotFound"',
      );
    } finally {
      await emulator.dispose();
    }
  });
});

describe('stringifyWithRawNumbers', () => {
  it('writes raw numbers with every digit and everything else as JSON', () => {
    expect(stringifyWithRawNumbers({ a: 'x', Id: new RawJsonNumber('9223372036854775807'), n: null, u: undefined })).toBe(
      '{"a":"x","Id":9223372036854775807,"n":null}',
    );
    expect(() => new RawJsonNumber('012')).toThrow('RawJsonNumber must be decimal digits but got: "012"');
  });
});

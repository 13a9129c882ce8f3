import type { PollingConfig } from '../../../src/config/config';
import { ExportStatus } from '../../../src/domain/export-task';
import { ErrorCode } from '../../../src/errors/error-code';
import { ServiceError } from '../../../src/errors/service-error';
import type { CoordinationMode } from '../../../src/live/coordinator';
import { TaskChannel } from '../../../src/live/task-channel';
import { type TaskEvent, taskTopic } from '../../../src/live/task-event';
import { ManualClock } from '../../../src/time/clock';
import { deferred } from '../../support/deferred';
import { memoryLogger } from '../../support/silent-logger';
import { taskRef } from '../../support/task-ref';
import { taskState } from '../../support/task-state';
import { FakeCoordinator } from './support/fake-coordinator';
import { type Answer, scriptedSource } from './support/scripted-source';

const POLLING: PollingConfig = { intervalMs: 1000, maxIntervalMs: 30_000 };
const LEASE_MS = 3000;
const TASK = taskRef('tencent-tcss', 'job-1');
const TOPIC = taskTopic('team-a', TASK);

const failure = (code: ErrorCode, retryable: boolean) =>
  new ServiceError(code, `failed with ${code}`, { provider: 'tencent-tcss', providerCode: 'X', retryable });
const running = (progress: number): Answer => ({ status: ExportStatus.RUNNING, providerStatus: 'RUNNING', progress });
const succeeded: Answer = { status: ExportStatus.SUCCEEDED, providerStatus: 'SUCCESS', progress: 100 };

/** A channel on a manual clock, its source reading `script`, with one listener recording what it gets. */
function channel(script: Answer[], mode: CoordinationMode = 'local') {
  const clock = new ManualClock(0);
  const coordinator = new FakeCoordinator(clock, mode);
  const { source, reads } = scriptedSource(clock, script);
  const ch = new TaskChannel(TOPIC, TASK, source, {
    coordinator,
    clock,
    polling: POLLING,
    leaseMs: LEASE_MS,
    logger: memoryLogger().logger,
  });
  const events: TaskEvent[] = [];
  ch.add((e) => events.push(e));
  const progress = () => events.map((e) => (e.error ? e.error.code : e.state?.progress));
  return { clock, coordinator, ch, reads, events, progress };
}

describe('TaskChannel, alone (local)', () => {
  it('sends the first state at once, then only the changes: a state read again is no event', async () => {
    const { clock, ch, reads, progress } = channel([running(10), running(10), running(20), running(20), running(30)]);
    ch.open();
    await clock.advanceAsync(4000);
    expect(reads).toHaveLength(5);
    expect(progress()).toEqual([10, 20, 30]);
    ch.close();
  });

  it('ends with one final event when the task becomes terminal, and never reads it again', async () => {
    const { clock, ch, reads, events, progress } = channel([running(50), succeeded]);
    ch.open();
    await clock.advanceAsync(60_000);
    expect(progress()).toEqual([50, 100]);
    expect(events.map((e) => e.final)).toEqual([false, true]);
    expect(reads).toHaveLength(2);
    expect(ch.polling).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  // One rule: an error the same request cannot fix by retrying is final, whatever its code.
  it.each([
    [ErrorCode.NOT_FOUND],
    [ErrorCode.PROVIDER_FORBIDDEN],
    [ErrorCode.PROVIDER_AUTH_FAILED],
    [ErrorCode.PROVIDER_MISCONFIGURED],
    [ErrorCode.BAD_USER_INPUT], // a locally valid job id the provider refuses as a bad parameter
    [ErrorCode.PROVIDER_BAD_RESPONSE], // a body of the wrong shape
    [ErrorCode.INTERNAL_SERVER_ERROR], // an answer no table knows
  ])('ends the stream on %s, not retryable: a final event with the error, and no read after it', async (code) => {
    const { clock, ch, reads, events } = channel([running(5), failure(code, false)]);
    ch.open();
    await clock.advanceAsync(120_000);
    expect(events.map((e) => [e.error?.code ?? null, e.final])).toEqual([
      [null, false],
      [code, true],
    ]);
    expect(events[1]!.state?.progress).toBe(5); // the last known state beside the error
    expect(reads).toHaveLength(2);
    expect(ch.polling).toBe(false);
  });

  it.each([
    ['throttled', failure(ErrorCode.PROVIDER_RATE_LIMITED, true)],
    ['an outage', failure(ErrorCode.PROVIDER_UNAVAILABLE, true)],
    ['a timeout', failure(ErrorCode.PROVIDER_TIMEOUT, true)],
    ['a body cut short', failure(ErrorCode.PROVIDER_BAD_RESPONSE, true)],
    ['a cancelled call', failure(ErrorCode.INTERNAL_SERVER_ERROR, true)],
    ['a failure inside this service, about no provider', new ServiceError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error')],
  ])('goes on after %s (retryable): an event that is not final, then the next state', async (_name, error) => {
    const { clock, ch, events } = channel([running(5), error, running(6)]);
    ch.open();
    await clock.advanceAsync(60_000);
    expect(events.map((e) => [e.error?.code ?? null, e.state?.progress, e.final])).toEqual([
      [null, 5, false],
      [error.code, 5, false],
      [null, 6, false],
    ]);
    expect(ch.polling).toBe(true);
    ch.close();
  });

  it('keeps polling with back-off after a transient failure, and reports the recovery even if the state is the same', async () => {
    const { clock, ch, reads, events } = channel([running(5), failure(ErrorCode.PROVIDER_UNAVAILABLE, true), running(5)]);
    ch.open();
    await clock.advanceAsync(10_000);
    expect(events.map((e) => [e.error?.code ?? null, e.state?.progress, e.final])).toEqual([
      [null, 5, false],
      [ErrorCode.PROVIDER_UNAVAILABLE, 5, false],
      [null, 5, false],
    ]);
    expect(reads.length).toBeGreaterThan(3);
    ch.close();
  });

  it('gives a late listener the last event first, on the next microtask', async () => {
    const { clock, ch } = channel([running(42)]);
    ch.open();
    await clock.advanceAsync(0);
    const late: TaskEvent[] = [];
    ch.add((e) => late.push(e));
    expect(late).toHaveLength(0);
    await clock.advanceAsync(0);
    expect(late.map((e) => e.state?.progress)).toEqual([42]);
    ch.close();
  });

  it('stops reading as soon as it is closed, and delivers nothing after', async () => {
    const { clock, ch, reads, events } = channel([running(1), running(2)]);
    ch.open();
    await clock.advanceAsync(1500);
    ch.close();
    const before = [reads.length, events.length];
    await clock.advanceAsync(60_000);
    expect([reads.length, events.length]).toEqual(before);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('TaskChannel, among replicas (cluster)', () => {
  it('polls only while it holds the lease, and shares each change with the other replicas', async () => {
    const { clock, coordinator, ch, reads, progress } = channel([running(1), running(2)], 'cluster');
    ch.open();
    await clock.advanceAsync(1500);
    expect(reads.length).toBeGreaterThan(0);
    expect(progress()).toEqual([1, 2]);
    expect(coordinator.published.map(([t, e]) => [t, e.state?.progress])).toEqual([
      [TOPIC, 1],
      [TOPIC, 2],
    ]);
    expect(coordinator.saved.map(([, e]) => e.state?.progress)).toEqual([1, 2]);
    ch.close();
    expect(coordinator.released).toEqual([TOPIC]);
  });

  it('without the lease it reads nothing and delivers what the holder publishes', async () => {
    const { clock, coordinator, ch, reads, progress } = channel([running(1)], 'cluster');
    coordinator.grantLease = false;
    ch.open();
    await clock.advanceAsync(5000);
    expect(reads).toHaveLength(0);
    coordinator.fromAnotherReplica(TOPIC, { task: TASK, state: taskState({ progress: 7 }), error: null, final: false });
    coordinator.fromAnotherReplica(TOPIC, { task: TASK, state: taskState({ progress: 7, observedAt: 9 }), error: null, final: false });
    expect(progress()).toEqual([7]);
    ch.close();
  });

  it('stops polling when the lease renewal fails (another replica took it over), and keeps polling while it succeeds', async () => {
    const { clock, coordinator, ch, reads } = channel([running(1)], 'cluster');
    ch.open();
    await clock.advanceAsync(LEASE_MS); // renewed every leaseMs / 3
    expect(coordinator.renewals.length).toBeGreaterThanOrEqual(2);
    expect(ch.polling).toBe(true);
    const whileHeld = reads.length;
    expect(whileHeld).toBeGreaterThanOrEqual(3);
    coordinator.keepLease = false;
    coordinator.grantLease = false;
    await clock.advanceAsync(LEASE_MS / 3);
    expect(ch.polling).toBe(false);
    const atLoss = reads.length;
    await clock.advanceAsync(30_000);
    expect(reads.length).toBe(atLoss);
    ch.close();
  });

  it('takes over the lease of a replica that went away, within the lease time plus an interval', async () => {
    const { clock, coordinator, ch, reads } = channel([running(1)], 'cluster');
    coordinator.grantLease = false;
    ch.open();
    await clock.advanceAsync(10_000);
    expect(reads).toHaveLength(0);
    coordinator.grantLease = true; // the holder's lease expired
    await clock.advanceAsync(Math.min(POLLING.intervalMs, LEASE_MS / 3));
    expect(reads).toHaveLength(1);
    ch.close();
  });

  it('a late joiner on another replica first gets the latest event stored in Redis', async () => {
    const { clock, coordinator, ch, progress } = channel([running(1)], 'cluster');
    coordinator.grantLease = false;
    coordinator.latest = { task: TASK, state: taskState({ progress: 64 }), error: null, final: false };
    ch.open();
    await clock.advanceAsync(0);
    expect(progress()).toEqual([64]);
    ch.close();
  });

  it('releases the lease with the final event, and takes no new one', async () => {
    const { clock, coordinator, ch, reads } = channel([running(90), succeeded], 'cluster');
    ch.open();
    await clock.advanceAsync(60_000);
    expect(reads).toHaveLength(2);
    expect(coordinator.released).toEqual([TOPIC]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('polls for its own subscribers while Redis is away (degraded), and competes for the lease again when it is back', async () => {
    const { clock, coordinator, ch, reads } = channel([running(1)], 'cluster');
    coordinator.grantLease = false;
    ch.open();
    await clock.advanceAsync(3000);
    expect(reads).toHaveLength(0);
    coordinator.setMode('degraded');
    await clock.advanceAsync(2500);
    expect(reads).toHaveLength(3);
    coordinator.setMode('cluster');
    const back = reads.length;
    await clock.advanceAsync(5000);
    expect(reads).toHaveLength(back);
    ch.close();
  });

  it('keeps its own poller when a lease renewal that hung on a frozen Redis fails after the mode turned degraded', async () => {
    const { clock, coordinator, ch, reads } = channel([running(1)], 'cluster');
    ch.open();
    await clock.advanceAsync(500);
    const frozen = deferred<boolean>();
    coordinator.renewAnswer = frozen.promise;
    await clock.advanceAsync(LEASE_MS / 3); // a renewal is now waiting for Redis
    coordinator.setMode('degraded'); // the coordinator saw a command time out
    frozen.reject(new Error('Command timed out'));
    const atDegraded = reads.length;
    await clock.advanceAsync(3000);
    expect(ch.polling).toBe(true);
    expect(reads.length).toBeGreaterThanOrEqual(atDegraded + 2);
    ch.close();
  });
});

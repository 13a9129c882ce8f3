import { ExportStatus } from '../../../src/domain/export-task';
import { ErrorCode } from '../../../src/errors/error-code';
import { ServiceError } from '../../../src/errors/service-error';
import { decodeEvent, encodeEvent } from '../../../src/live/redis/event-codec';
import { isRepeat, stateChanged, type TaskEvent, taskTopic } from '../../../src/live/task-event';
import { taskRef } from '../../support/task-ref';
import { taskState } from '../../support/task-state';

const base = taskState({
  provider: 'huawei-workspace',
  providerTaskId: 'x',
  providerStatus: 'CREATING',
  fileName: 'f.xlsx',
  downloaded: false,
  createdAt: 1,
  observedAt: 100,
  requestId: 'r1',
});

describe('task events', () => {
  it('ignores observedAt and requestId, and sees every other field', () => {
    expect(stateChanged(base, { ...base, observedAt: 200, requestId: 'r2' })).toBe(false);
    for (const [k, v] of Object.entries({
      progress: 5,
      status: ExportStatus.SUCCEEDED,
      providerStatus: 'SUCCESS',
      downloaded: true,
      finishedAt: 9,
      fileName: 'g',
    })) {
      expect(stateChanged(base, { ...base, [k]: v })).toBe(true);
    }
  });

  it('keys topics by tenant', () => {
    const task = taskRef('tencent-tcss', 'j1');
    expect(taskTopic('team-a', task)).toBe('task:team-a:tencent-tcss:j1');
    expect(taskTopic('team-a', task)).not.toBe(taskTopic('team-b', task));
  });

  it('round-trips events with their errors through the Redis codec, with the replica that sent them', () => {
    const task = taskRef('tencent-tcss', 'j1');
    const e = new ServiceError(ErrorCode.PROVIDER_RATE_LIMITED, 'slow down', {
      provider: 'tencent-tcss',
      providerCode: 'RequestLimitExceeded',
      requestId: 'q',
      retryable: true,
    });
    const event: TaskEvent = { task, state: base, error: e, final: false };
    const decoded = decodeEvent(encodeEvent(event, 'replica-1'), task)!;
    expect(decoded.origin).toBe('replica-1');
    const back = decoded.event;
    expect(back.task).toBe(task);
    expect(back.state).toEqual(base);
    expect(back.final).toBe(false);
    expect(back.error).toBeInstanceOf(ServiceError);
    expect([back.error!.code, back.error!.message, back.error!.provider]).toEqual([
      e.code,
      e.message,
      { provider: 'tencent-tcss', providerCode: 'RequestLimitExceeded', requestId: 'q', retryable: true },
    ]);
    expect(back.error!.final).toBe(false);
    expect(new ServiceError(ErrorCode.NOT_FOUND, 'x').final).toBe(true);
  });

  it('drops a message that is not an event, rather than delivering half of it', () => {
    const task = taskRef('tencent-tcss', 'j1');
    expect(decodeEvent('not json', task)).toBeUndefined();
    expect(decodeEvent('{"state":null,"error":null,"final":false}', task)).toBeUndefined();
    expect(decodeEvent('{"o":"r","state":null,"error":null}', task)).toBeUndefined();
  });

  it('calls an event a repeat only when nothing but observedAt/requestId changed and neither has an error', () => {
    const task = taskRef('tencent-tcss', 'j1');
    const ev = (overrides: Partial<TaskEvent>): TaskEvent => ({ task, state: base, error: null, final: false, ...overrides });
    const err = new ServiceError(ErrorCode.PROVIDER_UNAVAILABLE, 'down', { provider: 'tencent-tcss', retryable: true });
    expect(isRepeat(undefined, ev({}))).toBe(false);
    expect(isRepeat(ev({}), ev({ state: { ...base, observedAt: 999, requestId: 'r9' } }))).toBe(true);
    expect(isRepeat(ev({}), ev({ state: { ...base, progress: 7 } }))).toBe(false);
    expect(isRepeat(ev({ error: err }), ev({}))).toBe(false);
    expect(isRepeat(ev({}), ev({ error: err }))).toBe(false);
    expect(isRepeat(ev({}), ev({ final: true }))).toBe(false);
  });
});

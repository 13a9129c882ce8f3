import { ErrorCode } from '../../../src/errors/error-code';
import { ServiceError } from '../../../src/errors/service-error';
import { deserializeError, serializeError, stateChanged, taskTopic } from '../../../src/live/task-event';
import { ExportStatus } from '../../../src/providers/export-task';
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
    expect(taskTopic('team-a', 'tencent-tcss', 'j1')).not.toBe(taskTopic('team-b', 'tencent-tcss', 'j1'));
  });

  it('round-trips errors through plain data', () => {
    const e = new ServiceError(ErrorCode.PROVIDER_RATE_LIMITED, 'slow down', {
      provider: 'tencent-tcss',
      providerCode: 'RequestLimitExceeded',
      requestId: 'q',
      retryable: true,
    });
    const back = deserializeError(JSON.parse(JSON.stringify(serializeError(e, 'tencent-tcss'))));
    expect([back.code, back.message, back.provider]).toEqual([
      e.code,
      e.message,
      { provider: 'tencent-tcss', providerCode: 'RequestLimitExceeded', requestId: 'q', retryable: true },
    ]);
    expect(back.final).toBe(false);
    expect(new ServiceError(ErrorCode.NOT_FOUND, 'x').final).toBe(true);
  });
});

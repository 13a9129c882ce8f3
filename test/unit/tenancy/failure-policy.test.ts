import { ErrorCode } from '../../../src/errors/error-code';
import { ServiceError } from '../../../src/errors/service-error';
import { isAnswer, isBreakerFailure, isRetryable } from '../../../src/tenancy/failure-policy';

const error = (code: ErrorCode, retryable: boolean) => new ServiceError(code, code, { provider: 'tencent-tcss', retryable });

describe('failure policy: one table for retries, the breaker and health', () => {
  // [code, retryable as classified, retried, breaker failure, an answer (health success)]
  it.each([
    [ErrorCode.PROVIDER_RATE_LIMITED, true, true, false, false],
    [ErrorCode.PROVIDER_UNAVAILABLE, true, true, true, false],
    [ErrorCode.PROVIDER_TIMEOUT, true, false, true, false],
    [ErrorCode.PROVIDER_AUTH_FAILED, false, false, false, false],
    [ErrorCode.PROVIDER_FORBIDDEN, false, false, false, false],
    [ErrorCode.PROVIDER_BAD_RESPONSE, false, false, false, false],
    [ErrorCode.NOT_FOUND, false, false, false, true],
    [ErrorCode.BAD_USER_INPUT, false, false, false, true],
    [ErrorCode.INTERNAL_SERVER_ERROR, false, false, false, false],
  ] as const)('%s: retried %s, opens the circuit %s, an answer %s', (code, retryable, retried, breaker, answer) => {
    const e = error(code, retryable);
    expect(isRetryable(e)).toBe(retried);
    expect(isBreakerFailure(e)).toBe(breaker);
    expect(isAnswer(e)).toBe(answer);
  });

  it('never retries what the provider said cannot succeed again, whatever its code', () => {
    expect(isRetryable(error(ErrorCode.PROVIDER_UNAVAILABLE, false))).toBe(false);
    expect(isRetryable(new Error('not a ServiceError'))).toBe(false);
  });
});

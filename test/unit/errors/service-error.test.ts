import { ErrorCode } from '../../../src/errors/error-code';
import { ServiceError, toServiceError } from '../../../src/errors/service-error';

const about = (code: ErrorCode, retryable: boolean) => new ServiceError(code, code, { provider: 'tencent-tcss', retryable });

describe('ServiceError: finality is one rule, retryable or not', () => {
  // An error about a provider is final exactly when its classification says retrying cannot help,
  // whatever its code: the final codes of the README's table are final because their tables never make them retryable.
  it.each([
    [ErrorCode.NOT_FOUND, false, true],
    [ErrorCode.PROVIDER_FORBIDDEN, false, true],
    [ErrorCode.PROVIDER_AUTH_FAILED, false, true],
    [ErrorCode.PROVIDER_MISCONFIGURED, false, true],
    [ErrorCode.BAD_USER_INPUT, false, true], // a job id the provider refuses as a bad parameter
    [ErrorCode.PROVIDER_BAD_RESPONSE, false, true], // a body of the wrong shape
    [ErrorCode.PROVIDER_BAD_RESPONSE, true, false], // a body cut short
    [ErrorCode.INTERNAL_SERVER_ERROR, false, true], // an answer no table knows
    [ErrorCode.INTERNAL_SERVER_ERROR, true, false], // a cancelled call
    [ErrorCode.PROVIDER_RATE_LIMITED, true, false],
    [ErrorCode.PROVIDER_UNAVAILABLE, true, false],
    [ErrorCode.PROVIDER_TIMEOUT, true, false],
  ] as const)('about a provider, %s retryable %s: final %s', (code, retryable, final) => {
    const e = about(code, retryable);
    expect([e.retryable, e.final]).toEqual([retryable, final]);
  });

  it.each([
    [ErrorCode.INTERNAL_SERVER_ERROR, true], // a failure inside this service: it may pass, so polling goes on with back-off
    [ErrorCode.RATE_LIMITED, true],
    [ErrorCode.SHUTTING_DOWN, true],
    [ErrorCode.BAD_USER_INPUT, false],
    [ErrorCode.NOT_FOUND, false],
    [ErrorCode.PROVIDER_NOT_CONFIGURED, false],
    [ErrorCode.UNSUPPORTED_OPERATION, false],
    [ErrorCode.UNAUTHENTICATED, false],
  ] as const)('naming no provider, %s: retryable %s', (code, retryable) => {
    const e = new ServiceError(code, 'x');
    expect([e.retryable, e.final]).toEqual([retryable, !retryable]);
  });

  it('an unknown failure wrapped by toServiceError does not end a subscription', () => {
    expect(toServiceError(new TypeError('boom')).final).toBe(false);
  });
});

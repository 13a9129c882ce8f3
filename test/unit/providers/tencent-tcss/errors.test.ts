import { ErrorCode } from '../../../../src/errors/error-code';
import { WireObject } from '../../../../src/providers/common/wire';
import { tcssDescriptor } from '../../../../src/providers/tencent-tcss/descriptor';
import { classifyTcssError, tcssEnvelopeFailure, tcssHttpFailure } from '../../../../src/providers/tencent-tcss/errors';

const ctx = { taskId: 'job-1', nowMs: 0, secrets: ['AKIDexample', 'tc-secret-key'] };
const envelope = (code: string, message: string, requestId = 'req-1') =>
  WireObject.of(tcssDescriptor, { Error: { Code: code, Message: message }, RequestId: requestId }, 'Response');

describe('classifyTcssError', () => {
  it.each([
    ['RequestLimitExceeded', ErrorCode.PROVIDER_RATE_LIMITED, true],
    ['RequestLimitExceeded.UinLimitExceeded', ErrorCode.PROVIDER_RATE_LIMITED, true],
    ['RequestLimitExceeded.IPLimitExceeded', ErrorCode.PROVIDER_RATE_LIMITED, true],
    ['RequestLimitExceeded.GlobalRegionUinLimitExceeded', ErrorCode.PROVIDER_RATE_LIMITED, true],
    ['AuthFailure.SignatureFailure', ErrorCode.PROVIDER_AUTH_FAILED, false],
    ['AuthFailure.SignatureExpire', ErrorCode.PROVIDER_AUTH_FAILED, false],
    ['AuthFailure.SecretIdNotFound', ErrorCode.PROVIDER_AUTH_FAILED, false],
    ['AuthFailure.InvalidSecretId', ErrorCode.PROVIDER_AUTH_FAILED, false],
    ['AuthFailure.TokenFailure', ErrorCode.PROVIDER_AUTH_FAILED, false],
    ['AuthFailure.MFAFailure', ErrorCode.PROVIDER_AUTH_FAILED, false],
    ['AuthFailure.UnauthorizedOperation', ErrorCode.PROVIDER_FORBIDDEN, false], // permission, not credentials
    ['UnauthorizedOperation', ErrorCode.PROVIDER_FORBIDDEN, false],
    ['UnauthorizedOperation.NoPermission', ErrorCode.PROVIDER_FORBIDDEN, false],
    ['ResourceNotFound', ErrorCode.NOT_FOUND, false],
    ['ResourceNotFound.JobNotFound', ErrorCode.NOT_FOUND, false],
    ['InternalError', ErrorCode.PROVIDER_UNAVAILABLE, true],
    ['InternalError.DbError', ErrorCode.PROVIDER_UNAVAILABLE, true],
    ['InvalidParameter', ErrorCode.BAD_USER_INPUT, false],
    ['InvalidParameterValue', ErrorCode.BAD_USER_INPUT, false],
    ['InvalidParameterValue.Length', ErrorCode.BAD_USER_INPUT, false],
    ['MissingParameter', ErrorCode.INTERNAL_SERVER_ERROR, false],
    ['FailedOperation', ErrorCode.INTERNAL_SERVER_ERROR, false],
    ['RequestLimitExceededX', ErrorCode.INTERNAL_SERVER_ERROR, false], // not a prefix match on a word
  ])('%s → %s (retryable %s)', (code, expected, retryable) => {
    expect(classifyTcssError(code)).toMatchObject({ code: expected, retryable });
  });
});

describe('tcssEnvelopeFailure', () => {
  it('throttling keeps the message; HTTP 200 is not shown', () => {
    const e = tcssEnvelopeFailure(envelope('RequestLimitExceeded', 'Your current request times exceeds limit, please retry later.'), ctx);
    expect(e.code).toBe(ErrorCode.PROVIDER_RATE_LIMITED);
    expect(e.message).toBe(
      'Tencent Cloud Container Security Service throttled the request (RequestLimitExceeded): Your current request times exceeds limit, please retry later.',
    );
    expect(e.provider).toEqual({ provider: 'tencent-tcss', providerCode: 'RequestLimitExceeded', requestId: 'req-1', retryable: true });
  });

  it('ResourceNotFound → NOT_FOUND naming the job', () => {
    const e = tcssEnvelopeFailure(envelope('ResourceNotFound', 'The job does not exist.'), ctx);
    expect(e.message).toBe(
      'Tencent Cloud Container Security Service has no export task "job-1" (ResourceNotFound): The job does not exist.',
    );
    expect(e.final).toBe(true);
  });

  it('auth failures never show the provider message', () => {
    const e = tcssEnvelopeFailure(
      envelope('AuthFailure.SignatureFailure', 'The provided credentials could not be validated. Please check your signature is correct.'),
      ctx,
    );
    expect(e.message).toBe(
      'Tencent Cloud Container Security Service rejected the configured credentials or the request signature (AuthFailure.SignatureFailure)',
    );
  });

  it('AuthFailure.UnauthorizedOperation → PROVIDER_FORBIDDEN', () => {
    const e = tcssEnvelopeFailure(envelope('AuthFailure.UnauthorizedOperation', 'CAM denied the request.'), ctx);
    expect(e.code).toBe(ErrorCode.PROVIDER_FORBIDDEN);
    expect(e.message).toBe(
      'The configured Tencent Cloud Container Security Service credentials lack permission to call DescribeExportJobResult (AuthFailure.UnauthorizedOperation): CAM denied the request.',
    );
  });

  it('a message containing the SecretId is dropped', () => {
    const e = tcssEnvelopeFailure(envelope('InvalidParameter', 'bad param for AKIDexample'), ctx);
    expect(e.message).toBe('Tencent Cloud Container Security Service rejected the request parameters (InvalidParameter)');
  });
});

describe('tcssHttpFailure', () => {
  it.each([
    [502, ErrorCode.PROVIDER_UNAVAILABLE, true, 'Tencent Cloud Container Security Service is unavailable (HTTP 502)'],
    [503, ErrorCode.PROVIDER_UNAVAILABLE, true, 'Tencent Cloud Container Security Service is unavailable (HTTP 503)'],
    [429, ErrorCode.PROVIDER_RATE_LIMITED, true, 'Tencent Cloud Container Security Service throttled the request (HTTP 429)'],
    [
      401,
      ErrorCode.PROVIDER_AUTH_FAILED,
      false,
      'Tencent Cloud Container Security Service rejected the configured credentials or the request signature (HTTP 401)',
    ],
    [
      403,
      ErrorCode.PROVIDER_FORBIDDEN,
      false,
      'The configured Tencent Cloud Container Security Service credentials lack permission to call DescribeExportJobResult (HTTP 403)',
    ],
    [404, ErrorCode.INTERNAL_SERVER_ERROR, false, 'Tencent Cloud Container Security Service returned an unexpected error (HTTP 404)'],
  ])('HTTP %d → %s', (status, code, retryable, message) => {
    const e = tcssHttpFailure({ status, headers: { 'retry-after': '7' }, body: '<html>nope</html>' }, ctx);
    expect(e.code).toBe(code);
    expect(e.provider?.retryable).toBe(retryable);
    expect(e.provider?.retryAfterSeconds).toBe(retryable ? 7 : undefined);
    expect(e.message).toBe(message);
  });
});

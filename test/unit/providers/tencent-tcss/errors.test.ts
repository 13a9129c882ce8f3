import { ErrorCode } from '../../../../src/errors/error-code';
import { WireObject } from '../../../../src/providers/common/wire';
import { tcssDescriptor } from '../../../../src/providers/tencent-tcss/descriptor';
import { TCSS_ERROR_TABLE } from '../../../../src/providers/tencent-tcss/error-codes';
import { classifyTcssError, tcssEnvelopeFailure, tcssHttpFailure } from '../../../../src/providers/tencent-tcss/errors';
import { tableCases } from '../support/error-table-cases';

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
    // A wrong endpoint, action, version, region or protocol, or tcss's service role not authorised: never retried.
    ['InvalidAction', ErrorCode.PROVIDER_MISCONFIGURED, false],
    ['NoSuchVersion', ErrorCode.PROVIDER_MISCONFIGURED, false],
    ['UnsupportedRegion', ErrorCode.PROVIDER_MISCONFIGURED, false],
    ['InvalidRegion', ErrorCode.PROVIDER_MISCONFIGURED, false],
    ['UnsupportedProtocol', ErrorCode.PROVIDER_MISCONFIGURED, false],
    ['InternalError.ErrRoleNotExist', ErrorCode.PROVIDER_MISCONFIGURED, false],
    // Outages: retried, and a subscription goes on.
    ['ServiceUnavailable', ErrorCode.PROVIDER_UNAVAILABLE, true],
    ['ResourceUnavailable', ErrorCode.PROVIDER_UNAVAILABLE, true],
    // tcss's "the current data was not found": the job is unknown.
    ['InvalidParameterValue.DataNotFound', ErrorCode.NOT_FOUND, false],
    ['OperationDenied', ErrorCode.PROVIDER_FORBIDDEN, false],
    ['MissingParameter', ErrorCode.INTERNAL_SERVER_ERROR, false],
    ['FailedOperation', ErrorCode.INTERNAL_SERVER_ERROR, false],
    ['RequestLimitExceededX', ErrorCode.INTERNAL_SERVER_ERROR, false], // not a prefix match on a word
  ])('%s → %s (retryable %s)', (code, expected, retryable) => {
    expect(classifyTcssError(code)).toMatchObject({ code: expected, retryable });
  });
});

describe('TCSS_ERROR_TABLE', () => {
  it('holds every code of the tcss v20201101 error list and of the API 3.0 common list', () => {
    const tcss = ['AuthFailure', 'FailedOperation', 'InternalError', 'InternalError.ErrRoleNotExist', 'InternalError.MainDBFail'];
    const tcssParams = ['InvalidParameter', 'InvalidParameter.InvalidFormat', 'InvalidParameter.MissingParameter'];
    const tcssValues = ['InvalidParameterValue', 'InvalidParameterValue.DataNotFound', 'InvalidParameterValue.DataRange'];
    const tcssRest = ['LimitExceeded', 'MissingParameter', 'OperationDenied', 'RequestLimitExceeded', 'ResourceInUse'];
    const tcssMore = ['ResourceInsufficient', 'ResourceNotFound', 'ResourceUnavailable', 'UnauthorizedOperation', 'UnknownParameter'];
    const common = ['ActionOffline', 'AuthFailure.InvalidAuthorization', 'AuthFailure.InvalidSecretId', 'AuthFailure.MFAFailure'];
    const commonAuth = [
      'AuthFailure.SecretIdNotFound',
      'AuthFailure.SignatureExpire',
      'AuthFailure.SignatureFailure',
      'AuthFailure.TokenFailure',
    ];
    const commonMore = ['AuthFailure.UnauthorizedOperation', 'DryRunOperation', 'InvalidAction', 'InvalidRequest', 'IpInBlacklist'];
    const commonRest = ['IpNotInWhitelist', 'NoSuchProduct', 'NoSuchVersion', 'RequestSizeLimitExceeded', 'ResponseSizeLimitExceeded'];
    const commonLast = ['ServiceUnavailable', 'UnsupportedOperation', 'UnsupportedProtocol', 'UnsupportedRegion'];
    const all = [tcss, tcssParams, tcssValues, tcssRest, tcssMore, common, commonAuth, commonMore, commonRest, commonLast].flat();
    expect(all.filter((code) => TCSS_ERROR_TABLE.lookup(code) === undefined)).toEqual([]);
  });

  it.each(tableCases(TCSS_ERROR_TABLE, (row) => row).map((c) => [c.code, c] as const))(
    '%s: its row, final exactly when not retryable',
    (code, c) => {
      expect(classifyTcssError(code)).toEqual(c.expected);
      const e = tcssEnvelopeFailure(envelope(code, 'm'), ctx);
      expect([e.code, e.provider?.retryable, e.final]).toEqual([c.expected.code, c.expected.retryable, !c.expected.retryable]);
    },
  );
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

  it('InvalidParameterValue.DataNotFound → NOT_FOUND naming the job, final', () => {
    const e = tcssEnvelopeFailure(envelope('InvalidParameterValue.DataNotFound', 'data not found'), ctx);
    expect(e.code).toBe(ErrorCode.NOT_FOUND);
    expect(e.message).toBe(
      'Tencent Cloud Container Security Service has no export task "job-1" (InvalidParameterValue.DataNotFound): data not found',
    );
    expect(e.final).toBe(true);
  });

  it('InvalidParameter (a job id tcss refuses) → BAD_USER_INPUT, final: the same request is refused the same way', () => {
    const e = tcssEnvelopeFailure(envelope('InvalidParameter', 'JobId is invalid'), ctx);
    expect([e.code, e.provider?.retryable, e.final]).toEqual([ErrorCode.BAD_USER_INPUT, false, true]);
  });

  it('InvalidAction → PROVIDER_MISCONFIGURED telling the operator what to check', () => {
    const e = tcssEnvelopeFailure(envelope('InvalidAction', 'The requested action `DescribeExportJobResult` does not exist.'), ctx);
    expect(e.code).toBe(ErrorCode.PROVIDER_MISCONFIGURED);
    expect(e.message).toBe(
      'Tencent Cloud Container Security Service does not serve DescribeExportJobResult at the configured endpoint, or the account ' +
        "has not authorised the service: check the endpoint, region and the service's authorisation (InvalidAction): " +
        'The requested action `DescribeExportJobResult` does not exist.',
    );
    expect(e.provider).toEqual({ provider: 'tencent-tcss', providerCode: 'InvalidAction', requestId: 'req-1', retryable: false });
    expect(e.final).toBe(true);
  });

  it('InternalError.ErrRoleNotExist (tcss not authorised for the account) → PROVIDER_MISCONFIGURED, not retried', () => {
    const e = tcssEnvelopeFailure(envelope('InternalError.ErrRoleNotExist', 'user not authorized'), ctx);
    expect([e.code, e.provider?.retryable, e.final]).toEqual([ErrorCode.PROVIDER_MISCONFIGURED, false, true]);
  });

  it('ServiceUnavailable → PROVIDER_UNAVAILABLE, retryable: a subscription goes on', () => {
    const e = tcssEnvelopeFailure(envelope('ServiceUnavailable', 'The service is unavailable now.'), ctx);
    expect([e.code, e.provider?.retryable, e.final]).toEqual([ErrorCode.PROVIDER_UNAVAILABLE, true, false]);
  });

  it('an undocumented code → INTERNAL_SERVER_ERROR with the code and request id, final', () => {
    const e = tcssEnvelopeFailure(envelope('SomethingNew.Entirely', 'who knows'), ctx);
    expect(e.code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
    expect(e.provider).toEqual({ provider: 'tencent-tcss', providerCode: 'SomethingNew.Entirely', requestId: 'req-1', retryable: false });
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
    [
      404,
      ErrorCode.PROVIDER_MISCONFIGURED,
      false,
      'Tencent Cloud Container Security Service does not serve DescribeExportJobResult at the configured endpoint, or the account ' +
        "has not authorised the service: check the endpoint, region and the service's authorisation (HTTP 404)",
    ],
    [
      302,
      ErrorCode.PROVIDER_MISCONFIGURED,
      false,
      'The configured Tencent Cloud Container Security Service endpoint redirects elsewhere, and redirects are not followed: ' +
        'configure the URL that serves DescribeExportJobResult (check the scheme, host and path) (HTTP 302)',
    ],
    [400, ErrorCode.INTERNAL_SERVER_ERROR, false, 'Tencent Cloud Container Security Service returned an unexpected error (HTTP 400)'],
  ])('HTTP %d → %s', (status, code, retryable, message) => {
    const e = tcssHttpFailure({ status, headers: { 'retry-after': '7' }, body: '<html>nope</html>' }, ctx);
    expect(e.code).toBe(code);
    expect(e.provider?.retryable).toBe(retryable);
    expect(e.provider?.retryAfterSeconds).toBe(retryable ? 7 : undefined);
    expect(e.message).toBe(message);
  });
});

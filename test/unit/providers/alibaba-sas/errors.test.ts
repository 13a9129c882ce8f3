import { ErrorCode } from '../../../../src/errors/error-code';
import type { HttpResponse } from '../../../../src/http/http-client';
import { ALIBABA_ERROR_TABLE } from '../../../../src/providers/alibaba/error-codes';
import type { FailureContext } from '../../../../src/providers/alibaba/errors';
import { alibabaFailure, classifyAlibabaError } from '../../../../src/providers/alibaba/errors';
import { sasDescriptor } from '../../../../src/providers/alibaba-sas/descriptor';
import { ALIBABA_ERROR_CASES } from '../support/alibaba-error-cases';
import { tableCases } from '../support/error-table-cases';

const sasFailure = (response: HttpResponse, context: FailureContext) => alibabaFailure(sasDescriptor, response, context);

const now = Date.UTC(2026, 10, 22, 9, 30, 0);
const ctx = { taskId: '131231', nowMs: now, secrets: ['LTAIak', 'sk-secret-value'] };
const response = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('classifyAlibabaError', () => {
  it.each(ALIBABA_ERROR_CASES)('HTTP %d %s → %s (retryable %s)', (status, code, expected, retryable) => {
    expect(classifyAlibabaError(status, code)).toMatchObject({ code: expected, retryable });
  });
});

describe('ALIBABA_ERROR_TABLE', () => {
  const cases = tableCases(ALIBABA_ERROR_TABLE, (row) => row);

  it('holds every code the two actions and the gateway document', () => {
    const documented = [
      ...['RdCheckNoPermission', 'NoPermission', 'ServerError', 'RdCheckInnerError'], // SAS DescribeExportInfo
      'IdempotentParameterMismatch', // SIEM GetExportTask
      ...['Throttling', 'Throttling.User', 'Throttling.Api', 'ThrottlingUser'],
      ...['InvalidAccessKeyId.NotFound', 'SignatureDoesNotMatch', 'IncompleteSignature', 'SignatureNonceUsed'],
      ...['InvalidSecurityToken.Expired', 'InvalidTimeStamp.Expired', 'InvalidAction.NotFound'],
    ];
    expect(documented.filter((code) => ALIBABA_ERROR_TABLE.lookup(code) === undefined)).toEqual([]);
  });

  // Whatever the status the code comes with (404 and 400 are where a `NotFound` code or a bare status
  // would otherwise decide), the table's row wins; a row ends a subscription exactly when it is not retryable.
  it.each(cases.flatMap((c) => [400, 403, 404].map((status) => [c.code, status, c] as const)))('%s with HTTP %d', (code, status, c) => {
    expect(classifyAlibabaError(status, code)).toEqual(c.expected);
    const e = sasFailure(response(status, { RequestId: 'R', Code: code, Message: 'm' }), ctx);
    expect([e.code, e.provider?.retryable, e.final]).toEqual([c.expected.code, c.expected.retryable, !c.expected.retryable]);
  });
});

describe('sasFailure', () => {
  it('throttling: keeps code, message, request id and Retry-After', () => {
    const e = sasFailure(
      response(
        400,
        { RequestId: 'R1', HostId: 'tds.aliyuncs.com', Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' },
        { 'retry-after': '3' },
      ),
      ctx,
    );
    expect(e.code).toBe(ErrorCode.PROVIDER_RATE_LIMITED);
    expect(e.message).toBe(
      'Alibaba Cloud Security Center throttled the request (HTTP 400, Throttling.User): Request was denied due to user flow control.',
    );
    expect(e.provider).toEqual({
      provider: 'alibaba-sas',
      providerCode: 'Throttling.User',
      requestId: 'R1',
      retryable: true,
      retryAfterSeconds: 3,
    });
  });

  it('NoPermission: FORBIDDEN, with the harmless message', () => {
    const e = sasFailure(response(403, { RequestId: 'R2', Code: 'NoPermission', Message: 'caller has no permission' }), ctx);
    expect(e.code).toBe(ErrorCode.PROVIDER_FORBIDDEN);
    expect(e.message).toBe(
      'The configured Alibaba Cloud Security Center credentials lack permission to call DescribeExportInfo (HTTP 403, NoPermission): caller has no permission',
    );
    expect(e.final).toBe(true);
  });

  it('SignatureDoesNotMatch: never shows the echoed string to sign', () => {
    const e = sasFailure(
      response(400, {
        RequestId: 'R3',
        Code: 'SignatureDoesNotMatch',
        Message:
          'Specified signature is not matched with our calculation. server string to sign is:ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259',
      }),
      ctx,
    );
    expect(e.code).toBe(ErrorCode.PROVIDER_AUTH_FAILED);
    expect(e.message).toBe(
      'Alibaba Cloud Security Center rejected the configured credentials or the request signature (HTTP 400, SignatureDoesNotMatch)',
    );
  });

  it('unknown id (404 with any code): NOT_FOUND naming the task', () => {
    const e = sasFailure(response(404, { RequestId: 'R4', Code: 'ExportTaskNotFound', Message: 'The export task does not exist.' }), ctx);
    expect(e.code).toBe(ErrorCode.NOT_FOUND);
    expect(e.message).toBe(
      'Alibaba Cloud Security Center has no export task "131231" (HTTP 404, ExportTaskNotFound): The export task does not exist.',
    );
    expect(e.provider).toEqual({ provider: 'alibaba-sas', providerCode: 'ExportTaskNotFound', requestId: 'R4', retryable: false });
  });

  it('InvalidAction.NotFound (a wrong endpoint, action or version) → PROVIDER_MISCONFIGURED, final, telling what to check', () => {
    const e = sasFailure(
      response(404, {
        RequestId: 'R5',
        HostId: 'tds.aliyuncs.com',
        Code: 'InvalidAction.NotFound',
        Message: 'Specified api is not found, please check your url and method.',
      }),
      ctx,
    );
    expect(e.code).toBe(ErrorCode.PROVIDER_MISCONFIGURED);
    expect(e.message).toBe(
      'Alibaba Cloud Security Center does not serve DescribeExportInfo at the configured endpoint, or the account has not ' +
        "authorised the service: check the endpoint, region and the service's authorisation (HTTP 404, InvalidAction.NotFound): " +
        'Specified api is not found, please check your url and method.',
    );
    expect(e.provider).toEqual({ provider: 'alibaba-sas', providerCode: 'InvalidAction.NotFound', requestId: 'R5', retryable: false });
    expect(e.final).toBe(true);
  });

  it('a bare 404 from something in between (no envelope) → PROVIDER_MISCONFIGURED, never NOT_FOUND', () => {
    const e = sasFailure(response(404, '<html><body>404 Not Found</body></html>', { 'x-acs-request-id': 'H404' }), ctx);
    expect(e.code).toBe(ErrorCode.PROVIDER_MISCONFIGURED);
    expect(e.provider).toEqual({ provider: 'alibaba-sas', requestId: 'H404', retryable: false });
  });

  it('a redirect → PROVIDER_MISCONFIGURED with the provider, the status and the request id', () => {
    const e = sasFailure(response(302, '', { location: 'https://signin.example/?token=secret', 'x-acs-request-id': 'H302' }), ctx);
    expect(e.code).toBe(ErrorCode.PROVIDER_MISCONFIGURED);
    expect(e.message).toBe(
      'The configured Alibaba Cloud Security Center endpoint redirects elsewhere, and redirects are not followed: configure ' +
        'the URL that serves DescribeExportInfo (check the scheme, host and path) (HTTP 302)',
    );
    expect(e.provider).toEqual({ provider: 'alibaba-sas', requestId: 'H302', retryable: false });
    expect(e.final).toBe(true);
  });

  it('an unclassified 4xx keeps the provider, its code and the request id', () => {
    const e = sasFailure(response(418, { RequestId: 'R6', Code: 'Teapot', Message: 'short and stout' }), ctx);
    expect(e.code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
    expect(e.message).toBe('Alibaba Cloud Security Center returned an unexpected error (HTTP 418, Teapot): short and stout');
    expect(e.provider).toEqual({ provider: 'alibaba-sas', providerCode: 'Teapot', requestId: 'R6', retryable: false });
  });

  it('a non-JSON 502 from a proxy: by status, request id from the header', () => {
    const e = sasFailure(response(502, '<html>Bad Gateway</html>', { 'x-acs-request-id': 'H1' }), ctx);
    expect(e.code).toBe(ErrorCode.PROVIDER_UNAVAILABLE);
    expect(e.message).toBe('Alibaba Cloud Security Center is unavailable (HTTP 502)');
    expect(e.provider).toEqual({ provider: 'alibaba-sas', requestId: 'H1', retryable: true });
  });

  it('a message carrying a credential of the call is dropped', () => {
    const e = sasFailure(response(500, { Code: 'ServerError', Message: 'failed for key LTAIak' }), ctx);
    expect(e.message).toBe('Alibaba Cloud Security Center is unavailable (HTTP 500, ServerError)');
  });

  it('a long message is truncated to 200 characters', () => {
    const e = sasFailure(response(500, { Code: 'ServerError', Message: 'y'.repeat(1000) }), ctx);
    expect(e.message).toBe(`Alibaba Cloud Security Center is unavailable (HTTP 500, ServerError): ${'y'.repeat(199)}…`);
  });
});

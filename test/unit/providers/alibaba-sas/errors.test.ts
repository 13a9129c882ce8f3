import { ErrorCode } from '../../../../src/errors/error-code';
import type { HttpResponse } from '../../../../src/http/http-client';
import type { FailureContext } from '../../../../src/providers/alibaba/errors';
import { alibabaFailure, classifyAlibabaError } from '../../../../src/providers/alibaba/errors';
import { sasDescriptor } from '../../../../src/providers/alibaba-sas/descriptor';

const sasFailure = (response: HttpResponse, context: FailureContext) => alibabaFailure(sasDescriptor, response, context);
import { ALIBABA_ERROR_CASES } from '../support/alibaba-error-cases';

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

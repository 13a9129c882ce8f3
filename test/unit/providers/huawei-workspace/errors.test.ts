import { ErrorCode } from '../../../../src/errors/error-code';
import { BY_STATUS, WORKSPACE_GATEWAY_TABLE } from '../../../../src/providers/huawei-workspace/error-codes';
import { classifyWorkspaceError, workspaceFailure, workspaceNotFound } from '../../../../src/providers/huawei-workspace/errors';
import { tableCases } from '../support/error-table-cases';

const ctx = { nowMs: Date.UTC(2026, 10, 22, 9, 30, 0), secrets: ['QTWAOYTTINDUT2QVKYUC', 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc'] };

describe('classifyWorkspaceError', () => {
  it.each([
    [429, 'APIGW.0308', ErrorCode.PROVIDER_RATE_LIMITED, true],
    [429, 'APIG.0308', ErrorCode.PROVIDER_RATE_LIMITED, true],
    [429, undefined, ErrorCode.PROVIDER_RATE_LIMITED, true],
    [401, 'APIGW.0301', ErrorCode.PROVIDER_AUTH_FAILED, false],
    [401, 'APIG.0301', ErrorCode.PROVIDER_AUTH_FAILED, false],
    [401, undefined, ErrorCode.PROVIDER_AUTH_FAILED, false],
    [403, 'APIGW.0302', ErrorCode.PROVIDER_FORBIDDEN, false],
    [403, undefined, ErrorCode.PROVIDER_FORBIDDEN, false],
    [404, 'APIGW.0101', ErrorCode.PROVIDER_MISCONFIGURED, false], // no such API: a wrong endpoint, never retried
    [404, 'APIG.0101', ErrorCode.PROVIDER_MISCONFIGURED, false],
    [400, 'APIGW.0201', ErrorCode.INTERNAL_SERVER_ERROR, false], // a request this service built: not the caller's fault
    [400, 'APIG.0201', ErrorCode.INTERNAL_SERVER_ERROR, false],
    [413, 'APIG.0201', ErrorCode.INTERNAL_SERVER_ERROR, false],
    [502, 'APIG.0201', ErrorCode.PROVIDER_UNAVAILABLE, true], // the same code for a failed backend
    [504, 'APIG.0201', ErrorCode.PROVIDER_UNAVAILABLE, true],
    [502, 'APIG.0202', ErrorCode.PROVIDER_UNAVAILABLE, true],
    [504, 'APIG.0203', ErrorCode.PROVIDER_TIMEOUT, true],
    [403, 'APIG.0310', ErrorCode.PROVIDER_MISCONFIGURED, false],
    [400, 'APIG.9999', ErrorCode.INTERNAL_SERVER_ERROR, false], // an unknown gateway code: by status, not BAD_USER_INPUT
    [302, undefined, ErrorCode.PROVIDER_MISCONFIGURED, false],
    [404, undefined, ErrorCode.PROVIDER_MISCONFIGURED, false],
    [500, 'WKS.0001', ErrorCode.PROVIDER_UNAVAILABLE, true],
    [500, undefined, ErrorCode.PROVIDER_UNAVAILABLE, true],
    [502, undefined, ErrorCode.PROVIDER_UNAVAILABLE, true],
    [503, undefined, ErrorCode.PROVIDER_UNAVAILABLE, true],
    [400, 'WKS.0002', ErrorCode.BAD_USER_INPUT, false],
    [400, undefined, ErrorCode.BAD_USER_INPUT, false],
    [404, 'WKS.0404', ErrorCode.PROVIDER_MISCONFIGURED, false], // a listing path that is not there: the project or endpoint
    [418, 'WKS.0418', ErrorCode.INTERNAL_SERVER_ERROR, false],
  ])('HTTP %d %s → %s (retryable %s)', (status, code, expected, retryable) => {
    expect(classifyWorkspaceError(status, code)).toMatchObject({ code: expected, retryable });
  });
});

describe('WORKSPACE_GATEWAY_TABLE', () => {
  const cases = tableCases(
    WORKSPACE_GATEWAY_TABLE,
    (row) => (row === BY_STATUS ? undefined : row),
    (number) => `APIGW.${number}`,
  );

  it.each(cases.flatMap((c) => [c.code, c.code.replace('APIGW.', 'APIG.')].map((code) => [code, c] as const)))(
    '%s: its row whatever the status, final exactly when not retryable, never with the gateway message',
    (code, c) => {
      for (const status of [400, 404, 500]) expect(classifyWorkspaceError(status, code)).toEqual({ ...c.expected, keepMessage: false });
      const e = workspaceFailure({ status: 400, headers: {}, body: JSON.stringify({ error_code: code, error_msg: 'gateway text' }) }, ctx);
      expect([e.code, e.provider?.retryable, e.final]).toEqual([c.expected.code, c.expected.retryable, !c.expected.retryable]);
      expect(e.message).not.toContain('gateway text');
    },
  );
});

describe('workspaceFailure', () => {
  it('APIGW.0301 echoing the canonical request and an Authorization: none of it reaches the message', () => {
    const echoed =
      'Incorrect IAM authentication information: verify aksk signature fail, header: Authorization: SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=host;x-project-id;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe, canonicalRequest: GET\n/v2/0a1b/export-tasks/\ntask_id=abc\nhost:127.0.0.1:8443\nx-project-id:0a1b\nx-sdk-date:20261122T093000Z\n\nhost;x-project-id;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const e = workspaceFailure(
      {
        status: 401,
        headers: { 'x-request-id': 'hdr-req' },
        body: JSON.stringify({ error_code: 'APIGW.0301', error_msg: echoed, request_id: 'body-req' }),
      },
      ctx,
    );
    expect(e.code).toBe(ErrorCode.PROVIDER_AUTH_FAILED);
    expect(e.message).toBe('Huawei Cloud Workspace rejected the configured credentials or the request signature (HTTP 401, APIGW.0301)');
    for (const leak of ['QTWAOYTTINDUT2QVKYUC', 'SDK-HMAC-SHA256', 'Signature', '7be66680', 'canonical', 'x-sdk-date', 'Authorization']) {
      expect(e.message).not.toContain(leak);
    }
    expect(e.provider).toEqual({ provider: 'huawei-workspace', providerCode: 'APIGW.0301', requestId: 'body-req', retryable: false });
    expect(e.final).toBe(true);
  });

  it('gateway messages are replaced by the fixed text of the code', () => {
    const e = workspaceFailure(
      {
        status: 429,
        headers: { 'retry-after': '2', 'x-request-id': 'hdr-req' },
        body: '{"error_code":"APIGW.0308","error_msg":"The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 minute"}',
      },
      ctx,
    );
    expect(e.code).toBe(ErrorCode.PROVIDER_RATE_LIMITED);
    expect(e.message).toBe('Huawei Cloud Workspace throttled the request (HTTP 429, APIGW.0308)');
    expect(e.provider).toEqual({
      provider: 'huawei-workspace',
      providerCode: 'APIGW.0308',
      requestId: 'hdr-req',
      retryable: true,
      retryAfterSeconds: 2,
    });
  });

  it('APIGW.0302 → PROVIDER_FORBIDDEN; APIGW.0101 → PROVIDER_MISCONFIGURED, not retryable, final', () => {
    expect(
      workspaceFailure({ status: 403, headers: {}, body: '{"error_code":"APIGW.0302","error_msg":"The IAM user is forbidden"}' }, ctx)
        .message,
    ).toBe('The configured Huawei Cloud Workspace credentials lack permission to call ListExportTasks (HTTP 403, APIGW.0302)');
    const e = workspaceFailure(
      {
        status: 404,
        headers: { 'x-request-id': 'hdr-404' },
        body: '{"error_code":"APIGW.0101","error_msg":"The API does not exist or has not been published in the environment"}',
      },
      ctx,
    );
    expect(e.code).toBe(ErrorCode.PROVIDER_MISCONFIGURED);
    expect(e.message).toBe(
      'Huawei Cloud Workspace does not serve ListExportTasks at the configured endpoint, or the account has not authorised the ' +
        "service: check the endpoint, region and the service's authorisation (HTTP 404, APIGW.0101)",
    );
    expect(e.provider).toEqual({ provider: 'huawei-workspace', providerCode: 'APIGW.0101', requestId: 'hdr-404', retryable: false });
    expect(e.final).toBe(true);
  });

  it('APIGW.0201 (a malformed request this service built) → INTERNAL_SERVER_ERROR, not blamed on the caller', () => {
    const e = workspaceFailure({ status: 400, headers: {}, body: '{"error_code":"APIGW.0201","error_msg":"API request error."}' }, ctx);
    expect(e.code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
    expect(e.message).toBe('Huawei Cloud Workspace returned an unexpected error (HTTP 400, APIGW.0201)');
  });

  it('a service error keeps its harmless message', () => {
    const e = workspaceFailure(
      { status: 400, headers: {}, body: '{"error_code":"WKS.0002","error_msg":"limit must be between 1 and 100"}' },
      ctx,
    );
    expect(e.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(e.message).toBe('Huawei Cloud Workspace rejected the request parameters (HTTP 400, WKS.0002): limit must be between 1 and 100');
  });

  it('a 5xx without a JSON body: by status', () => {
    const e = workspaceFailure({ status: 503, headers: { 'x-request-id': 'h' }, body: 'upstream connect error' }, ctx);
    expect(e.code).toBe(ErrorCode.PROVIDER_UNAVAILABLE);
    expect(e.message).toBe('Huawei Cloud Workspace is unavailable (HTTP 503)');
    expect(e.provider).toEqual({ provider: 'huawei-workspace', requestId: 'h', retryable: true });
  });
});

describe('workspaceNotFound', () => {
  it('names the task', () => {
    const e = workspaceNotFound('abc', 'r1');
    expect(e.code).toBe(ErrorCode.NOT_FOUND);
    expect(e.message).toBe('Huawei Cloud Workspace has no export task "abc"');
    expect(e.provider).toEqual({ provider: 'huawei-workspace', requestId: 'r1', retryable: false });
  });
});

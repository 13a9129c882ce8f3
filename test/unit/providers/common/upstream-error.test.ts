import { ErrorCode } from '../../../../src/errors/error-code';
import { HttpTransportError } from '../../../../src/http/http-error';
import { sasDescriptor } from '../../../../src/providers/alibaba-sas/descriptor';
import {
  callFailure,
  classifyHttpStatus,
  parseRetryAfter,
  safeProviderMessage,
  upstreamError,
} from '../../../../src/providers/common/upstream-error';

describe('safeProviderMessage', () => {
  it.each([
    ['The specified ExportId does not exist.', 'The specified ExportId does not exist.'],
    ['  two\n lines\t here ', 'two lines here'],
    ['see https://example.com/x?token=abc for help', 'see <url> for help'],
    ['x'.repeat(300), `${'x'.repeat(199)}…`],
    ['', undefined],
    [42, undefined],
    [undefined, undefined],
    ['Specified signature is not matched with our calculation. server string to sign is:ACS3-HMAC-SHA256\nabc', undefined],
    ['Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=00', undefined],
    ['canonicalRequest: GET\n/v2/x/\n', undefined],
    ['key LTAIexample is bad', undefined], // contains a credential of the call
  ])('%j → %j', (message, expected) => {
    expect(safeProviderMessage(message, ['LTAIexample', 'topsecret'])).toBe(expected);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 22, 9, 30, 0);
  it.each([
    [undefined, undefined],
    ['5', 5],
    [' 0 ', 0],
    ['Sun, 22 Nov 2026 09:30:10 GMT', 10],
    ['Sun, 22 Nov 2026 09:29:00 GMT', 0],
    ['soon', undefined],
    ['-1', undefined],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('classifyHttpStatus', () => {
  it.each([
    [301, ErrorCode.PROVIDER_MISCONFIGURED, false],
    [302, ErrorCode.PROVIDER_MISCONFIGURED, false],
    [307, ErrorCode.PROVIDER_MISCONFIGURED, false],
    [308, ErrorCode.PROVIDER_MISCONFIGURED, false],
    [400, ErrorCode.INTERNAL_SERVER_ERROR, false],
    [401, ErrorCode.PROVIDER_AUTH_FAILED, false],
    [403, ErrorCode.PROVIDER_FORBIDDEN, false],
    [404, ErrorCode.PROVIDER_MISCONFIGURED, false],
    [405, ErrorCode.PROVIDER_MISCONFIGURED, false],
    [408, ErrorCode.PROVIDER_TIMEOUT, true],
    [410, ErrorCode.INTERNAL_SERVER_ERROR, false],
    [429, ErrorCode.PROVIDER_RATE_LIMITED, true],
    [500, ErrorCode.PROVIDER_UNAVAILABLE, true],
    [503, ErrorCode.PROVIDER_UNAVAILABLE, true],
  ] as const)('HTTP %d → %s (retryable %s)', (status, code, retryable) => {
    expect(classifyHttpStatus(status)).toMatchObject({ code, retryable });
  });
});

describe('upstreamError', () => {
  it('composes the fixed text, HTTP status, provider code and safe message, with the provider details', () => {
    const e = upstreamError(sasDescriptor, {
      code: ErrorCode.PROVIDER_RATE_LIMITED,
      retryable: true,
      keepMessage: true,
      providerCode: 'Throttling.User',
      providerMessage: 'Request was denied due to user flow control.',
      requestId: 'R1',
      httpStatus: 400,
      retryAfterSeconds: 2,
    });
    expect(e.message).toBe(
      'Alibaba Cloud Security Center throttled the request (HTTP 400, Throttling.User): Request was denied due to user flow control.',
    );
    expect(e.provider).toEqual({
      provider: 'alibaba-sas',
      providerCode: 'Throttling.User',
      requestId: 'R1',
      retryable: true,
      retryAfterSeconds: 2,
    });
  });

  it('drops the provider message when it is not to be kept', () => {
    const e = upstreamError(sasDescriptor, {
      code: ErrorCode.PROVIDER_AUTH_FAILED,
      retryable: false,
      keepMessage: false,
      providerCode: 'SignatureDoesNotMatch',
      providerMessage: 'harmless looking',
      httpStatus: 400,
    });
    expect(e.message).toBe(
      'Alibaba Cloud Security Center rejected the configured credentials or the request signature (HTTP 400, SignatureDoesNotMatch)',
    );
  });
});

describe('callFailure', () => {
  it.each([
    ['timeout', ErrorCode.PROVIDER_TIMEOUT, true, 'Alibaba Cloud Security Center did not answer within 250 ms'],
    ['network', ErrorCode.PROVIDER_UNAVAILABLE, true, 'Alibaba Cloud Security Center could not be reached: connection failed or was reset'],
    [
      'too-large',
      ErrorCode.PROVIDER_BAD_RESPONSE,
      false,
      'Alibaba Cloud Security Center sent an unexpected response: the body is too large',
    ],
    // Never answered: the same call may succeed, and a subscription must not end on a cancellation.
    ['aborted', ErrorCode.INTERNAL_SERVER_ERROR, true, 'The call to Alibaba Cloud Security Center was cancelled'],
  ] as const)('transport %s → %s', (kind, code, retryable, message) => {
    const cause = new HttpTransportError(kind, 'POST 127.0.0.1:1: whatever');
    const e = callFailure(sasDescriptor, cause, 250);
    expect(e.code).toBe(code);
    expect(e.message).toBe(message);
    expect(e.provider).toEqual({ provider: 'alibaba-sas', retryable });
    expect(e.final).toBe(!retryable);
    expect(e.cause).toBe(cause);
  });

  it('wraps anything else as INTERNAL_SERVER_ERROR with a generic message', () => {
    const e = callFailure(sasDescriptor, new Error('secret detail'), 250);
    expect(e.code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
    expect(e.message).toBe('Internal server error');
  });
});

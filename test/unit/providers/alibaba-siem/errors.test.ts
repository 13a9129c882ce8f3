import { ErrorCode } from '../../../../src/errors/error-code';
import type { HttpResponse } from '../../../../src/http/http-client';
import type { FailureContext } from '../../../../src/providers/alibaba/errors';
import { alibabaFailure, classifyAlibabaError } from '../../../../src/providers/alibaba/errors';
import { siemDescriptor } from '../../../../src/providers/alibaba-siem/descriptor';

const siemFailure = (response: HttpResponse, context: FailureContext) => alibabaFailure(siemDescriptor, response, context);
import { ALIBABA_ERROR_CASES } from '../support/alibaba-error-cases';

const ctx = { taskId: '400185', nowMs: 0, secrets: [] };

describe('classifyAlibabaError', () => {
  it.each(ALIBABA_ERROR_CASES)('HTTP %d %s → %s (retryable %s)', (status, code, expected, retryable) => {
    expect(classifyAlibabaError(status, code)).toMatchObject({ code: expected, retryable });
  });
});

describe('siemFailure', () => {
  it('IdempotentParameterMismatch (the documented error) → INTERNAL_SERVER_ERROR with the provider details', () => {
    const e = siemFailure(
      {
        status: 400,
        headers: {},
        body: JSON.stringify({
          RequestId: 'R',
          Code: 'IdempotentParameterMismatch',
          Message: 'The request uses the same client token as a previous, but non-identical request.',
        }),
      },
      ctx,
    );
    expect(e.code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
    expect(e.message).toBe(
      'Alibaba Cloud Threat Analysis (Cloud SIEM) returned an unexpected error (HTTP 400, IdempotentParameterMismatch): The request uses the same client token as a previous, but non-identical request.',
    );
    expect(e.provider).toEqual({ provider: 'alibaba-siem', providerCode: 'IdempotentParameterMismatch', requestId: 'R', retryable: false });
  });

  it('InvalidTimeStamp.Expired → PROVIDER_AUTH_FAILED without the message', () => {
    const e = siemFailure(
      { status: 400, headers: {}, body: '{"Code":"InvalidTimeStamp.Expired","Message":"Specified time stamp or date value is expired."}' },
      ctx,
    );
    expect(e.code).toBe(ErrorCode.PROVIDER_AUTH_FAILED);
    expect(e.message).toBe(
      'Alibaba Cloud Threat Analysis (Cloud SIEM) rejected the configured credentials or the request signature (HTTP 400, InvalidTimeStamp.Expired)',
    );
  });
});

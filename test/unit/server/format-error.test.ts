import { GraphQLError } from 'graphql';

import { ErrorCode } from '../../../src/errors/error-code';
import { ServiceError } from '../../../src/errors/service-error';
import { formatError } from '../../../src/server/format-error';
import { memoryLogger } from '../../support/silent-logger';

/** What Apollo hands `formatError`: the formatted error (coded INTERNAL_SERVER_ERROR, as Apollo does) and the error a resolver threw, wrapped. */
function format(thrown: unknown) {
  const { logger, lines } = memoryLogger();
  const wrapped = new GraphQLError('whatever Apollo said', {
    path: ['exportTask'],
    originalError: thrown as Error,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
  return { formatted: formatError(logger)(wrapped.toJSON(), wrapped), lines };
}

describe('formatError', () => {
  it('keeps an unclassified provider answer with its provider, code and request id (and logs it)', () => {
    const e = new ServiceError(
      ErrorCode.INTERNAL_SERVER_ERROR,
      'Alibaba Cloud Security Center returned an unexpected error (HTTP 418, Teapot)',
      {
        provider: 'alibaba-sas',
        providerCode: 'Teapot',
        requestId: 'R-418',
        retryable: false,
      },
    );
    const { formatted, lines } = format(e);
    expect(formatted).toEqual({
      message: 'Alibaba Cloud Security Center returned an unexpected error (HTTP 418, Teapot)',
      path: ['exportTask'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', provider: 'alibaba-sas', providerCode: 'Teapot', requestId: 'R-418', retryable: false },
    });
    expect(lines.join('')).toContain('internal error');
  });

  it('replaces any other internal failure by a generic message, with no detail', () => {
    const { formatted, lines } = format(new Error('ECONNREFUSED /etc/secret/path'));
    expect(formatted).toEqual({ message: 'Internal server error', path: ['exportTask'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(lines.join('')).toContain('ECONNREFUSED');
  });

  it('passes PROVIDER_MISCONFIGURED through with its message and provider details', () => {
    const e = new ServiceError(ErrorCode.PROVIDER_MISCONFIGURED, 'Huawei Cloud Workspace does not serve ListExportTasks …', {
      provider: 'huawei-workspace',
      providerCode: 'APIGW.0101',
      retryable: false,
    });
    expect(format(e).formatted.extensions).toEqual({
      code: 'PROVIDER_MISCONFIGURED',
      provider: 'huawei-workspace',
      providerCode: 'APIGW.0101',
      requestId: null,
      retryable: false,
    });
  });
});

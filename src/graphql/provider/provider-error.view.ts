import type { ServiceError } from '../../errors/service-error';
import type { ProviderId } from '../../providers/provider-id';
import type { ProviderError } from './provider-error.type';

/** The GraphQL `ProviderError` for a service error about `provider`. */
export function providerErrorView(provider: ProviderId, e: ServiceError): ProviderError {
  return {
    provider: e.provider?.provider ?? provider,
    code: e.code,
    providerCode: e.provider?.providerCode ?? null,
    message: e.message,
    requestId: e.provider?.requestId ?? null,
    retryable: e.provider?.retryable ?? false,
  };
}

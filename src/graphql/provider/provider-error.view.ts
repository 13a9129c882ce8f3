import type { ProviderId } from '../../domain/provider-id';
import type { ServiceError } from '../../errors/service-error';
import type { ProviderError } from './provider-error.type';

/** The GraphQL `ProviderError` of a failure about `provider` (the error's own provider when it names one). */
export function providerErrorView(e: ServiceError, provider: ProviderId): ProviderError {
  return {
    provider: e.provider?.provider ?? provider,
    code: e.code,
    providerCode: e.provider?.providerCode ?? null,
    message: e.message,
    requestId: e.provider?.requestId ?? null,
    retryable: e.retryable,
  };
}

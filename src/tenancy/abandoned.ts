import type { ProviderId } from '../domain/provider-id';
import { ErrorCode } from '../errors/error-code';
import { ServiceError } from '../errors/service-error';
import { descriptors } from '../providers/registry';

/** The reason a caller's deadline gives when it passes (as `AbortSignal.timeout` does). */
export function deadlineReason(): DOMException {
  return new DOMException("The operation's deadline passed", 'TimeoutError');
}

/**
 * The error of a call to `provider` that its caller abandoned, by the abort reason: its deadline
 * passed (PROVIDER_TIMEOUT, retryable), or nobody waits for it any more (a cancellation nobody sees).
 */
export function abandonedCallError(provider: ProviderId, reason: unknown): ServiceError {
  const name = descriptors.find((d) => d.id === provider)?.name ?? provider;
  if (reason instanceof DOMException && reason.name === 'TimeoutError') {
    return new ServiceError(ErrorCode.PROVIDER_TIMEOUT, `${name} did not answer within the operation's deadline`, {
      provider,
      retryable: true,
    });
  }
  return new ServiceError(ErrorCode.PROVIDER_UNAVAILABLE, `The call to ${name} was cancelled: nobody waits for it any more`, {
    provider,
    retryable: true,
  });
}

import type { ProviderId } from '../domain/provider-id';
import { ErrorCode, FINAL_ERROR_CODES } from './error-code';

/** Details of a failure that came from (or concerns) a provider. */
export interface ProviderErrorDetails {
  /** The provider concerned. */
  readonly provider: ProviderId;
  /** The provider's own error code verbatim, e.g. `RequestLimitExceeded`; undefined when it sent none. */
  readonly providerCode?: string | undefined;
  /** The provider's request id of the failed call, when it sent one. */
  readonly requestId?: string | undefined;
  /** Whether the same call may succeed if tried again later. */
  readonly retryable: boolean;
  /** Seconds the provider asked us to wait before retrying (Retry-After), when it said. */
  readonly retryAfterSeconds?: number | undefined;
}

/**
 * The one error class of the service. Its `message` is safe to show to a caller: it never contains
 * credentials, signatures, secret-bearing URLs or stack traces. The GraphQL layer turns it into a
 * `GraphQLError` whose `extensions` carry `code` and, for provider errors, the provider details.
 */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';

  constructor(
    /** The CONTRACT.md section 4 code. */
    readonly code: ErrorCode,
    message: string,
    /** Present when the error concerns a provider. */
    readonly provider?: ProviderErrorDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True for the codes that end a subscription stream for a task (CONTRACT.md section 3). */
  get final(): boolean {
    return FINAL_ERROR_CODES.has(this.code);
  }

  /** Shorthand for a `BAD_USER_INPUT` error (its message says what was expected and what came). */
  static badInput(message: string): ServiceError {
    return new ServiceError(ErrorCode.BAD_USER_INPUT, message);
  }
}

/** Wraps whatever was thrown into an `Error` (as apollo-server's `ensureError`). */
export function ensureError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** Any thrown value as a `ServiceError`; unknown failures become `INTERNAL_SERVER_ERROR` with a generic message. */
export function toServiceError(e: unknown): ServiceError {
  if (e instanceof ServiceError) return e;
  return new ServiceError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error', undefined, { cause: e });
}

import type { ProviderId } from '../domain/provider-id';
import { ErrorCode } from './error-code';

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
 * The codes of an error that names no provider which the same request may escape by being made again: a
 * failure inside this service, or a refusal that passes. Every other such code says the request itself
 * is wrong (a bad id, no credentials for the provider), and it is wrong the same way each time.
 */
const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.INTERNAL_SERVER_ERROR,
  ErrorCode.RATE_LIMITED,
  ErrorCode.SHUTTING_DOWN,
  ErrorCode.PROVIDER_RATE_LIMITED,
  ErrorCode.PROVIDER_UNAVAILABLE,
  ErrorCode.PROVIDER_TIMEOUT,
]);

/**
 * The one error class of the service. Its `message` is safe to show to a caller: it never contains
 * credentials, signatures, secret-bearing URLs or stack traces. The GraphQL layer turns it into a
 * `GraphQLError` whose `extensions` carry `code` and, for provider errors, the provider details.
 */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';

  constructor(
    /** The code, as `extensions.code` carries it (the README's error table). */
    readonly code: ErrorCode,
    message: string,
    /** Present when the error concerns a provider. */
    readonly provider?: ProviderErrorDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /**
   * Whether the same request may succeed if made again. For an error about a provider it is the
   * classification's verdict (`provider.retryable`), whatever the code; for any other error it follows
   * the code (`TRANSIENT_CODES`).
   */
  get retryable(): boolean {
    return this.provider ? this.provider.retryable : TRANSIENT_CODES.has(this.code);
  }

  /**
   * True when the same request cannot succeed by being made again (`retryable` is false): the error
   * ends a subscription stream for its task (README, "Subscribing"). One rule, so `NOT_FOUND`,
   * `PROVIDER_FORBIDDEN`, `PROVIDER_AUTH_FAILED` and `PROVIDER_MISCONFIGURED` (never retryable) are final,
   * and so is any other answer a provider's table marks as not retryable (a job id the provider refuses
   * as a bad parameter, a body of the wrong shape); throttling, outages and timeouts are not.
   */
  get final(): boolean {
    return !this.retryable;
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

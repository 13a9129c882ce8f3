import { ErrorCode } from '../errors/error-code';
import { ServiceError } from '../errors/service-error';

/**
 * Which upstream failures are worth another try, which count against a provider's circuit, and which
 * are answers rather than failures. One table, so the retry policy, the circuit breaker and the health
 * tracker never disagree:
 *
 * | code                      | retried | breaker failure | health failure |
 * | ------------------------- | ------- | --------------- | -------------- |
 * | PROVIDER_RATE_LIMITED     | yes     | no              | yes            |
 * | PROVIDER_UNAVAILABLE      | yes     | yes             | yes            |
 * | PROVIDER_TIMEOUT          | no      | yes             | yes            |
 * | PROVIDER_AUTH_FAILED      | no      | no              | yes            |
 * | PROVIDER_FORBIDDEN        | no      | no              | yes            |
 * | PROVIDER_MISCONFIGURED    | no      | no              | yes            |
 * | PROVIDER_BAD_RESPONSE     | no      | no              | yes            |
 * | NOT_FOUND, BAD_USER_INPUT | no      | no              | no (an answer) |
 *
 * Why: throttling means the provider is up and asks us to slow down (the rate budget and Retry-After
 * handle it; opening the circuit would turn a short wait into seconds of refusals). A timeout is not
 * retried because it already cost the whole `timeoutMs`: retrying a hanging provider would multiply
 * a query's latency, and the breaker is what protects against it. Auth, permission, configuration and
 * bad-response failures are the same on every try and say nothing about the provider's availability; counting them
 * would also replace their precise (and, for subscriptions, final) code by PROVIDER_UNAVAILABLE.
 */
export function isRetryable(e: unknown): e is ServiceError {
  return (
    e instanceof ServiceError &&
    e.provider?.retryable === true &&
    (e.code === ErrorCode.PROVIDER_RATE_LIMITED || e.code === ErrorCode.PROVIDER_UNAVAILABLE)
  );
}

/** Whether the failure says the provider is down or hanging (counts towards opening its circuit). */
export function isBreakerFailure(e: unknown): e is ServiceError {
  return e instanceof ServiceError && (e.code === ErrorCode.PROVIDER_UNAVAILABLE || e.code === ErrorCode.PROVIDER_TIMEOUT);
}

/** Whether the call was answered, however unwelcome the answer (the task is unknown, the parameters rejected). */
export function isAnswer(e: ServiceError): boolean {
  return e.code === ErrorCode.NOT_FOUND || e.code === ErrorCode.BAD_USER_INPUT;
}

import { ErrorCode } from '../../errors/error-code';
import { ServiceError } from '../../errors/service-error';
import { HttpTransportError } from '../../http/http-error';
import type { ProviderDescriptor } from '../provider';
import { Classes, type Classification } from './error-table';

/** One classified upstream failure, ready to become a `ServiceError`. */
export interface UpstreamFailure extends Classification {
  readonly providerCode?: string | undefined;
  /** The provider's message, shown only when `keepMessage` and it passes `safeProviderMessage`. */
  readonly providerMessage?: unknown;
  readonly requestId?: string | undefined;
  /** HTTP status, shown in the message unless 200 (Tencent errors arrive with 200). */
  readonly httpStatus?: number | undefined;
  readonly retryAfterSeconds?: number | undefined;
  /** The task concerned, for `NOT_FOUND` messages (already validated, so safe to echo). */
  readonly taskId?: string | undefined;
}

/** Longest provider message kept in a `ServiceError` message, in characters. */
export const PROVIDER_MESSAGE_LIMIT = 200;

/** Builds the `ServiceError` of a classified upstream failure. */
export function upstreamError(descriptor: ProviderDescriptor, failure: UpstreamFailure, secrets: readonly string[] = []): ServiceError {
  const details = [
    failure.httpStatus !== undefined && failure.httpStatus !== 200 ? `HTTP ${failure.httpStatus}` : undefined,
    failure.providerCode,
  ].filter((d): d is string => d !== undefined && d !== '');
  const shown = failure.keepMessage ? safeProviderMessage(failure.providerMessage, secrets) : undefined;
  const message =
    fixedText(descriptor, failure) + (details.length > 0 ? ` (${details.join(', ')})` : '') + (shown !== undefined ? `: ${shown}` : '');
  return new ServiceError(failure.code, message, {
    provider: descriptor.id,
    providerCode: failure.providerCode || undefined,
    requestId: failure.requestId || undefined,
    retryable: failure.retryable,
    retryAfterSeconds: failure.retryAfterSeconds,
  });
}

/** The fixed, provider-independent text of each code; provider details are appended to it. */
function fixedText(d: ProviderDescriptor, failure: UpstreamFailure): string {
  const { taskId } = failure;
  switch (failure.code) {
    case ErrorCode.NOT_FOUND:
      return taskId === undefined ? `${d.name} does not know the export task` : `${d.name} has no export task "${taskId}"`;
    case ErrorCode.PROVIDER_MISCONFIGURED:
      return isRedirect(failure.httpStatus)
        ? `The configured ${d.name} endpoint redirects elsewhere, and redirects are not followed: ` +
            `configure the URL that serves ${d.apiAction} (check the scheme, host and path)`
        : `${d.name} does not serve ${d.apiAction} at the configured endpoint, or the account has not authorised the service: ` +
            `check the endpoint, region and the service's authorisation`;
    case ErrorCode.PROVIDER_AUTH_FAILED:
      return `${d.name} rejected the configured credentials or the request signature`;
    case ErrorCode.PROVIDER_FORBIDDEN:
      return `The configured ${d.name} credentials lack permission to call ${d.apiAction}`;
    case ErrorCode.PROVIDER_RATE_LIMITED:
      return `${d.name} throttled the request`;
    case ErrorCode.PROVIDER_UNAVAILABLE:
      return `${d.name} is unavailable`;
    case ErrorCode.PROVIDER_TIMEOUT:
      return `${d.name} did not answer in time`;
    case ErrorCode.PROVIDER_BAD_RESPONSE:
      return `${d.name} sent an unexpected response`;
    case ErrorCode.BAD_USER_INPUT:
      return `${d.name} rejected the request parameters`;
    default:
      return `${d.name} returned an unexpected error`;
  }
}

/** Whether an HTTP status is a redirect (3xx). */
export function isRedirect(status: number | undefined): boolean {
  return status !== undefined && status >= 300 && status <= 399;
}

/**
 * `PROVIDER_BAD_RESPONSE` with a description of what was wrong (field names and types, never body content).
 * Not retryable by default: a body of the wrong shape is usually the same on the next call; an unparseable
 * one (cut short on the way) may not be, and its caller says so.
 */
export function badResponse(
  descriptor: ProviderDescriptor,
  detail: string,
  options: { requestId?: string | undefined; retryable?: boolean } = {},
): ServiceError {
  return new ServiceError(ErrorCode.PROVIDER_BAD_RESPONSE, `${descriptor.name} sent an unexpected response: ${detail}`, {
    provider: descriptor.id,
    requestId: options.requestId || undefined,
    retryable: options.retryable ?? false,
  });
}

/** The `ServiceError` of a failed exchange: transport errors by kind, `ServiceError`s as they are, the rest internal. */
export function callFailure(descriptor: ProviderDescriptor, e: unknown, timeoutMs: number): ServiceError {
  if (e instanceof ServiceError) return e;
  const details = { provider: descriptor.id, retryable: true };
  if (e instanceof HttpTransportError) {
    switch (e.kind) {
      case 'timeout':
        return new ServiceError(ErrorCode.PROVIDER_TIMEOUT, `${descriptor.name} did not answer within ${timeoutMs} ms`, details, {
          cause: e,
        });
      case 'network':
        return new ServiceError(
          ErrorCode.PROVIDER_UNAVAILABLE,
          `${descriptor.name} could not be reached: connection failed or was reset`,
          details,
          { cause: e },
        );
      case 'too-large':
        return new ServiceError(
          ErrorCode.PROVIDER_BAD_RESPONSE,
          `${descriptor.name} sent an unexpected response: the body is too large`,
          { ...details, retryable: false },
          { cause: e },
        );
      case 'aborted':
        // The caller went away; nobody waits for this error, but it must not count as the provider's fault.
        // Retryable: the provider never answered, so the same call made again may well succeed (and a
        // subscription that somehow saw this error must not end on it).
        return new ServiceError(ErrorCode.INTERNAL_SERVER_ERROR, `The call to ${descriptor.name} was cancelled`, details, {
          cause: e,
        });
    }
  }
  return new ServiceError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error', { ...details, retryable: false }, { cause: e });
}

// Words that only appear in a message that echoes signing material (canonical requests, string to sign,
// Authorization headers); such a message is dropped whole rather than redacted piecemeal.
const SENSITIVE =
  /authorization|signature|signed ?headers|credential|canonical|string ?to ?sign|hmac|access=|secret|x-sdk-date|x-acs-|x-tc-/i;
const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;

/**
 * The provider's message made safe to show, or undefined: not a string, empty, echoing signing material
 * or containing one of `secrets` (credentials of the call) → undefined. URLs (which may carry tokens)
 * become `<url>`, whitespace runs one space, and the result is cut to `PROVIDER_MESSAGE_LIMIT` characters.
 */
export function safeProviderMessage(message: unknown, secrets: readonly string[] = []): string | undefined {
  if (typeof message !== 'string') return undefined;
  const text = message.replace(/\s+/g, ' ').trim();
  if (text === '' || SENSITIVE.test(text)) return undefined;
  if (secrets.some((s) => s.length >= 4 && text.includes(s))) return undefined;
  const cleaned = text.replace(URL_PATTERN, '<url>');
  return cleaned.length <= PROVIDER_MESSAGE_LIMIT ? cleaned : `${cleaned.slice(0, PROVIDER_MESSAGE_LIMIT - 1)}…`;
}

/** Seconds from a `Retry-After` header (delta-seconds or HTTP-date relative to `nowMs`); undefined when absent or bad. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^[0-9]+$/.test(trimmed)) return Number(trimmed);
  // HTTP-date, e.g. `Sun, 06 Nov 1994 08:49:37 GMT` (Date.parse alone would also take "-1").
  const at = /^[A-Za-z]{3}, /.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/**
 * Classification of an HTTP status when the body says nothing more (no code the provider's table knows):
 * - 3xx → PROVIDER_MISCONFIGURED: redirects are never followed, and an API endpoint that redirects is a
 *   proxy, a login page or the wrong scheme; retrying reaches the same redirect;
 * - 401 → PROVIDER_AUTH_FAILED; 403 → PROVIDER_FORBIDDEN;
 * - 404, 405 → PROVIDER_MISCONFIGURED: nothing at that path, or not with that method (each API's own
 *   not-found answers carry a code, classified before);
 * - 408 → PROVIDER_TIMEOUT, 429 → PROVIDER_RATE_LIMITED, 5xx → PROVIDER_UNAVAILABLE, all retryable;
 * - any other status → INTERNAL_SERVER_ERROR, not retryable, still with the provider's details.
 */
export function classifyHttpStatus(status: number): Classification {
  if (isRedirect(status)) return { ...Classes.misconfigured, keepMessage: false };
  if (status === 401) return Classes.authFailed;
  if (status === 403) return Classes.forbidden;
  if (status === 404 || status === 405) return Classes.misconfigured;
  if (status === 408) return Classes.timeout;
  if (status === 429) return Classes.throttled;
  if (status >= 500) return Classes.unavailable;
  return Classes.requestBug;
}

import { DEFAULT_CONNECTIONS_PER_ORIGIN } from '../../http/http-client';
import { ConfigError } from '../../options/config-error';
import type { OptionReader } from '../../options/option-reader';
import type { CommonProviderOptions, ProviderDescriptor } from '../provider';

/** Default of `timeoutMs`: 5 s per upstream request. */
export const DEFAULT_TIMEOUT_MS = 5000;

/** Default of `maxConcurrentRequests`: as many calls in flight as the HTTP client keeps connections per origin. */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = DEFAULT_CONNECTIONS_PER_ORIGIN;

/** Reads the common options of `descriptor`'s provider; each default has its one definition here or in the descriptor. */
export function readCommonOptions(r: OptionReader, descriptor: ProviderDescriptor): CommonProviderOptions {
  return {
    endpoint: readEndpoint(r),
    timeoutMs: r.int('timeoutMs', { default: DEFAULT_TIMEOUT_MS, min: 100, max: 120_000 }),
    maxRequestsPerSecond: r.number('maxRequestsPerSecond', {
      default: descriptor.capabilities.maxRequestsPerSecond,
      min: 0.1,
      max: 10_000,
    }),
    maxConcurrentRequests: r.int('maxConcurrentRequests', { default: DEFAULT_MAX_CONCURRENT_REQUESTS, min: 1, max: 1024 }),
  };
}

function readEndpoint(r: OptionReader): string {
  const value = r.string('endpoint', { expected: 'an http:// or https:// URL' });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${r.path}.endpoint: expected an http:// or https:// URL, but got "${value}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash) {
    throw new ConfigError(
      `${r.path}.endpoint: expected an http:// or https:// URL without credentials, query or fragment, but got "${url.protocol}//${url.host}${url.pathname}"`,
    );
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

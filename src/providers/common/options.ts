import { DEFAULT_CONNECTIONS_PER_ORIGIN } from '../../http/http-client';
import type { OptionReader } from '../../options/option-reader';
import type { CommonProviderOptions, ProviderDescriptor } from '../provider';
import { PATH_PREFIX } from './endpoint';

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

/** What `endpoint` accepts, as its error messages say it. */
export const ENDPOINT_EXPECTED =
  'an http(s):// URL of a host, optional port and optional path prefix (segments of letters, digits, "-", ".", "_", "~"), with no credentials, query or fragment';

/**
 * Reads `endpoint`: `http(s)://host[:port][/path/prefix]`, returned as origin plus prefix without a
 * trailing slash (`https://proxy.example/alibaba/sas/` reads as `https://proxy.example/alibaba/sas`).
 * A message never shows credentials (userinfo), a query or a fragment the value carries.
 */
function readEndpoint(r: OptionReader): string {
  const value = r.string('endpoint', { expected: ENDPOINT_EXPECTED });
  if (!r.ok('endpoint')) return value;
  const fail = (why: string): string => {
    r.reject('endpoint', ENDPOINT_EXPECTED, `"${redactEndpoint(value)}"${why}`);
    return value;
  };
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined) return fail(', which is not a URL');
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail(` (scheme "${url.protocol}")`);
  if (url.username !== '' || url.password !== '') return fail(' (credentials in the URL: give them in the key options)');
  // `?` and `#` can only open a query or a fragment once the URL parses, even an empty one.
  if (value.includes('?')) return fail(' (a query)');
  if (value.includes('#')) return fail(' (a fragment)');
  const prefix = url.pathname.replace(/\/+$/, '');
  if (!PATH_PREFIX.test(prefix)) return fail(` (path "${url.pathname}")`);
  return url.origin + prefix;
}

/**
 * The value with what may be secret masked: everything from after `scheme://` to the last `@` (userinfo,
 * however malformed: a password may hold `/`, `?` or `#`), then the query and the fragment.
 */
function redactEndpoint(value: string): string {
  return value
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/is, (_match, scheme: string | undefined) => `${scheme ?? ''}***@`)
    .replace(/\?[^#]*/, '?***')
    .replace(/#.*$/, '#***');
}

import type { ProviderId } from '../../domain/provider-id';
import { ErrorCode } from '../../errors/error-code';
import { ServiceError } from '../../errors/service-error';
import { encodeRfc3986 } from '../../signing/rfc3986';

/**
 * A path prefix as an `endpoint` may carry one: `/`-separated segments of RFC 3986 unreserved characters
 * (letters, digits, `-`, `.`, `_`, `~`), no trailing slash; `''` is none. Nothing in it is ever
 * percent-encoded, so the path on the wire and the canonical URI every signer builds from it are the
 * same text: no proxy or gateway can read it differently from what was signed.
 */
export const PATH_PREFIX = /^(?:\/[A-Za-z0-9._~-]+)*$/;

/** Where a provider is reached: origin and path prefix for URLs, host (with a non-default port) for signing. */
export interface Endpoint {
  /** `scheme://host[:port]`, without path. */
  readonly origin: string;
  /** The `Host` header as sent, e.g. `tds.cn-shanghai.aliyuncs.com` or `127.0.0.1:8443`. */
  readonly host: string;
  /** The endpoint's path without its trailing slash, matching {@link PATH_PREFIX}: `''`, or e.g. `/alibaba/sas`. */
  readonly pathPrefix: string;
}

/**
 * The origin, host and path prefix of a configured `endpoint` (validated by `readCommonOptions`; a
 * trailing slash is ignored).
 * @throws ServiceError `INTERNAL_SERVER_ERROR` when the endpoint is not one `readCommonOptions` accepts;
 *   the message does not echo it, as a URL may carry credentials.
 */
export function parseEndpoint(provider: ProviderId, endpoint: string): Endpoint {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  const pathPrefix = url?.pathname.replace(/\/+$/, '');
  if (
    url === undefined ||
    pathPrefix === undefined ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username !== '' ||
    url.password !== '' ||
    url.search !== '' ||
    url.hash !== '' ||
    !PATH_PREFIX.test(pathPrefix)
  ) {
    throw new ServiceError(
      ErrorCode.INTERNAL_SERVER_ERROR,
      `The ${provider} endpoint is not an http:// or https:// URL with an optional path prefix and nothing else`,
    );
  }
  return { origin: url.origin, host: url.host, pathPrefix };
}

/**
 * The path of a call to `apiPath` (the API's documented path, starting with `/`: `/` for the RPC APIs,
 * `/v2/{project_id}/export-tasks` for Huawei) through `endpoint`: the API path appended to the endpoint's
 * path prefix, so `https://proxy.example/alibaba/sas` gives `/alibaba/sas/`. The same path goes on the
 * wire and into the signature; `apiPath` is given as the caller sends it (encoded or decoded alike).
 */
export function endpointPath(endpoint: Endpoint, apiPath: string): string {
  return `${endpoint.pathPrefix}${apiPath}`;
}

/**
 * `a=1&b=2` in the given order, names and values RFC 3986 encoded exactly as the signers encode them
 * (space `%20`, `*` `%2A`, `~` kept): a query string or a form body.
 */
export function encodePairs(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join('&');
}

/** The defined entries of a parameter object, in its key order (the order they are sent and signed in). */
export function pairsOf(params: object): Array<readonly [string, string]> {
  return Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string');
}

import type { ProviderId } from '../../domain/provider-id';
import { ErrorCode } from '../../errors/error-code';
import { ServiceError } from '../../errors/service-error';
import { encodeRfc3986 } from '../../signing/rfc3986';

/** Where a provider is reached: its origin for URLs and its host (with a non-default port) for signing. */
export interface Endpoint {
  /** `scheme://host[:port]`, without path. */
  readonly origin: string;
  /** The `Host` header as sent, e.g. `tds.cn-shanghai.aliyuncs.com` or `127.0.0.1:8443`. */
  readonly host: string;
}

/**
 * The origin and host of a configured `endpoint`. Its path, if any, is ignored: every API here has a fixed
 * path that is part of what is signed, so a path prefix could never verify upstream.
 * @throws ServiceError `INTERNAL_SERVER_ERROR` when the (already validated) endpoint is not an http(s) URL;
 *   the message does not echo it, as a URL may carry credentials.
 */
export function parseEndpoint(provider: ProviderId, endpoint: string): Endpoint {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ServiceError(ErrorCode.INTERNAL_SERVER_ERROR, `The ${provider} endpoint is not an http:// or https:// URL`);
  }
  return { origin: url.origin, host: url.host };
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

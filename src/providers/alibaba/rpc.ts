import { randomBytes } from 'node:crypto';

import { sha256Hex, signAcs3 } from '../../signing/acs3';
import type { SignableRequest } from '../../signing/signable-request';
import { encodePairs, type Endpoint, endpointPath } from '../common/endpoint';
import type { ProviderDescriptor } from '../provider';
import type { AlibabaCredentials } from './options';

/** One RPC call: action and version go in headers (signature V3), parameters in the query or a form body. */
export interface AlibabaRpcCall {
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Parameters sent form-encoded in the POST body (SIEM); none means an empty body. */
  readonly form?: ReadonlyArray<readonly [string, string]> | undefined;
}

/** Where and as whom an Alibaba call is made. */
export interface AlibabaRpcTarget {
  readonly descriptor: ProviderDescriptor;
  readonly endpoint: Endpoint;
  readonly credentials: AlibabaCredentials;
}

/** `x-acs-date`: `yyyy-MM-ddTHH:mm:ssZ`, UTC. */
export function acsDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.[0-9]{3}Z$/, 'Z');
}

/**
 * Builds and signs (ACS3-HMAC-SHA256) `POST /` for `call`, under the endpoint's path prefix if it has one
 * (`POST /alibaba/sas/`, the canonical URI the same path): `host` as sent (with its port), `x-acs-action`,
 * `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce`, `x-acs-content-sha256`, with an STS token
 * `x-acs-accesskey-id` and `x-acs-security-token` (as the official core sends them, signed like every
 * `x-acs-*` header), and `content-type` only when there is a form body.
 */
export function buildAlibabaRequest(
  target: AlibabaRpcTarget,
  call: AlibabaRpcCall,
  nowMs: number,
  nonce: string,
): { readonly url: string; readonly headers: Record<string, string>; readonly body: string; readonly signable: SignableRequest } {
  const body = call.form && call.form.length > 0 ? encodePairs(call.form) : '';
  const headers: Record<string, string> = {
    host: target.endpoint.host,
    'x-acs-action': target.descriptor.apiAction,
    'x-acs-version': target.descriptor.apiVersion,
    'x-acs-date': acsDate(nowMs),
    'x-acs-signature-nonce': nonce,
    'x-acs-content-sha256': sha256Hex(body),
  };
  if (body !== '') headers['content-type'] = 'application/x-www-form-urlencoded';
  if (target.credentials.securityToken) {
    headers['x-acs-accesskey-id'] = target.credentials.accessKeyId;
    headers['x-acs-security-token'] = target.credentials.securityToken;
  }
  const path = endpointPath(target.endpoint, '/');
  const signable: SignableRequest = { method: 'POST', path, query: call.query, headers, body };
  const { authorization } = signAcs3(signable, target.credentials);
  const query = encodePairs(call.query);
  return {
    url: `${target.endpoint.origin}${path}${query === '' ? '' : `?${query}`}`,
    headers: { ...headers, accept: 'application/json', authorization },
    body,
    signable,
  };
}

/** 16 random bytes as 32 hex characters. */
export function randomNonce(): string {
  return randomBytes(16).toString('hex');
}

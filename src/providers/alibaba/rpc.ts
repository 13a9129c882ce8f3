import { randomBytes } from 'node:crypto';
import type { HttpRequest } from '../../http/http-client';
import { sha256Hex, signAcs3 } from '../../signing/acs3';
import type { SignableRequest } from '../../signing/signable-request';
import type { CallOptions, ProviderDescriptor } from '../provider';
import type { ProviderClientDeps } from '../common/deps';
import { encodePairs, type Endpoint } from '../common/endpoint';
import { callFailure } from '../common/upstream-error';
import { WireObject, parseJsonBody } from '../common/wire';
import { alibabaFailure, isAlibabaErrorEnvelope } from './errors';
import { ALIBABA_INT64_KEYS } from './mapping';

/** An Alibaba AccessKey, optionally with an STS token. */
export interface AlibabaCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string | undefined;
}

/** Dependencies of an Alibaba client; `nonce` is replaceable so tests can fix it. */
export interface AlibabaClientDeps extends ProviderClientDeps {
  /** A fresh `x-acs-signature-nonce` per call. Default: 16 random bytes as hex. */
  readonly nonce?: (() => string) | undefined;
}

/** One RPC call: action and version go in headers (signature V3), parameters in the query or a form body. */
export interface AlibabaRpcCall {
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Parameters sent form-encoded in the POST body (SIEM); none means an empty body. */
  readonly form?: ReadonlyArray<readonly [string, string]> | undefined;
}

/** Everything an Alibaba call needs that does not change between calls. */
export interface AlibabaRpcTarget {
  readonly descriptor: ProviderDescriptor;
  readonly endpoint: Endpoint;
  readonly credentials: AlibabaCredentials;
  readonly timeoutMs: number;
  readonly deps: AlibabaClientDeps;
}

/** A successful call: the parsed body (int64 keys kept exact), when it arrived and its request id. */
export interface AlibabaRpcResult {
  readonly body: unknown;
  readonly observedAt: number;
  readonly requestId: string | undefined;
}

/** `x-acs-date`: `yyyy-MM-ddTHH:mm:ssZ`, UTC. */
export function acsDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.[0-9]{3}Z$/, 'Z');
}

/**
 * Builds and signs (ACS3-HMAC-SHA256) `POST /` for `call`: `host` as sent (with its port),
 * `x-acs-action`, `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce`, `x-acs-content-sha256`,
 * `x-acs-security-token` with an STS token, and `content-type` only when there is a form body.
 */
export function buildAlibabaRequest(
  target: Omit<AlibabaRpcTarget, 'deps' | 'timeoutMs'>,
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
  if (target.credentials.securityToken) headers['x-acs-security-token'] = target.credentials.securityToken;
  const signable: SignableRequest = { method: 'POST', path: '/', query: call.query, headers, body };
  const { authorization } = signAcs3(signable, target.credentials);
  const query = encodePairs(call.query);
  return {
    url: `${target.endpoint.origin}/${query === '' ? '' : `?${query}`}`,
    headers: { ...headers, accept: 'application/json', authorization },
    body,
    signable,
  };
}

/**
 * Sends one RPC call and returns the parsed success body. Every failure is a classified `ServiceError`:
 * transport errors by kind, HTTP errors and error envelopes (also tolerated with a 2xx status) by
 * `alibabaFailure`, a body that is not JSON as `PROVIDER_BAD_RESPONSE`.
 */
export async function callAlibabaRpc(
  target: AlibabaRpcTarget,
  call: AlibabaRpcCall,
  taskId: string,
  options: CallOptions = {},
): Promise<AlibabaRpcResult> {
  const { descriptor, deps, timeoutMs } = target;
  let request: HttpRequest;
  let response;
  try {
    const built = buildAlibabaRequest(target, call, deps.clock.now(), (deps.nonce ?? randomNonce)());
    request = { method: 'POST', url: built.url, headers: built.headers, body: built.body, timeoutMs, signal: options.signal };
    response = await deps.http.request(request);
  } catch (e) {
    throw callFailure(descriptor, e, timeoutMs);
  }
  const observedAt = deps.clock.now();
  const context = { taskId, nowMs: observedAt, secrets: secretsOf(target.credentials) };
  if (response.status < 200 || response.status > 299) throw alibabaFailure(descriptor, response, context);
  const headerRequestId = response.headers['x-acs-request-id'];
  const body = parseJsonBody(descriptor, response.body, { int64Keys: ALIBABA_INT64_KEYS, requestId: headerRequestId });
  const root = WireObject.of(descriptor, body, '', headerRequestId);
  if (isAlibabaErrorEnvelope(root.raw)) throw alibabaFailure(descriptor, response, context);
  const requestId = typeof root.raw['RequestId'] === 'string' ? root.raw['RequestId'] : headerRequestId;
  return { body, observedAt, requestId };
}

/** 16 random bytes as 32 hex characters. */
export function randomNonce(): string {
  return randomBytes(16).toString('hex');
}

function secretsOf(c: AlibabaCredentials): string[] {
  return [c.accessKeyId, c.accessKeySecret, ...(c.securityToken ? [c.securityToken] : [])];
}

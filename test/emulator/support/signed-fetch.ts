import { randomUUID } from 'node:crypto';

import { sha256Hex, signAcs3 } from '../../../src/signing/acs3';
import { encodeRfc3986 } from '../../../src/signing/rfc3986';
import { signSdkHmac } from '../../../src/signing/sdk-hmac';
import { signTc3 } from '../../../src/signing/tc3';

/** An answer read whole. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body; undefined when it is not JSON. */
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Options every signed call takes. */
export interface CallOptions {
  /** Signing time, epoch ms; default now on the wall clock given to the emulator (tests pass it). */
  readonly signedAt: number;
  /** Flip the last hex digit of the signature. */
  readonly tamper?: boolean;
  /**
   * Sign for this path prefix instead of the base URL's own (which the request is still sent under): `''`
   * signs for the API's bare path, as if the prefix were not part of the request.
   */
  readonly signedPrefix?: string;
  readonly signal?: AbortSignal;
}

export async function send(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

function tampered(signature: string, tamper: boolean | undefined): string {
  if (!tamper) return signature;
  return signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
}

/** The path prefix signed: the base URL's path (`http://host:port/cloud-proxy/v1` → `/cloud-proxy/v1`), unless overridden. */
function signedPrefix(base: string, options: CallOptions): string {
  return options.signedPrefix ?? new URL(base).pathname.replace(/\/$/, '');
}

function replaceSignature(authorization: string, signature: string): string {
  return authorization.replace(/Signature=[0-9a-f]{64}/, `Signature=${signature}`);
}

/** Tencent: `POST /` (under the base URL's path) with a JSON body, TC3-signed for `service` (default `tcss`). */
export async function callTcss(
  base: string,
  credentials: { secretId: string; secretKey: string },
  body: string,
  options: CallOptions & { action?: string; version?: string; service?: string },
): Promise<Answer> {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    host: new URL(base).host,
    'x-tc-action': options.action ?? 'DescribeExportJobResult',
    'x-tc-version': options.version ?? '2020-11-01',
    'x-tc-timestamp': String(Math.floor(options.signedAt / 1000)),
  };
  const signed = signTc3({ method: 'POST', path: `${signedPrefix(base, options)}/`, query: [], headers, body }, credentials, {
    service: options.service ?? 'tcss',
    timestamp: Math.floor(options.signedAt / 1000),
  });
  const { host: _host, ...sent } = headers;
  const authorization = replaceSignature(signed.authorization, tampered(signed.signature, options.tamper));
  return send(`${base}/`, { method: 'POST', headers: { ...sent, authorization }, body, signal: options.signal ?? null });
}

/** Alibaba call options: where the parameters go, and overrides of what the client would send. */
export interface AlibabaCallOptions extends CallOptions {
  readonly in?: 'query' | 'form';
  readonly method?: 'GET' | 'POST';
  readonly nonce?: string;
  readonly contentSha256?: string;
  /** x-acs-date verbatim instead of `signedAt` formatted. */
  readonly acsDate?: string;
}

/** Alibaba RPC: `POST /` (under the base URL's path), parameters in the query or form-encoded in a POST body, ACS3-signed. */
export async function callAlibaba(
  base: string,
  credentials: { accessKeyId: string; accessKeySecret: string },
  api: { action: string; version: string },
  params: Readonly<Record<string, string>>,
  options: AlibabaCallOptions,
): Promise<Answer> {
  const pairs = Object.entries(params);
  const encoded = pairs.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join('&');
  const inForm = options.in === 'form';
  const body = inForm ? encoded : '';
  const headers: Record<string, string> = {
    host: new URL(base).host,
    'x-acs-action': api.action,
    'x-acs-version': api.version,
    'x-acs-date': options.acsDate ?? new Date(options.signedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': options.nonce ?? randomUUID(),
    'x-acs-content-sha256': options.contentSha256 ?? sha256Hex(body),
    ...(inForm ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
  };
  const method = options.method ?? 'POST';
  const query = inForm ? [] : pairs;
  const signed = signAcs3({ method, path: `${signedPrefix(base, options)}/`, query, headers, body }, credentials);
  const { host: _host, ...sent } = headers;
  const authorization = replaceSignature(signed.authorization, tampered(signed.signature, options.tamper));
  const url = `${base}/${inForm || encoded === '' ? '' : `?${encoded}`}`;
  return send(url, {
    method,
    headers: { ...sent, authorization },
    ...(method === 'POST' ? { body } : {}),
    signal: options.signal ?? null,
  });
}

/** Huawei: `GET /v2/{project}/export-tasks?...` (under the base URL's path), SDK-HMAC-signed. */
export async function callWorkspace(
  base: string,
  credentials: { ak: string; sk: string },
  projectId: string,
  query: Readonly<Record<string, string>>,
  options: CallOptions & { path?: string; projectHeader?: string },
): Promise<Answer> {
  const path = options.path ?? `/v2/${projectId}/export-tasks`;
  const pairs = Object.entries(query);
  const headers: Record<string, string> = {
    host: new URL(base).host,
    'content-type': 'application/json',
    'x-sdk-date': new Date(options.signedAt)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}Z$/, 'Z'),
    ...(options.projectHeader === undefined ? {} : { 'x-project-id': options.projectHeader }),
  };
  const signed = signSdkHmac(
    { method: 'GET', path: `${signedPrefix(base, options)}${path}`, query: pairs, headers, body: '' },
    credentials,
  );
  const { host: _host, ...sent } = headers;
  const authorization = replaceSignature(signed.authorization, tampered(signed.signature, options.tamper));
  const search = pairs.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join('&');
  return send(`${base}${path}${search === '' ? '' : `?${search}`}`, {
    method: 'GET',
    headers: { ...sent, authorization },
    signal: options.signal ?? null,
  });
}

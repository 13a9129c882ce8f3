import { signaturesEqual } from '../../signing/crypto';
import { parseSdkHmacAuthorization, signSdkHmac } from '../../signing/sdk-hmac';
import type { AccountDirectory } from '../accounts';
import type { EmulatorAccount } from '../types';
import { type ReceivedRequest, toSignable } from '../wire';
import { type WorkspaceError, WorkspaceErrors } from './workspace-envelope';

/** How far X-Sdk-Date may be from the gateway's clock: 15 minutes. */
export const SDK_DATE_MAX_SKEW_MS = 15 * 60 * 1000;

const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export type SdkHmacVerdict =
  { readonly ok: true; readonly account: EmulatorAccount } | { readonly ok: false; readonly error: WorkspaceError };

/**
 * Checks an SDK-HMAC-SHA256 request as Huawei's API gateway does; every failure is 401 `APIGW.0301`.
 * Like the real gateway, a signature mismatch echoes the canonical request it computed in `error_msg`
 * (no secret in it, but the service must not pass it on).
 */
export function verifySdkHmac(request: ReceivedRequest, accounts: AccountDirectory, now: number): SdkHmacVerdict {
  const fail = (detail: string): SdkHmacVerdict => ({ ok: false, error: WorkspaceErrors.authFailed(detail) });
  const header = request.headers['authorization'];
  const auth = header === undefined ? undefined : parseSdkHmacAuthorization(header);
  if (auth === undefined) return fail('Authorization must be `SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...`');
  const date = request.headers['x-sdk-date'];
  const parts = date === undefined ? null : SDK_DATE.exec(date);
  if (date === undefined || parts === null) return fail(`X-Sdk-Date must be yyyyMMddTHHmmssZ but got: ${date ?? 'nothing'}`);
  const [, y, mo, d, h, mi, s] = parts.map(Number) as [number, number, number, number, number, number, number];
  const dateMs = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(dateMs).toISOString().replace(/[-:]|\.\d{3}/g, '') !== date) {
    return fail(`X-Sdk-Date must be a valid UTC time but got: ${date}`);
  }
  if (Math.abs(now - dateMs) > SDK_DATE_MAX_SKEW_MS) return fail(`X-Sdk-Date ${date} is more than 15 minutes from the server time`);
  if (!auth.signedHeaders.includes('host') || !auth.signedHeaders.includes('x-sdk-date')) {
    return fail('SignedHeaders must include host and x-sdk-date');
  }
  const account = accounts.byAccessKeyId(auth.accessKey);
  if (account === undefined) return fail('the access key does not exist');
  let expected: { signature: string; canonicalRequest: string };
  try {
    expected = signSdkHmac(toSignable(request), { ak: account.accessKeyId, sk: account.secret }, { signedHeaders: auth.signedHeaders });
  } catch {
    return fail('verify aksk signature fail: a signed header is absent');
  }
  if (!signaturesEqual(expected.signature, auth.signature)) {
    return fail(`verify aksk signature fail, canonicalRequest: ${expected.canonicalRequest}`);
  }
  return { ok: true, account };
}

import { signaturesEqual } from '../../signing/crypto';
import { parseTc3Authorization, signTc3 } from '../../signing/tc3';
import type { AccountDirectory } from '../accounts';
import type { EmulatorAccount } from '../types';
import { type ReceivedRequest, toSignable } from '../wire';
import { TcssErrorCode } from './tcss-envelope';

/** The product name every TCSS scope must carry. */
export const TCSS_SERVICE = 'tcss';
/** How far X-TC-Timestamp may be from the server's clock: 5 minutes. */
export const TCSS_MAX_SKEW_SECONDS = 300;

export type Tc3Verdict =
  { readonly ok: true; readonly account: EmulatorAccount } | { readonly ok: false; readonly code: TcssErrorCode; readonly message: string };

const fail = (code: TcssErrorCode, message: string): Tc3Verdict => ({ ok: false, code, message });

/**
 * Checks a request's TC3-HMAC-SHA256 signature as Tencent's gateway does: a well-formed Authorization,
 * a timestamp within 5 minutes of `nowMs`, a scope for `tcss` on the timestamp's UTC date, a known
 * SecretId, `content-type` and `host` signed, and a signature equal to the one the request re-signs to.
 */
export function verifyTc3(request: ReceivedRequest, accounts: AccountDirectory, nowMs: number): Tc3Verdict {
  const header = request.headers['authorization'];
  const auth = header === undefined ? undefined : parseTc3Authorization(header);
  if (auth === undefined) {
    return fail(
      TcssErrorCode.InvalidAuthorization,
      'Authorization header must be `TC3-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.',
    );
  }
  const rawTimestamp = request.headers['x-tc-timestamp'];
  if (rawTimestamp === undefined)
    return fail(TcssErrorCode.MissingParameter, 'The request is missing a required parameter `X-TC-Timestamp`.');
  if (!/^\d{1,12}$/.test(rawTimestamp)) {
    return fail(TcssErrorCode.InvalidParameter, `X-TC-Timestamp must be unix seconds but got: ${rawTimestamp}.`);
  }
  const timestamp = Number(rawTimestamp);
  if (Math.abs(nowMs / 1000 - timestamp) > TCSS_MAX_SKEW_SECONDS) {
    return fail(
      TcssErrorCode.SignatureExpire,
      `Signature expired: X-TC-Timestamp ${timestamp} is more than ${TCSS_MAX_SKEW_SECONDS} seconds from the server time.`,
    );
  }
  const account = accounts.byAccessKeyId(auth.secretId);
  if (account === undefined)
    return fail(TcssErrorCode.SecretIdNotFound, 'The SecretId is not found, please ensure that your SecretId is correct.');
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const signed = new Set(auth.signedHeaders.map((h) => h.toLowerCase()));
  if (auth.service !== TCSS_SERVICE || auth.date !== date || !signed.has('content-type') || !signed.has('host')) {
    return fail(TcssErrorCode.SignatureFailure, signatureFailureMessage);
  }
  let expected: string;
  try {
    expected = signTc3(
      toSignable(request),
      { secretId: account.accessKeyId, secretKey: account.secret },
      { service: TCSS_SERVICE, timestamp, signedHeaders: auth.signedHeaders },
    ).signature;
  } catch {
    // The request cannot be re-signed as it names itself (e.g. a signed header is absent): a mismatch.
    return fail(TcssErrorCode.SignatureFailure, signatureFailureMessage);
  }
  if (!signaturesEqual(expected, auth.signature)) return fail(TcssErrorCode.SignatureFailure, signatureFailureMessage);
  return { ok: true, account };
}

const signatureFailureMessage = 'The provided credentials could not be validated. Please check your signature is correct.';

import { parseAcs3Authorization, sha256Hex, signAcs3 } from '../../signing/acs3';
import { signaturesEqual } from '../../signing/crypto';
import type { AccountDirectory } from '../accounts';
import type { EmulatorAccount } from '../types';
import { type ReceivedRequest, toSignable } from '../wire';
import { type RpcError, RpcErrors } from './rpc-envelope';

/** How far x-acs-date may be from the server clock, and how long a nonce stays used: 15 minutes. */
export const ACS3_WINDOW_MS = 15 * 60 * 1000;

/** Headers a V3 request must send, and sign. */
const REQUIRED_HEADERS = ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256'];
const ACS_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export type Acs3Verdict = { readonly ok: true; readonly account: EmulatorAccount } | { readonly ok: false; readonly error: RpcError };

/** Signature nonces seen in the last 15 minutes, per AccessKeyId. */
export class NonceLedger {
  private readonly seen = new Map<string, number>();

  /** Records the nonce at `now`; false when it was already used within the window. */
  claim(accessKeyId: string, nonce: string, now: number): boolean {
    for (const [key, at] of this.seen) {
      if (at > now - ACS3_WINDOW_MS) break; // insertion order is arrival order: the rest are newer
      this.seen.delete(key);
    }
    const key = `${accessKeyId}\n${nonce}`;
    const at = this.seen.get(key);
    if (at !== undefined && Math.abs(now - at) < ACS3_WINDOW_MS) return false;
    this.seen.delete(key);
    this.seen.set(key, now);
    return true;
  }
}

/**
 * Checks an ACS3-HMAC-SHA256 (signature V3) request as Alibaba's gateway does, except the action and
 * version, which the caller checks: the required headers sent and signed, x-acs-date within 15 minutes of
 * `now`, a known AccessKeyId, x-acs-content-sha256 equal to the body's hash, a matching signature, and a
 * nonce not used in the last 15 minutes (only a correctly signed request uses up its nonce).
 */
export function verifyAcs3(request: ReceivedRequest, accounts: AccountDirectory, nonces: NonceLedger, now: number): Acs3Verdict {
  const fail = (error: RpcError): Acs3Verdict => ({ ok: false, error });
  const header = request.headers['authorization'];
  if (header === undefined) return fail(RpcErrors.incompleteSignature('The Authorization header is required.'));
  const auth = parseAcs3Authorization(header);
  if (auth === undefined) {
    return fail(RpcErrors.incompleteSignature('Authorization must be `ACS3-HMAC-SHA256 Credential=...,SignedHeaders=...,Signature=...`.'));
  }
  for (const name of REQUIRED_HEADERS) {
    if (request.headers[name] === undefined) return fail(RpcErrors.incompleteSignature(`The ${name} header is required.`));
    if (!auth.signedHeaders.includes(name)) return fail(RpcErrors.incompleteSignature(`The ${name} header must be signed.`));
  }
  const date = request.headers['x-acs-date'] as string;
  const dateMs = ACS_DATE.test(date) ? Date.parse(date) : NaN;
  // Date.parse rolls 2026-02-30 over to March: a valid date must format back to itself.
  if (Number.isNaN(dateMs) || new Date(dateMs).toISOString().replace(/\.\d{3}Z$/, 'Z') !== date) {
    return fail(RpcErrors.timestampFormat(date));
  }
  if (Math.abs(now - dateMs) > ACS3_WINDOW_MS) return fail(RpcErrors.timestampExpired(date));
  const account = accounts.byAccessKeyId(auth.accessKeyId);
  if (account === undefined) return fail(RpcErrors.accessKeyNotFound());
  if (request.headers['x-acs-content-sha256'] !== sha256Hex(request.body)) {
    return fail(RpcErrors.signatureMismatch('x-acs-content-sha256 does not match the request body.'));
  }
  let expected: { signature: string; stringToSign: string };
  try {
    expected = signAcs3(
      toSignable(request),
      { accessKeyId: account.accessKeyId, accessKeySecret: account.secret },
      { signedHeaders: auth.signedHeaders },
    );
  } catch {
    return fail(RpcErrors.signatureMismatch('The signed headers cannot be read from the request.'));
  }
  // The real gateway echoes its string to sign (a hash, no secret); clients must not pass it on.
  if (!signaturesEqual(expected.signature, auth.signature)) {
    return fail(RpcErrors.signatureMismatch(`server string to sign is:${expected.stringToSign}`));
  }
  if (!nonces.claim(account.accessKeyId, request.headers['x-acs-signature-nonce'] as string, now)) {
    return fail(RpcErrors.nonceUsed());
  }
  return { ok: true, account };
}

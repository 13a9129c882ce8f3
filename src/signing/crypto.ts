import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Lower-case hex SHA-256 of `data` (64 characters). A string is hashed as its UTF-8 bytes.
 * Use it for body digests such as Alibaba's `x-acs-content-sha256` header.
 */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** HMAC-SHA256 of `data` (UTF-8 when a string) under `key`, as 32 raw bytes. */
export function hmacSha256(key: string | Uint8Array, data: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/**
 * Compares two signatures (or any two strings) in time that depends on neither their content nor
 * where they differ, for verifiers. Both sides are hashed first, so unequal lengths are safe to pass
 * and leak nothing beyond "not equal".
 */
export function signaturesEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

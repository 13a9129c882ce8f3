import { createHash } from 'node:crypto';

import { ServiceError } from '../../errors/service-error';
import { MAX_PAGE_SIZE } from '../../providers/provider';

/**
 * Opaque cursors over offset paging. A cursor carries the offset of the next task, a fingerprint of the
 * filter and order it was issued for (so that it cannot be replayed against another listing), and a check
 * digest over both, so that a cursor edited by hand (its offset rewritten, a character changed) is refused
 * instead of silently paging from somewhere else. The digest is not keyed: offsets are not secret (paging
 * reaches every one), and an unkeyed check keeps cursors valid across restarts and replicas.
 */
export function encodeCursor(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint, c: cursorCheck(offset, fingerprint) })).toString('base64url');
}

function cursorCheck(offset: number, fingerprint: string): string {
  return listingFingerprint(['cursor', offset, fingerprint]);
}

/** The offset a cursor points at; BAD_USER_INPUT when malformed or issued for another query. */
export function decodeCursor(cursor: string, fingerprint: string): number {
  let parsed: unknown;
  try {
    parsed = cursor.length <= 200 ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined;
  } catch {
    parsed = undefined;
  }
  const p = parsed as { o?: unknown; f?: unknown; c?: unknown } | undefined;
  if (!p || typeof p.o !== 'number' || !Number.isSafeInteger(p.o) || p.o < 0 || typeof p.f !== 'string' || p.c !== cursorCheck(p.o, p.f)) {
    throw ServiceError.badInput('Invalid cursor: expected a cursor returned by this listing in pageInfo.endCursor');
  }
  if (p.f !== fingerprint) {
    throw ServiceError.badInput('Invalid cursor: it was issued for a different filter or order');
  }
  return p.o;
}

/** A short stable fingerprint of a listing's filter and order. */
export function listingFingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}

/** Validates `first`: an integer from 1 to MAX_PAGE_SIZE. */
export function validatePageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw ServiceError.badInput(`Invalid page size: expected "first" from 1 to ${MAX_PAGE_SIZE}, but got ${first}`);
  }
  return first;
}

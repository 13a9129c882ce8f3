import { createHash, timingSafeEqual } from 'node:crypto';

import type { TenantRuntime } from '../tenancy/tenant-runtime';

/**
 * Finds the tenant of an API key. Keys are compared as SHA-256 digests with `timingSafeEqual`
 * against every configured key, so neither the key's length nor how much of it matched leaks
 * through timing. In demo mode (auth off) every caller is the single demo tenant.
 */
export class Authenticator {
  private readonly keys: ReadonlyArray<{ readonly digest: Buffer; readonly tenant: TenantRuntime }>;

  constructor(
    tenants: Iterable<TenantRuntime>,
    /** When false, `authenticate` returns `anonymousTenant` for any caller. */
    private readonly enabled: boolean,
    private readonly anonymousTenant?: TenantRuntime,
  ) {
    const keys: Array<{ digest: Buffer; tenant: TenantRuntime }> = [];
    for (const t of tenants) for (const k of t.config.apiKeys) keys.push({ digest: digest(k), tenant: t });
    this.keys = keys;
  }

  /**
   * The tenant for an `Authorization` value (`Bearer <key>`), or undefined when the value is
   * missing, malformed or names no tenant.
   */
  authenticate(authorization: unknown): TenantRuntime | undefined {
    if (!this.enabled) return this.anonymousTenant;
    if (typeof authorization !== 'string' || authorization.length > 1024) return undefined;
    const m = /^Bearer ([\x21-\x7e]+)$/i.exec(authorization.trim());
    if (!m) return undefined;
    const d = digest(m[1]!);
    let found: TenantRuntime | undefined;
    // No early exit: every key is compared whatever matches.
    for (const k of this.keys) if (timingSafeEqual(k.digest, d)) found = k.tenant;
    return found;
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

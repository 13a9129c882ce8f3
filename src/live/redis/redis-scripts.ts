import type { Result } from 'ioredis';

/** The lease scripts, run atomically in Redis (the budget's script is in quota/redis-budget.ts). */

/** KEYS[1] lease key; ARGV[1] owner id, ARGV[2] lease ms. Renews if we own it; 1 = held, 0 = lost. */
export const RENEW_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

/** KEYS[1] lease key; ARGV[1] owner id. Deletes the lease only if we own it. */
export const RELEASE_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    renewLease(key: string, owner: string, leaseMs: string): Result<number, Context>;
    releaseLease(key: string, owner: string): Result<number, Context>;
  }
}

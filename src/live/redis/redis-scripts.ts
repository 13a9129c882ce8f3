/**
 * Lua scripts run atomically in Redis. Times come from Redis's own clock (`TIME`) so that replicas
 * with skewed clocks still agree.
 */

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

/**
 * KEYS[1] the budget's next-start key; ARGV[1] gap between starts, ms (may be fractional).
 * Reserves the next start slot of the shared budget and returns how many ms to wait for it
 * (0 = start now). Slots are evenly spaced, as in RateBudget, so no one-second window holds more
 * than the quota whichever replica makes the call.
 */
export const RESERVE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nxt)
local gap = tonumber(ARGV[1])
redis.call('SET', KEYS[1], tostring(slot + gap), 'PX', math.ceil(gap * 2 + 60000))
return math.ceil(slot - now)`;

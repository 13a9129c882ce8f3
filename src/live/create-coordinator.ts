import type { Config } from '../config/config';
import type { Logger } from '../logging/logger';
import type { Clock } from '../time/clock';
import type { Coordinator } from './coordinator';
import { LocalCoordinator } from './local-coordinator';
import { RedisCoordinator } from './redis/redis-coordinator';

/**
 * The coordinator for the configuration: Redis when `redis.url` is set (distributed mode), else
 * local. With Redis it waits up to `redis.connectTimeoutMs` for the connection and otherwise starts
 * degraded (and joins the cluster when Redis appears). The caller owns it.
 */
export async function createCoordinator(config: Config, clock: Clock, logger: Logger): Promise<Coordinator> {
  if (!config.redis) return new LocalCoordinator(clock);
  const coordinator = new RedisCoordinator({
    url: config.redis.url,
    leaseMs: config.redis.leaseMs,
    keyPrefix: config.redis.keyPrefix,
    latestTtlMs: config.cache.terminalMs,
    commandTimeoutMs: config.redis.commandTimeoutMs,
    clock,
    logger,
  });
  await coordinator.ready(config.redis.connectTimeoutMs);
  return coordinator;
}

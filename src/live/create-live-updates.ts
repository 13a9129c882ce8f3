import type { Config } from '../config/config';
import type { TaskCache } from '../loading/task-cache';
import type { Logger } from '../logging/logger';
import type { Clock } from '../time/clock';
import type { CompletionEstimator } from './completion-estimator';
import type { Coordinator } from './coordinator';
import { LiveUpdatesEngine } from './live-updates-engine';
import { LocalCoordinator } from './local-coordinator';
import { RedisCoordinator } from './redis/redis-coordinator';

/** What the live-updates engine is built from. */
export interface LiveUpdatesDeps {
  readonly config: Config;
  readonly cache: TaskCache;
  readonly estimator: CompletionEstimator;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly coordinator: Coordinator;
}

/**
 * The coordinator for the configuration: Redis when `redis.url` is set (distributed mode), else
 * local. With Redis it waits up to `redis.connectTimeoutMs` for the connection and otherwise starts
 * degraded (and joins the cluster when Redis appears).
 */
export async function createCoordinator(config: Config, clock: Clock, logger: Logger): Promise<Coordinator> {
  if (!config.redis) return new LocalCoordinator(clock);
  const coordinator = new RedisCoordinator({
    url: config.redis.url,
    leaseMs: config.redis.leaseMs,
    keyPrefix: config.redis.keyPrefix,
    latestTtlMs: config.cache.terminalMs,
    clock,
    logger,
  });
  await coordinator.ready(config.redis.connectTimeoutMs);
  return coordinator;
}

/** Creates the live-updates engine for subscriptions over the given coordinator. */
export function createLiveUpdates(deps: LiveUpdatesDeps): LiveUpdatesEngine {
  const leaseMs = deps.config.redis?.leaseMs ?? 0;
  return new LiveUpdatesEngine({ ...deps, polling: deps.config.polling, leaseMs });
}

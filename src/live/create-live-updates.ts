import type { Config } from '../config/config';
import type { TaskCache } from '../loading/task-cache';
import type { Logger } from '../logging/logger';
import type { Clock } from '../time/clock';
import type { CompletionEstimator } from './completion-estimator';
import { InMemoryLiveUpdates } from './in-memory-live-updates';
import type { LiveUpdates } from './live-updates';
import { InMemoryPubSub } from './pubsub';

/** What the live-updates engine is built from. */
export interface LiveUpdatesDeps {
  readonly config: Config;
  readonly cache: TaskCache;
  readonly estimator: CompletionEstimator;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Creates the live-updates engine for subscriptions (in-memory: one process). */
export function createLiveUpdates(deps: LiveUpdatesDeps): LiveUpdates {
  return new InMemoryLiveUpdates(new InMemoryPubSub(), { ...deps, polling: deps.config.polling });
}

import type { Config } from '../config/config';
import { ErrorCode } from '../errors/error-code';
import { ServiceError } from '../errors/service-error';
import type { TaskCache } from '../loading/task-cache';
import type { Logger } from '../logging/logger';
import type { Clock } from '../time/clock';
import type { LiveUpdates } from './live-updates';

/** What the live-updates engine is built from. */
export interface LiveUpdatesDeps {
  readonly config: Config;
  readonly cache: TaskCache;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Creates the live-updates engine for subscriptions. */
export function createLiveUpdates(_deps: LiveUpdatesDeps): LiveUpdates {
  return {
    watch() {
      throw new ServiceError(ErrorCode.UNSUPPORTED_OPERATION, 'Live subscriptions are not available yet');
    },
    async dispose() {},
  };
}

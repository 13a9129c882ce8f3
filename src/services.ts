import type { Config } from './config/config';
import type { HttpClient } from './http/http-client';
import type { CompletionEstimator } from './live/completion-estimator';
import type { TaskCache } from './loading/task-cache';
import type { Logger } from './logging/logger';
import type { TenantRuntime } from './tenancy/tenant-runtime';
import type { Clock } from './time/clock';
import type { LiveUpdates } from './live/live-updates';

/** Process-wide services, created once at start-up and disposed in order at shutdown. */
export interface Services {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly http: HttpClient;
  /** Tenant id to runtime. */
  readonly tenants: ReadonlyMap<string, TenantRuntime>;
  readonly cache: TaskCache;
  readonly estimator: CompletionEstimator;
  readonly live: LiveUpdates;
}

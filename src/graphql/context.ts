import type { Span } from '@opentelemetry/api';

import type { CallOrigin } from '../observability/trace';
import type { TaskService } from '../tasks/task-service';
import type { TenantRuntime } from '../tenancy/tenant-runtime';

/** Per-operation state: built anew for every HTTP request and every WebSocket operation. */
export interface GraphQLContext {
  /** The authenticated tenant: whether it configures a provider, its budgets and health. */
  readonly tenant: TenantRuntime;
  /** The tenant's export tasks, through this operation's loader: the only way resolvers reach a provider. */
  readonly tasks: TaskService;
  /**
   * Correlates log lines of this operation: the caller's `x-request-id` when it sent a safe one, else a
   * fresh UUID (src/server/request-id.ts); sent back as `x-request-id`.
   */
  readonly requestId: string;
  /** The operation's SERVER span, while tracing. */
  readonly span?: Span | undefined;
}

/** Who an operation is, as its transport knows it before it runs: its request id and, while tracing, its span. */
export interface OperationOrigin extends CallOrigin {
  readonly requestId: string;
}

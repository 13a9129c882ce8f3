import type { TaskService } from '../tasks/task-service';
import type { TenantRuntime } from '../tenancy/tenant-runtime';

/** Per-operation state: built anew for every HTTP request and every WebSocket operation. */
export interface GraphQLContext {
  /** The authenticated tenant: whether it configures a provider, its budgets and health. */
  readonly tenant: TenantRuntime;
  /** The tenant's export tasks, through this operation's loader: the only way resolvers reach a provider. */
  readonly tasks: TaskService;
  /** Correlates log lines of this operation. */
  readonly requestId: string;
}

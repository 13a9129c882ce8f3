import type { DocumentNode } from 'graphql';

import { ErrorCode } from '../../errors/error-code';
import { taskIdsInOperation } from '../../graphql/task-ids-in-operation';
import type { RateDecision } from '../../quota/tenant-rate-limiter';

/** The bounds on the task ids of one operation. */
export interface TaskIdLimit {
  /** Most ids one operation may name (`limits.idsPerOperation`). */
  readonly perOperation: number;
  /** Takes the ids from the tenant's incoming rate limit. */
  readonly take: (tenantId: string, ids: number) => Promise<RateDecision>;
}

/** Why an operation is refused: its error's message and code, and the HTTP status it answers with. */
export interface Refusal {
  readonly message: string;
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryAfterSeconds?: number;
}

/**
 * Admits an operation by the task ids it names (counted over fields, aliases, fragments and
 * `_entities`, before it runs, so an operation over too many ids reaches no provider at all): why it is
 * refused, or undefined. The same rule for HTTP and WebSocket operations.
 */
export async function admitTaskIds(
  limit: TaskIdLimit,
  tenantId: string,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
): Promise<Refusal | undefined> {
  const ids = taskIdsInOperation(document, operationName, variables);
  if (ids > limit.perOperation) {
    return {
      message:
        `Too many task ids: this operation names ${ids}, and one operation may name at most ${limit.perOperation} ` +
        '(counted over its fields, aliases, fragments and _entities representations)',
      code: ErrorCode.BAD_USER_INPUT,
      status: 400,
    };
  }
  // An operation over one id is bounded by the operations limit already (the ids limit is ten times it by
  // default): only operations over several ids take from the ids window, sparing the common single read
  // a second limiter call.
  if (ids <= 1) return undefined;
  const decision = await limit.take(tenantId, ids);
  if (decision.allowed) return undefined;
  return { message: decision.message, code: ErrorCode.RATE_LIMITED, status: 429, retryAfterSeconds: decision.retryAfterSeconds };
}

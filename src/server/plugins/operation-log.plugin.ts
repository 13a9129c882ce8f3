import { performance } from 'node:perf_hooks';

import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';

import { ErrorCode } from '../../errors/error-code';
import type { GraphQLContext, OperationOrigin } from '../../graphql/context';
import type { Logger } from '../../logging/logger';
import type { OperationOutcome, ServiceMetrics } from '../../observability/service-metrics';
import { describeOperation } from '../../observability/trace';
import { OperationLogPolicy } from './operation-log-policy';

/**
 * One log line and one metric per GraphQL operation over HTTP: operation name, type, outcome and
 * duration, with the operation's `requestId` (from its context; `app.ts:route` sends it back as the
 * `x-request-id` response header, so a caller can quote it), and the same on its span while tracing.
 * Errors are listed by code only: their messages are in the error responses (and `formatError` logs
 * the internal ones). The streaming transports write their lines with `OperationRecord`.
 */
export function operationLogPlugin(
  metrics: ServiceMetrics,
  logger: Logger,
  policy: OperationLogPolicy = new OperationLogPolicy(),
): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse(rc) {
          const seconds = (performance.now() - started) / 1000;
          const { outcome, codes } = outcomeOf(rc);
          const ended = { name: rc.operationName ?? null, type: rc.operation?.operation ?? null, outcome, codes, seconds };
          recordOperation(metrics, logger, policy, contextValue.tenant.id, contextValue, ended);
        },
      };
    },
  };
}

/**
 * The same metric, span attributes and log line for an operation answered from the response cache (it
 * never reaches Apollo): an `ok` query, with `cached: true` on its line.
 */
export function cachedAnswerRecorder(
  metrics: ServiceMetrics,
  logger: Logger,
  policy: OperationLogPolicy,
): (tenant: { readonly id: string }, origin: OperationOrigin, name: string | null, seconds: number) => void {
  return (tenant, origin, name, seconds) =>
    recordOperation(metrics, logger, policy, tenant.id, origin, { name, type: 'query', outcome: 'ok', codes: [], seconds, cached: true });
}

/** How one plain-HTTP operation ended. */
interface EndedOperation {
  readonly name: string | null;
  readonly type: string | null;
  readonly outcome: OperationOutcome;
  readonly codes: readonly string[];
  readonly seconds: number;
  /** Answered from the response cache. */
  readonly cached?: boolean;
}

/** The operation's metric, its span's attributes, and its `graphql operation` line at the level `policy` gives it. */
function recordOperation(
  metrics: ServiceMetrics,
  logger: Logger,
  policy: OperationLogPolicy,
  tenantId: string,
  origin: OperationOrigin,
  op: EndedOperation,
): void {
  const { name, type, outcome, codes, seconds } = op;
  metrics.operation(name, type, outcome, seconds);
  describeOperation(origin.span, { name, type, outcome, codes });
  const { level, skipped } = policy.levelOf(outcome, seconds);
  if (!logger.isLevelEnabled(level)) return;
  logger[level](
    {
      requestId: origin.requestId,
      tenant: tenantId,
      transport: 'http',
      operation: name,
      type,
      outcome,
      durationMs: Math.round(seconds * 10_000) / 10,
      ...(codes.length > 0 ? { errorCodes: codes } : {}),
      ...(op.cached ? { cached: true } : {}),
      ...(skipped > 0 ? { skippedOk: skipped } : {}),
    },
    'graphql operation',
  );
}

function outcomeOf(rc: GraphQLRequestContextWillSendResponse<GraphQLContext>): { outcome: OperationOutcome; codes: string[] } {
  const body = rc.response.body;
  const result = body.kind === 'single' ? body.singleResult : body.initialResult;
  const errors = result.errors ?? [];
  if (errors.length === 0) return { outcome: 'ok', codes: [] };
  const codes = [...new Set(errors.map((e) => String(e.extensions?.['code'] ?? ErrorCode.INTERNAL_SERVER_ERROR)))];
  const hasData = result.data !== undefined && result.data !== null;
  return { outcome: hasData ? 'partial' : 'error', codes };
}

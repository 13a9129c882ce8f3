import { execute, type GraphQLError } from 'graphql';

import type { PreparedOperation } from '../operation-preparer';
import type { OperationRecord } from '../operation-record';
import { frameOf, type FrameSink, type SharedSubscriptionEvents } from '../shared-subscription-events';

/**
 * Runs an operation of an HTTP streaming transport (SSE, multipart) to its end, each result sent to
 * `sink` in the transport's framing: a subscription's events as they come (executed and serialized once
 * per share key for all transports: `SharedSubscriptionEvents`), a query's one result, or, for an
 * operation the preparer refused, one result with its errors.
 * Resolves when the operation is over: its source completed, or `signal` aborted (the client went away
 * or cancelled it), whichever comes first; a subscription's stream is released either way.
 */
export async function runOperation(
  shared: SharedSubscriptionEvents,
  operation: PreparedOperation | readonly GraphQLError[],
  sink: FrameSink,
  /** What the payload depends on beyond the event and the operation: the tenant. */
  scope: string,
  signal: AbortSignal,
  /** Told of a query's result (its errors), for the operation's log line and span. */
  record?: OperationRecord,
): Promise<void> {
  if (isRefusal(operation)) {
    await send(sink, shared.serialize({ errors: operation }));
    return;
  }
  const { args } = operation;
  if (operation.kind !== 'subscription') {
    const result = await execute(args);
    record?.result(result.errors, result.data != null);
    await send(sink, shared.serialize(result));
    return;
  }
  shared.bind(args, sink, scope);
  const outcome = await shared.subscribe(args);
  if (!(Symbol.asyncIterator in outcome)) {
    // Refused before any stream started (an unconfigured provider, the watched-task bound): one result.
    record?.result(outcome.errors, outcome.data != null);
    await send(sink, shared.serialize(outcome));
    return;
  }
  const stop = () => void outcome.return?.();
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  try {
    // A bound subscription writes its own frames: its iterator yields nothing until the source completes.
    while (!(await outcome.next()).done);
  } finally {
    signal.removeEventListener('abort', stop);
    await outcome.return?.();
  }
}

async function send(sink: FrameSink, payload: Buffer): Promise<void> {
  await sink.send(frameOf(sink, payload));
}

function isRefusal(operation: PreparedOperation | readonly GraphQLError[]): operation is readonly GraphQLError[] {
  return Array.isArray(operation);
}

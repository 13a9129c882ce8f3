import type { ExportTaskState } from '../../domain/export-task';
import type { TaskRef } from '../../domain/task-ref';
import type { ErrorCode } from '../../errors/error-code';
import { ServiceError } from '../../errors/service-error';
import type { TaskEvent } from '../task-event';

/** A task event on the wire between replicas: the replica that sent it, the state, the error as plain data. */
interface WireEvent {
  /** The sending replica: it delivered the event to its own subscribers already. */
  readonly o: string;
  readonly state: ExportTaskState | null;
  readonly error: WireError | null;
  readonly final: boolean;
}

interface WireError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly provider?: string | undefined;
  readonly providerCode?: string | undefined;
  readonly requestId?: string | undefined;
  readonly retryable: boolean;
}

/** The JSON of `event` as `origin` publishes it (the task is the topic's, so it is not sent). */
export function encodeEvent(event: TaskEvent, origin: string): string {
  const e = event.error;
  const error: WireError | null = e
    ? {
        code: e.code,
        message: e.message,
        provider: e.provider?.provider,
        providerCode: e.provider?.providerCode,
        requestId: e.provider?.requestId,
        retryable: e.retryable,
      }
    : null;
  const wire: WireEvent = { o: origin, state: event.state, error, final: event.final };
  return JSON.stringify(wire);
}

/**
 * The event of a message on `task`'s topic, with the replica that sent it; undefined when the message
 * is not one (another version's format): it is dropped rather than delivered half-understood.
 */
export function decodeEvent(message: string, task: TaskRef): { readonly origin: string; readonly event: TaskEvent } | undefined {
  let wire: Partial<WireEvent>;
  try {
    wire = JSON.parse(message) as Partial<WireEvent>;
  } catch {
    return undefined;
  }
  if (typeof wire !== 'object' || wire === null || typeof wire.o !== 'string' || typeof wire.final !== 'boolean') return undefined;
  const e = wire.error;
  const error = e
    ? new ServiceError(e.code, e.message, {
        provider: task.provider,
        providerCode: e.providerCode,
        requestId: e.requestId,
        retryable: e.retryable,
      })
    : null;
  return { origin: wire.o, event: { task, state: wire.state ?? null, error, final: wire.final } };
}

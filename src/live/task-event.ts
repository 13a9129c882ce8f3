import type { ErrorCode } from '../errors/error-code';
import { ServiceError } from '../errors/service-error';
import type { ExportTaskState } from '../providers/export-task';
import type { ProviderId } from '../providers/provider-id';

/** A task event as it travels on a topic: the state or error of one read, and whether it is the last. */
export interface TaskEvent {
  readonly state: ExportTaskState | null;
  readonly error: SerializedError | null;
  readonly final: boolean;
}

/** A `ServiceError` as plain data. */
export interface SerializedError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly provider: ProviderId;
  readonly providerCode?: string | undefined;
  readonly requestId?: string | undefined;
  readonly retryable: boolean;
}

/** The topic of a (tenant, task): the tenant is always part of it. */
export function taskTopic(tenantId: string, provider: ProviderId, providerTaskId: string): string {
  return `task:${tenantId}:${provider}:${providerTaskId}`;
}

/** Plain data of an error about `provider`. */
export function serializeError(e: ServiceError, provider: ProviderId): SerializedError {
  return {
    code: e.code,
    message: e.message,
    provider: e.provider?.provider ?? provider,
    providerCode: e.provider?.providerCode,
    requestId: e.provider?.requestId,
    retryable: e.provider?.retryable ?? false,
  };
}

/** The `ServiceError` back from plain data. */
export function deserializeError(e: SerializedError): ServiceError {
  return new ServiceError(e.code, e.message, {
    provider: e.provider,
    providerCode: e.providerCode,
    requestId: e.requestId,
    retryable: e.retryable,
  });
}

/**
 * Whether two observations differ in anything a subscriber cares about: every field but
 * `observedAt` and `requestId` (CONTRACT.md section 3).
 */
export function stateChanged(a: ExportTaskState, b: ExportTaskState): boolean {
  for (const key of Object.keys(b) as Array<keyof ExportTaskState>) {
    if (key === 'observedAt' || key === 'requestId') continue;
    if (a[key] !== b[key]) return true;
  }
  return false;
}

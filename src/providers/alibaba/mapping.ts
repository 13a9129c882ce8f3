import { echo, isAlibabaTaskId } from '../task-id';
import type { WireObject } from '../common/wire';

/** Keys whose integer values are kept as exact decimal strings in Alibaba bodies. */
export const ALIBABA_INT64_KEYS: ReadonlySet<string> = new Set(['Id', 'ExportId', 'RoleFor', 'ResourceDirectoryAccountId']);

/**
 * Checks the int64 `key` (e.g. `Id`) of an Alibaba body against the id asked for. Absent is accepted
 * (the field is informational); present, it must be that id exactly, as an exact decimal string (a bare
 * JSON number is read losslessly) or a safe JS integer.
 * @throws ServiceError `PROVIDER_BAD_RESPONSE` when it is another id or not an id at all.
 */
export function checkAlibabaId(body: WireObject, key: string, expected: string): void {
  const value = body.raw[key];
  if (value === undefined || value === null) return;
  const id = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof id !== 'string') throw body.wrong(key, 'an int64 task id', value);
  if (!isAlibabaTaskId(id)) throw body.wrongContent(key, 'an int64 task id', id);
  if (id !== expected) throw body.bad(`expected ${key} to be the id asked for, "${expected}", but got ${echo(id)}`);
}

/** Progress clamped to 0..100; `null` stays `null`. */
export function clampPercent(value: number | null): number | null {
  return value === null ? null : Math.min(100, Math.max(0, value));
}

/** What an Alibaba mapping needs besides the body. */
export interface AlibabaMapContext {
  /** The id asked for; the state carries it verbatim. */
  readonly providerTaskId: string;
  /** Epoch ms when the response arrived. */
  readonly observedAt: number;
  /** Fallback request id (the `x-acs-request-id` header) when the body has none. */
  readonly requestId?: string | undefined;
}

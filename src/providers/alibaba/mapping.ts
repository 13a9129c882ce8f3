import type { ExportStatus, ExportTaskState } from '../../domain/export-task';
import { ExportStatus as Status } from '../../domain/export-task';
import { echo } from '../../errors/echo';
import type { WireObject } from '../common/wire';
import { isInt64Decimal } from './int64';

/** Keys whose integer values are kept as exact decimal strings in Alibaba bodies. */
export const ALIBABA_INT64_KEYS: ReadonlySet<string> = new Set(['Id', 'ExportId', 'RoleFor', 'ResourceDirectoryAccountId']);

/** The success fields both Alibaba export APIs share (`DescribeExportInfo`, `GetExportTask`). */
export interface AlibabaExportFields {
  readonly RequestId?: string;
  /** int64; a bare JSON number is read as an exact decimal string. */
  readonly Id?: string | number;
  readonly ExportStatus: string;
  /** Percent, 0..100. */
  readonly Progress?: number;
  readonly FileName?: string;
  /** Download URL once done. */
  readonly Link?: string;
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

/**
 * The body with the request id its errors report: the body's own `RequestId`, else the header's.
 * @throws ServiceError `PROVIDER_BAD_RESPONSE` when `RequestId` is not a string.
 */
export function alibabaRoot<W extends AlibabaExportFields>(body: WireObject<W>, ctx: AlibabaMapContext): WireObject<W> {
  const shared: WireObject<AlibabaExportFields> = body;
  return body.withRequestId(shared.string('RequestId') ?? ctx.requestId);
}

/**
 * The state both Alibaba products report the same way, the product's own fields `null`, from a body
 * with its request id (`alibabaRoot`): `ExportStatus`
 * is required and mapped by `mapStatus`; `Id`, when present, must be the id asked for; a `success`
 * task reports progress 100 whatever `Progress` says (the documentation's own sample pairs `success`
 * with 16), otherwise `Progress` clamped to 0..100, or null.
 * @throws ServiceError `PROVIDER_BAD_RESPONSE`.
 */
export function mapAlibabaExport(
  root: WireObject<AlibabaExportFields>,
  ctx: AlibabaMapContext,
  provider: 'alibaba-sas' | 'alibaba-siem',
  mapStatus: (raw: string) => ExportStatus,
): ExportTaskState {
  const providerStatus = root.requiredString('ExportStatus');
  checkAlibabaId(root, ctx.providerTaskId);
  const status = mapStatus(providerStatus);
  const progress = clampPercent(root.number('Progress'));
  return {
    provider,
    providerTaskId: ctx.providerTaskId,
    status,
    providerStatus,
    progress: status === Status.SUCCEEDED ? 100 : progress,
    fileName: root.string('FileName'),
    downloadUrl: root.string('Link'),
    exportType: null,
    exportedCount: null,
    totalCount: null,
    message: null,
    failureReason: null,
    errorCode: null,
    downloaded: null,
    createdAt: null,
    finishedAt: null,
    observedAt: ctx.observedAt,
    requestId: root.string('RequestId') ?? ctx.requestId ?? null,
  };
}

/**
 * Checks the int64 `Id` of an Alibaba body against the id asked for. Absent is accepted (the field is
 * informational); present, it must be that id exactly, as an exact decimal string (a bare JSON number
 * is read losslessly) or a safe JS integer.
 * @throws ServiceError `PROVIDER_BAD_RESPONSE` when it is another id or not an id at all.
 */
function checkAlibabaId(body: WireObject<AlibabaExportFields>, expected: string): void {
  const value = body.value('Id');
  if (value === undefined || value === null) return;
  const id = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof id !== 'string') throw body.wrong('Id', 'an int64 task id', value);
  if (!isInt64Decimal(id)) throw body.wrongContent('Id', 'an int64 task id', id);
  if (id !== expected) throw body.bad(`expected Id to be the id asked for, "${expected}", but got ${echo(id)}`);
}

/** Progress clamped to 0..100; `null` stays `null`. */
function clampPercent(value: number | null): number | null {
  return value === null ? null : Math.min(100, Math.max(0, value));
}

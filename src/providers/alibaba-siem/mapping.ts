import { ExportStatus, type ExportTaskState } from '../../domain/export-task';
import { type AlibabaMapContext, alibabaRoot, mapAlibabaExport } from '../alibaba/mapping';
import type { WireObject } from '../common/wire';
import { SIEM_EXPORT_STATUSES, type SiemExportStatus, type SiemExportTaskResponse } from './types';

/** `exporting` → RUNNING, `success` → SUCCEEDED; anything else UNKNOWN (kept verbatim in providerStatus). */
export function mapSiemStatus(raw: string): ExportStatus {
  if (!isSiemStatus(raw)) return ExportStatus.UNKNOWN;
  switch (raw) {
    case 'exporting':
      return ExportStatus.RUNNING;
    case 'success':
      return ExportStatus.SUCCEEDED;
    default: {
      const unreachable: never = raw;
      return unreachable;
    }
  }
}

// Epoch ms as digits; 16 digits reach year 2286, far enough and still exact in a JS number.
const EPOCH_MS = /^[0-9]{1,16}$/;

/**
 * Maps a `GetExportTask` success body: the shared Alibaba fields (`mapAlibabaExport`), plus `ExportType`
 * and `GmtCreate` (epoch ms, a string on the wire, a number tolerated) as `createdAt`.
 * @throws ServiceError `PROVIDER_BAD_RESPONSE`.
 */
export function mapSiemResponse(body: WireObject<SiemExportTaskResponse>, ctx: AlibabaMapContext): ExportTaskState {
  const root = alibabaRoot(body, ctx);
  const state = mapAlibabaExport(root, ctx, 'alibaba-siem', mapSiemStatus);
  return { ...state, exportType: root.string('ExportType'), createdAt: gmtCreate(root) };
}

function gmtCreate(body: WireObject<SiemExportTaskResponse>): number | null {
  const value = body.value('GmtCreate');
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && EPOCH_MS.test(value)) return Number(value);
  throw body.wrong('GmtCreate', 'epoch milliseconds as a string of digits', value);
}

function isSiemStatus(value: string): value is SiemExportStatus {
  return (SIEM_EXPORT_STATUSES as readonly string[]).includes(value);
}

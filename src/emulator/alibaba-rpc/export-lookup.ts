import { actingAccountId } from '../accounts';
import { type SimulatedTask, taskStateAt } from '../task-simulation';
import { type RpcError, RpcErrors } from './rpc-envelope';
import type { RpcCall } from './rpc-handler';
import { canonicalInt64 } from './rpc-params';

/** How a product names the member account a caller may act for, and how it refuses. */
export interface MemberAccountParam {
  /** `ResourceDirectoryAccountId` (SAS) or `RoleFor` (SIEM). */
  readonly name: string;
  /** The answer when the caller may not act for that account. */
  readonly refusal: RpcError;
}

/**
 * The export task a call asks for: `ExportId` must be a decimal int64 (400 `MissingExportId` /
 * `InvalidParameter`), the optional member-account parameter an int64 the caller may act for, and the task
 * must belong to the account acted for, else 404 with `call.unknownTaskCode` (default `ExportTaskNotExist`).
 */
export function lookupExport(call: RpcCall, member: MemberAccountParam): { task: SimulatedTask } | { error: RpcError } {
  const rawId = call.params.get('ExportId');
  if (rawId === undefined || rawId === '') return { error: RpcErrors.missingParameter('ExportId') };
  const id = canonicalInt64(rawId);
  if (id === undefined) return { error: RpcErrors.invalidParameter('ExportId', 'a decimal int64', rawId) };
  const rawMember = call.params.get(member.name);
  let memberId: string | undefined;
  if (rawMember !== undefined) {
    memberId = canonicalInt64(rawMember);
    if (memberId === undefined) return { error: RpcErrors.invalidParameter(member.name, 'a decimal int64', rawMember) };
  }
  const owner = actingAccountId(call.caller, memberId);
  if (owner === undefined) return { error: member.refusal };
  const task = call.task(id);
  if (task === undefined || task.accountId !== owner) return { error: RpcErrors.exportNotFound(id, call.unknownTaskCode) };
  return { task };
}

/** A task in Alibaba's vocabulary: `init`/`exporting`/`success` and an integer percentage. */
export interface AlibabaExportState {
  readonly status: string;
  /** Whole percent, 0..100. */
  readonly progress: number;
  /** True once the file is ready (a download link exists). */
  readonly ready: boolean;
  /** When the task (for a repeating task: its current run) was created, epoch ms. */
  readonly createdAt: number;
}

/**
 * Renders the neutral state for SAS and SIEM. Neither documents a failure or expiry value: a failed task
 * stays `exporting` at 99% at most, an expired one stays `success`. `pendingStatus` is SAS `init`, SIEM
 * `exporting`. A spec's `rawStatus` replaces the status verbatim.
 */
export function alibabaExportState(task: SimulatedTask, now: number, pendingStatus: string): AlibabaExportState {
  const state = taskStateAt(task, now);
  const progress = Math.floor(state.progress);
  const render = (status: string, p: number, ready: boolean) => ({
    status: task.rawStatus ?? status,
    progress: p,
    ready,
    createdAt: state.createdAt,
  });
  switch (state.phase) {
    case 'pending':
      return render(pendingStatus, 0, false);
    case 'running':
      return render('exporting', progress, false);
    case 'failed':
      return render('exporting', Math.min(99, progress), false);
    case 'succeeded':
    case 'expired':
      return render('success', 100, true);
  }
}

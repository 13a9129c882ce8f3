import type { ExportTaskState } from '../../../../src/domain/export-task';
import type { TaskRef } from '../../../../src/domain/task-ref';
import type { ServiceError } from '../../../../src/errors/service-error';
import type { TaskSource } from '../../../../src/live/live-updates';
import type { ManualClock } from '../../../../src/time/clock';
import { taskState } from '../../../support/task-state';

/** What one read answers: a state (its fields over a running Tencent task) or a failure. */
export type Answer = Partial<ExportTaskState> | ServiceError;

/**
 * A tenant's task source whose reads answer from a script, one answer per read, the last one
 * repeating; every read is recorded with its simulated time.
 */
export function scriptedSource(clock: ManualClock, script: Answer[], tenantId = 'team-a') {
  const reads: Array<{ task: TaskRef; at: number; first: boolean; signal: AbortSignal }> = [];
  const source: TaskSource = {
    tenantId,
    async read(task, { first, signal }) {
      reads.push({ task, at: clock.now(), first, signal });
      const answer = script.length > 1 ? script.shift()! : script[0]!;
      if (answer instanceof Error) throw answer;
      return taskState({ providerTaskId: task.providerTaskId, observedAt: clock.now(), ...answer });
    },
    estimate: () => null,
  };
  return { source, reads, script };
}

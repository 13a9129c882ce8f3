import type { RecordedRequest, RequestStats } from './types';

/** A request being answered; its outcome is filled in once known. */
export interface OpenRecord {
  settle(outcome: string): void;
}

interface MutableRecord {
  readonly at: number;
  readonly accessKeyId: string | undefined;
  readonly path: string;
  readonly taskIds: readonly string[];
  outcome: string;
}

/** Records every request an emulator receives, at arrival, and its outcome once answered. */
export class RequestRecorder implements RequestStats {
  private records: MutableRecord[] = [];

  get requests(): readonly RecordedRequest[] {
    return this.records.map((r) => ({ ...r }));
  }

  total(): number {
    return this.records.length;
  }

  forTask(taskId: string): number {
    return this.records.filter((r) => r.taskIds.includes(taskId)).length;
  }

  reset(): void {
    this.records = [];
  }

  /** Records an arrival at `path` (as it arrived, prefix included) with outcome `pending`. */
  begin(at: number, accessKeyId: string | undefined, path: string, taskIds: readonly string[]): OpenRecord {
    const record: MutableRecord = { at, accessKeyId, path, taskIds: [...taskIds], outcome: 'pending' };
    this.records.push(record);
    return {
      settle: (outcome) => {
        record.outcome = outcome;
      },
    };
  }
}

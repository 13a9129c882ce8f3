import type { Clock } from '../time/clock';
import { DEFAULT_DURATION_MS, type SimulatedTask } from './task-simulation';
import type { EmulatedTaskSpec, TaskStore } from './types';

/** Checks a provider task id; returns what was expected (e.g. "a decimal int64") or undefined when valid. */
export type TaskIdRule = (id: string) => string | undefined;

const OUTCOMES: ReadonlySet<string> = new Set(['success', 'failure']);

/** The emulator's tasks, keyed by provider task id, in insertion order. */
export class InMemoryTaskStore implements TaskStore {
  private readonly tasks = new Map<string, SimulatedTask>();

  constructor(
    private readonly clock: Clock,
    private readonly idRule: TaskIdRule = () => undefined,
  ) {}

  add(spec: EmulatedTaskSpec): void {
    validateSpec(spec, this.idRule);
    if (this.tasks.has(spec.id)) {
      throw new Error(`EmulatedTaskSpec.id must be unique but got: "${spec.id}" twice; remove the first one`);
    }
    this.tasks.set(spec.id, { ...spec, createdAt: spec.createdAt ?? this.clock.now() });
  }

  remove(id: string): void {
    this.tasks.delete(id);
  }

  get(id: string): SimulatedTask | undefined {
    return this.tasks.get(id);
  }

  list(): readonly SimulatedTask[] {
    return [...this.tasks.values()];
  }
}

function validateSpec(spec: EmulatedTaskSpec, idRule: TaskIdRule): void {
  if (typeof spec.id !== 'string' || spec.id === '') {
    throw new Error(`EmulatedTaskSpec.id must be a non-empty string but got: ${JSON.stringify(spec.id)}`);
  }
  const expected = idRule(spec.id);
  if (expected !== undefined) throw new Error(`EmulatedTaskSpec.id must be ${expected} but got: "${spec.id}"`);
  if (typeof spec.accountId !== 'string' || spec.accountId === '') {
    throw new Error(`EmulatedTaskSpec.accountId must be a non-empty string but got: ${JSON.stringify(spec.accountId)}`);
  }
  for (const field of ['createdAt', 'startDelayMs', 'durationMs', 'expireAfterMs', 'totalCount'] as const) {
    const value = spec[field];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new Error(`EmulatedTaskSpec.${field} must be a finite number >= 0 but got: ${String(value)}`);
    }
  }
  if (spec.totalCount !== undefined && !Number.isInteger(spec.totalCount)) {
    throw new Error(`EmulatedTaskSpec.totalCount must be an integer but got: ${spec.totalCount}`);
  }
  const failedAt = spec.failedAtProgress;
  if (failedAt !== undefined && !(Number.isFinite(failedAt) && failedAt >= 0 && failedAt <= 100)) {
    throw new Error(`EmulatedTaskSpec.failedAtProgress must be a number from 0 to 100 but got: ${String(failedAt)}`);
  }
  const period = spec.repeatEveryMs;
  if (period !== undefined) {
    const run = (spec.startDelayMs ?? 0) + (spec.durationMs ?? DEFAULT_DURATION_MS);
    if (!(Number.isFinite(period) && period > run)) {
      throw new Error(
        `EmulatedTaskSpec.repeatEveryMs must be a finite number greater than startDelayMs + durationMs (${run}) but got: ${String(period)}`,
      );
    }
  }
  if (spec.outcome !== undefined && !OUTCOMES.has(spec.outcome)) {
    throw new Error(`EmulatedTaskSpec.outcome must be "success" or "failure" but got: ${JSON.stringify(spec.outcome)}`);
  }
}

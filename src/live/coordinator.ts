import type { TaskRef } from '../domain/task-ref';
import type { BudgetFactory } from '../quota/request-budget';
import type { TaskEvent } from './task-event';

/**
 * How this process coordinates live work with others:
 * - `local`: alone (no Redis configured): it polls every task it watches;
 * - `cluster`: Redis is reachable: one poller per (tenant, task) across replicas, by lease;
 * - `degraded`: Redis is configured but unreachable: it polls for its own subscribers within its
 *   local share of each budget until Redis returns.
 */
export type CoordinationMode = 'local' | 'cluster' | 'degraded';

/**
 * What the live engine needs from its environment, in one process or across replicas. Whoever creates
 * a coordinator disposes it (the app, after the live engine that uses it).
 */
export interface Coordinator {
  /** The current mode; changes are announced to `onModeChange` listeners. */
  readonly mode: CoordinationMode;
  /** Builds per-(tenant, provider) request budgets (shared across replicas in cluster mode); the caller owns each. */
  readonly budgets: BudgetFactory;
  /** Takes the lease of a topic if nobody holds it; true when this process holds it now. */
  tryLease(topic: string): Promise<boolean>;
  /** Extends a lease this process holds; false when it was lost. */
  renewLease(topic: string): Promise<boolean>;
  /** Gives a lease up (if held). */
  releaseLease(topic: string): Promise<void>;
  /** Sends an event to the other replicas' subscribers of the topic (this process delivered it already). */
  publish(topic: string, event: TaskEvent): Promise<void>;
  /** Receives the events other replicas publish on `task`'s topic; returns the unsubscribe function. */
  subscribe(topic: string, task: TaskRef, handler: (event: TaskEvent) => void): () => void;
  /** Stores the latest event of a topic for late joiners on any replica. */
  saveLatest(topic: string, event: TaskEvent): Promise<void>;
  /** The latest event of `task`'s topic, if stored. */
  loadLatest(topic: string, task: TaskRef): Promise<TaskEvent | null>;
  /** Called with the new mode on each change; returns the function that stops it. */
  onModeChange(listener: (mode: CoordinationMode) => void): () => void;
  /** Details for `/readyz`. */
  describe(): Record<string, unknown>;
  dispose(): Promise<void>;
}

import type { BudgetFactory } from '../tenancy/request-budget';
import type { PubSub } from './pubsub';

/**
 * How this process coordinates live work with others:
 * - `local`: alone (no Redis configured): it polls every task it watches;
 * - `cluster`: Redis is reachable: one poller per (tenant, task) across replicas, by lease;
 * - `degraded`: Redis is configured but unreachable: it polls for its own subscribers within its
 *   local share of each budget until Redis returns.
 */
export type CoordinationMode = 'local' | 'cluster' | 'degraded';

/** The pieces the live engine needs from its environment, in one process or across replicas. */
export interface Coordinator {
  /** The current mode; changes are announced to `onModeChange` listeners. */
  readonly mode: CoordinationMode;
  /** Where task events travel. */
  readonly pubsub: PubSub;
  /** Builds per-(tenant, provider) request budgets (shared across replicas in cluster mode). */
  readonly budgets: BudgetFactory;
  /** Takes the lease of a topic if nobody holds it; true when this process holds it now. */
  tryLease(topic: string): Promise<boolean>;
  /** Extends a lease this process holds; false when it was lost. */
  renewLease(topic: string): Promise<boolean>;
  /** Gives a lease up (if held). */
  releaseLease(topic: string): Promise<void>;
  /** Stores the latest event of a topic for late joiners on any replica. */
  saveLatest(topic: string, message: string): Promise<void>;
  /** The latest event of a topic, if stored. */
  loadLatest(topic: string): Promise<string | null>;
  /** Called with the new mode on each change. */
  onModeChange(listener: (mode: CoordinationMode) => void): () => void;
  /** Details for `/readyz`. */
  describe(): Record<string, unknown>;
  dispose(): Promise<void>;
}

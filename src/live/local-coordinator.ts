import type { Clock } from '../time/clock';
import { RateBudget } from '../tenancy/rate-budget';
import type { Coordinator } from './coordinator';
import { InMemoryPubSub } from './pubsub';

/** Coordination within a single process: every lease is ours, the budget is local, pub/sub in memory. */
export class LocalCoordinator implements Coordinator {
  readonly mode = 'local' as const;
  readonly pubsub = new InMemoryPubSub();

  constructor(private readonly clock: Clock) {}

  readonly budgets = (_tenant: string, _provider: string, rps: number) => new RateBudget(rps, this.clock);

  async tryLease(): Promise<boolean> {
    return true;
  }
  async renewLease(): Promise<boolean> {
    return true;
  }
  async releaseLease(): Promise<void> {}
  // A single process keeps the latest event in its channel; nothing to share.
  async saveLatest(): Promise<void> {}
  async loadLatest(): Promise<string | null> {
    return null;
  }
  onModeChange(): () => void {
    return () => undefined;
  }
  describe(): Record<string, unknown> {
    return { mode: this.mode };
  }
  async dispose(): Promise<void> {
    await this.pubsub.dispose();
  }
}

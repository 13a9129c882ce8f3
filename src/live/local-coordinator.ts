import { RateBudget } from '../quota/rate-budget';
import type { Clock } from '../time/clock';
import type { Coordinator } from './coordinator';

/**
 * Coordination within a single process: every lease is ours and budgets are local. There is nobody
 * to publish to: a channel delivers its events to its own listeners, and keeps the latest itself.
 */
export class LocalCoordinator implements Coordinator {
  readonly mode = 'local' as const;

  constructor(private readonly clock: Clock) {}

  readonly budgets = (_tenant: string, _provider: string, rps: number) => new RateBudget(rps, this.clock);

  async tryLease(): Promise<boolean> {
    return true;
  }
  async renewLease(): Promise<boolean> {
    return true;
  }
  async releaseLease(): Promise<void> {}
  async publish(): Promise<void> {}
  subscribe(): () => void {
    return () => undefined;
  }
  async saveLatest(): Promise<void> {}
  async loadLatest(): Promise<null> {
    return null;
  }
  onModeChange(): () => void {
    return () => undefined;
  }
  describe(): Record<string, unknown> {
    return { mode: this.mode };
  }
  async dispose(): Promise<void> {}
}

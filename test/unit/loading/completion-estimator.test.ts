import { ExportStatus, type ExportTaskState } from '../../../src/domain/export-task';
import { CompletionEstimator } from '../../../src/loading/completion-estimator';
import { taskState } from '../../support/task-state';

const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);

function state(progress: number | null, observedAt: number, status = ExportStatus.RUNNING): ExportTaskState {
  return taskState({ status, providerStatus: status, progress, observedAt });
}

describe('CompletionEstimator', () => {
  it('is within 10% of the true completion of a linear task once 20% of it has been observed, with noisy integer progress', () => {
    const duration = 600_000; // completes at T0 + 10 min
    const truth = T0 + duration;
    let seed = 7;
    const jitter = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 400; // ±200 ms poll jitter
    const e = new CompletionEstimator(100);
    for (let t = 0; t <= 0.2 * duration; t += 1000) {
      const at = T0 + t + jitter();
      e.observe('tenant-a', state(Math.floor(((at - T0) / duration) * 100), at));
    }
    const last = state(20, T0 + 0.2 * duration);
    const estimate = e.estimate('tenant-a', last)!;
    expect(Math.abs(estimate - truth) / duration).toBeLessThan(0.1);
  });

  it('uses a fit over many points, not the last two', () => {
    const e = new CompletionEstimator(100);
    // Steady 1%/s for 30 s, then one stalled reading: the last two points alone would say "never".
    for (let i = 0; i <= 30; i++) e.observe('t', state(i, T0 + i * 1000));
    e.observe('t', state(30, T0 + 31_000));
    const estimate = e.estimate('t', state(30, T0 + 31_000));
    expect(estimate).not.toBeNull();
    expect(Math.abs(estimate! - (T0 + 100_000)) / 100_000).toBeLessThan(0.1);
  });

  it('is null when progress is unknown, not moving, terminal, or seen once', () => {
    const e = new CompletionEstimator(100);
    e.observe('t', state(null, T0));
    expect(e.estimate('t', state(null, T0))).toBeNull();
    e.observe('t', state(10, T0));
    expect(e.estimate('t', state(10, T0))).toBeNull();
    e.observe('t', state(10, T0 + 1000));
    e.observe('t', state(10, T0 + 2000));
    expect(e.estimate('t', state(10, T0 + 2000))).toBeNull();
    e.observe('t', state(100, T0 + 3000, ExportStatus.SUCCEEDED));
    expect(e.estimate('t', state(100, T0 + 3000, ExportStatus.SUCCEEDED))).toBeNull();
  });

  it('keeps tenants apart', () => {
    const e = new CompletionEstimator(100);
    for (let i = 0; i < 10; i++) e.observe('tenant-a', state(i * 2, T0 + i * 1000));
    expect(e.estimate('tenant-a', state(18, T0 + 9000))).not.toBeNull();
    expect(e.estimate('tenant-b', state(18, T0 + 9000))).toBeNull();
  });

  it('starts over when progress goes backwards (a restarted task)', () => {
    const e = new CompletionEstimator(100);
    for (let i = 0; i < 10; i++) e.observe('t', state(50 + i, T0 + i * 1000));
    e.observe('t', state(1, T0 + 10_000));
    expect(e.estimate('t', state(1, T0 + 10_000))).toBeNull();
  });
});

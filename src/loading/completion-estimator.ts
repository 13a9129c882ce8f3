import { LRUCache } from 'lru-cache';

import { type ExportTaskState, isTerminal } from '../domain/export-task';
import { taskKey } from './task-key';

interface Point {
  readonly t: number;
  readonly p: number;
}

/** Most observations kept per task; the fit uses all of them. */
const MAX_POINTS = 30;

/**
 * Estimates when a task will complete from the progress observed over time: a least-squares line
 * through the recent (time, progress) observations, extrapolated to 100%. A fit over many points is
 * robust to the jitter of integer percentages and uneven poll times, unlike the last two points.
 * Null when progress is unknown, not moving, or the task is terminal.
 */
export class CompletionEstimator {
  private readonly history: LRUCache<string, Point[]>;

  constructor(maxTasks: number) {
    this.history = new LRUCache({ max: maxTasks });
  }

  /** Records an observation (called for every state read from a provider). */
  observe(tenantId: string, state: ExportTaskState): void {
    const key = taskKey(tenantId, state.provider, state.providerTaskId);
    if (state.progress === null || isTerminal(state.status)) {
      if (isTerminal(state.status)) this.history.delete(key);
      return;
    }
    let points = this.history.get(key);
    if (!points) this.history.set(key, (points = []));
    const last = points[points.length - 1];
    if (last && state.observedAt <= last.t) return;
    // Progress going backwards means a restarted task: start the history again.
    if (last && state.progress < last.p) points.length = 0;
    points.push({ t: state.observedAt, p: state.progress });
    if (points.length > MAX_POINTS) points.shift();
  }

  /** Estimated completion time (epoch ms) for the task of `state`, or null. */
  estimate(tenantId: string, state: ExportTaskState): number | null {
    if (state.progress === null || isTerminal(state.status)) return null;
    const points = this.history.get(taskKey(tenantId, state.provider, state.providerTaskId));
    if (!points || points.length < 2) return null;
    const fit = leastSquares(points);
    if (!fit || fit.slope <= 0) return null;
    const at = (100 - fit.intercept) / fit.slope + fit.t0;
    return Number.isFinite(at) ? Math.round(Math.max(at, state.observedAt)) : null;
  }
}

/** Fits p = intercept + slope * (t - t0); null when every point has the same time. */
function leastSquares(points: readonly Point[]): { slope: number; intercept: number; t0: number } | null {
  const t0 = points[0]!.t;
  const n = points.length;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const { t, p } of points) {
    const x = t - t0;
    sx += x;
    sy += p;
    sxx += x * x;
    sxy += x * p;
  }
  const denom = n * sxx - sx * sx;
  if (denom === 0) return null;
  const slope = (n * sxy - sx * sy) / denom;
  return { slope, intercept: (sy - slope * sx) / n, t0 };
}

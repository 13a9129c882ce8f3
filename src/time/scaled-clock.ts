import type { Clock } from './clock';

/**
 * `base` running `speed` times faster from `origin` (default: `base.now()` when called): `now()` reads
 * `origin + (base.now() − origin) × speed`, so that it agrees with `base` at `origin` and a second of
 * `base` later reads `speed` seconds later; a timer of `ms` fires after `ms / speed` of `base`. Demo mode
 * runs its emulated providers' tasks on it (`EXPORTS_DEMO_SPEED`). `speed` must be a finite number > 0.
 */
export function scaledClock(base: Clock, speed: number, origin: number = base.now()): Clock {
  if (!(Number.isFinite(speed) && speed > 0)) throw new RangeError(`speed must be a finite number > 0 but got: ${String(speed)}`);
  if (speed === 1) return base;
  return {
    now: () => origin + (base.now() - origin) * speed,
    setTimer: (fn, ms) => base.setTimer(fn, ms / speed),
  };
}

import { ConfigError, configIssue } from '../options/config-error';

/** The variable that runs the demo providers' simulated clock faster. */
export const DEMO_SPEED_VARIABLE = 'EXPORTS_DEMO_SPEED';

/** The fastest `EXPORTS_DEMO_SPEED`: a simulated day in under a minute and a half. */
export const MAX_DEMO_SPEED = 1000;

const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * `EXPORTS_DEMO_SPEED`: how many times faster than real time the demo's emulated tasks run; 1 when unset
 * or empty. A decimal number greater than 0 and at most 1000, else a `ConfigError` naming the variable.
 */
export function demoSpeed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[DEMO_SPEED_VARIABLE];
  if (raw === undefined || raw === '') return 1;
  const speed = DECIMAL.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(speed > 0 && speed <= MAX_DEMO_SPEED)) {
    throw new ConfigError([
      configIssue(
        DEMO_SPEED_VARIABLE,
        `a number greater than 0 and at most ${MAX_DEMO_SPEED} (how many times faster the demo tasks run; default 1)`,
        JSON.stringify(raw),
      ),
    ]);
  }
  return speed;
}

import { configIssue } from '../options/config-error';
import { OptionReading, UNRESOLVED } from '../options/option-reader';

const ENV_PREFIX = 'env:';

/**
 * Replaces every string value written `"env:NAME"` with the value of environment variable NAME,
 * recursively. A reference to an unset (or empty) variable is a problem naming the option and the
 * variable, never a value, reported to `reading` (fail-fast by default: a `ConfigError`); the value then
 * reads as `UNRESOLVED`, so that its option raises no second problem.
 */
export function resolveEnvRefs(value: unknown, env: NodeJS.ProcessEnv, path = '$', reading = new OptionReading(true)): unknown {
  if (typeof value === 'string') {
    if (!value.startsWith(ENV_PREFIX)) return value;
    const name = value.slice(ENV_PREFIX.length);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      reading.report(configIssue(path, '"env:NAME" with NAME a variable name', JSON.stringify(value)));
      return UNRESOLVED;
    }
    const resolved = env[name];
    if (resolved === undefined || resolved === '') {
      reading.report(
        configIssue(
          path,
          `environment variable ${name} set (referenced as "env:${name}")`,
          'it unset',
          `${path}: environment variable ${name} is not set (referenced as "env:${name}")`,
        ),
      );
      return UNRESOLVED;
    }
    return resolved;
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveEnvRefs(v, env, `${path}[${i}]`, reading));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveEnvRefs(v, env, `${path}.${k}`, reading);
    return out;
  }
  return value;
}

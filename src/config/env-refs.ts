import { ConfigError } from '../options/config-error';

const ENV_PREFIX = 'env:';

/**
 * Replaces every string value written `"env:NAME"` with the value of environment variable NAME,
 * recursively. A reference to an unset (or empty) variable is a `ConfigError` naming the option and
 * the variable, never a value.
 */
export function resolveEnvRefs(value: unknown, env: NodeJS.ProcessEnv, path = '$'): unknown {
  if (typeof value === 'string') {
    if (!value.startsWith(ENV_PREFIX)) return value;
    const name = value.slice(ENV_PREFIX.length);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new ConfigError(`${path}: expected "env:NAME" with NAME a variable name, but got "${value}"`);
    }
    const resolved = env[name];
    if (resolved === undefined || resolved === '') {
      throw new ConfigError(`${path}: environment variable ${name} is not set (referenced as "env:${name}")`);
    }
    return resolved;
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveEnvRefs(v, env, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveEnvRefs(v, env, `${path}.${k}`);
    return out;
  }
  return value;
}

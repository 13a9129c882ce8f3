import { ConfigError } from './config-error';

/** Options of one value read from the configuration. */
interface ValueOptions<T> {
  /** Used when the option is absent; without it the option is required. */
  readonly default?: T;
  /** A secret: its value is never shown in an error. */
  readonly secret?: boolean;
}

function describe(value: unknown, secret: boolean | undefined): string {
  if (secret) return typeof value === 'string' ? `a string of ${value.length} characters` : `a ${typeof value}`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Reads typed options out of one JSON object of the configuration, building messages of the form
 * `<path>: expected <what>, but got <value>`. `done()` rejects options nobody read (typos).
 */
export class OptionReader {
  private readonly seen = new Set<string>();
  private readonly obj: Record<string, unknown>;

  constructor(
    value: unknown,
    /** JSON path of this object, e.g. `$.tenants[0]`. */
    readonly path: string,
  ) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ConfigError(`${path}: expected an object, but got ${describe(value, false)}`);
    }
    this.obj = value as Record<string, unknown>;
  }

  /** Whether the option is present. */
  has(key: string): boolean {
    return this.obj[key] !== undefined;
  }

  private take<T>(key: string, opts: ValueOptions<T>): unknown {
    this.seen.add(key);
    const value = this.obj[key];
    if (value === undefined && !('default' in opts)) {
      throw new ConfigError(`${this.path}.${key}: required option is missing`);
    }
    return value;
  }

  private fail(key: string, expected: string, value: unknown, secret?: boolean): never {
    throw new ConfigError(`${this.path}.${key}: expected ${expected}, but got ${describe(value, secret)}`);
  }

  /** A string, optionally matching `pattern` (described by `expected`). */
  string(key: string, opts: ValueOptions<string> & { pattern?: RegExp; expected?: string } = {}): string {
    const value = this.take(key, opts);
    if (value === undefined) return opts.default as string;
    const expected = opts.expected ?? 'a non-empty string';
    if (typeof value !== 'string' || value.length === 0) this.fail(key, expected, value, opts.secret);
    if (opts.pattern && !opts.pattern.test(value)) this.fail(key, expected, value, opts.secret);
    return value;
  }

  /** An optional string: undefined when absent. */
  optionalString(key: string, opts: { pattern?: RegExp; expected?: string; secret?: boolean } = {}): string | undefined {
    if (!this.has(key)) {
      this.seen.add(key);
      return undefined;
    }
    return this.string(key, opts);
  }

  /** One of the given strings. */
  oneOf<T extends string>(key: string, allowed: readonly T[], opts: ValueOptions<T> = {}): T {
    const value = this.take(key, opts);
    if (value === undefined) return opts.default as T;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(key, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, value);
    }
    return value as T;
  }

  /** An integer within [min, max]. */
  int(key: string, opts: ValueOptions<number> & { min: number; max: number }): number {
    const value = this.take(key, opts);
    if (value === undefined) return opts.default as number;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < opts.min || value > opts.max) {
      this.fail(key, `an integer from ${opts.min} to ${opts.max}`, value);
    }
    return value;
  }

  /** A finite number within [min, max]. */
  number(key: string, opts: ValueOptions<number> & { min: number; max: number }): number {
    const value = this.take(key, opts);
    if (value === undefined) return opts.default as number;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < opts.min || value > opts.max) {
      this.fail(key, `a number from ${opts.min} to ${opts.max}`, value);
    }
    return value;
  }

  /** A boolean. */
  bool(key: string, opts: ValueOptions<boolean> = {}): boolean {
    const value = this.take(key, opts);
    if (value === undefined) return opts.default as boolean;
    if (typeof value !== 'boolean') this.fail(key, 'true or false', value);
    return value;
  }

  /** A nested object's reader; an absent optional object reads as `{}`. */
  object(key: string, opts: { optional?: boolean } = {}): OptionReader {
    this.seen.add(key);
    const value = this.obj[key];
    if (value === undefined) {
      if (opts.optional) return new OptionReader({}, `${this.path}.${key}`);
      throw new ConfigError(`${this.path}.${key}: required option is missing`);
    }
    return new OptionReader(value, `${this.path}.${key}`);
  }

  /** An array's elements. */
  array(key: string, opts: { minLength?: number } = {}): unknown[] {
    this.seen.add(key);
    const value = this.obj[key];
    if (!Array.isArray(value) || value.length < (opts.minLength ?? 0)) {
      this.fail(key, `an array of at least ${opts.minLength ?? 0} element(s)`, value);
    }
    return value;
  }

  /** Keys present in this object. */
  keys(): string[] {
    return Object.keys(this.obj);
  }

  /** Marks a key as handled without reading it through this reader. */
  markRead(key: string): void {
    this.seen.add(key);
  }

  /** Rejects any option that was not read: a typo must not silently fall back to a default. */
  done(): void {
    const unknown = Object.keys(this.obj).filter((k) => !this.seen.has(k));
    if (unknown.length > 0) {
      throw new ConfigError(`${this.path}: unknown option(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')}`);
    }
  }
}

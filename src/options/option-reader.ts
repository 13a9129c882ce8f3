import { ConfigError, type ConfigIssue, configIssue } from './config-error';

/** Options of one value read from the configuration. */
interface ValueOptions<T> {
  /** Used when the option is absent; without it the option is required. */
  readonly default?: T;
  /** A secret: its value is never shown in an error. */
  readonly secret?: boolean;
}

/**
 * Stands for a value that could not be had (an `env:NAME` whose variable is unset): its problem is
 * reported already, so the option reads as failed without a second message.
 */
export const UNRESOLVED: unique symbol = Symbol('unresolved');

/** A value as a message shows it: a secret only by its type and length, anything else as JSON, cut at 80 characters. */
export function describeValue(value: unknown, secret?: boolean): string {
  if (secret) return typeof value === 'string' ? `a string of ${value.length} characters` : `a ${typeof value}`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `$.tenants[0].providers.tencent-tcss.region` as `tenants[].providers.tencent-tcss.region`. */
export function optionPathOf(jsonPath: string): string {
  return jsonPath.replace(/^\$\.?/, '').replace(/\[\d+\]/g, '[]');
}

/**
 * One reading of a configuration, shared by every reader of its objects: the problems found, and every
 * option asked for (whether present or not, as `optionPathOf` writes it). Fail-fast (the default of a
 * reader made on its own) throws a `ConfigError` at the first problem instead of collecting.
 */
export class OptionReading {
  private readonly found: ConfigIssue[] = [];
  private readonly asked = new Set<string>();

  constructor(private readonly failFast = false) {}

  /** Records a problem (fail-fast: throws it). */
  report(issue: ConfigIssue): void {
    if (this.failFast) throw new ConfigError([issue]);
    this.found.push(issue);
  }

  /** Records that the option at `jsonPath` was asked for. */
  ask(jsonPath: string): void {
    this.asked.add(optionPathOf(jsonPath));
  }

  /** The problems, in the order found. */
  get issues(): readonly ConfigIssue[] {
    return this.found;
  }

  /** Every option asked for, array indices left out (`tenants[].id`). */
  get optionPaths(): ReadonlySet<string> {
    return this.asked;
  }
}

/** What `take` returns for an option that is absent or already failed. */
const ABSENT = Symbol('absent');

/**
 * Reads typed options out of one JSON object of the configuration. A bad value is reported as
 * `<path>: expected <what>, but got <value>` and reads as its default (or an empty placeholder when it
 * has none), so that reading goes on and every problem is found; `ok(key)` tells whether an option was
 * read without a problem, for checks that involve it. An object of the wrong type is reported once and
 * read as empty without further messages. `done()` reports options nobody read (typos).
 */
export class OptionReader {
  private readonly seen = new Set<string>();
  private readonly failed = new Set<string>();
  private readonly obj: Record<string, unknown>;
  /** Not an object (reported), or unresolved: every option reads as failed, silently. */
  private readonly skipped: boolean;

  constructor(
    value: unknown,
    /** JSON path of this object, e.g. `$.tenants[0]`. */
    readonly path: string,
    /** Where problems go; made on its own, a reader throws at the first one. */
    readonly reading: OptionReading = new OptionReading(true),
  ) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      if (value !== UNRESOLVED) reading.report(configIssue(path, 'an object', describeValue(value)));
      this.skipped = true;
      this.obj = {};
    } else {
      this.skipped = false;
      this.obj = value as Record<string, unknown>;
    }
  }

  /** Whether the option is present. */
  has(key: string): boolean {
    return this.obj[key] !== undefined;
  }

  /** Whether the option was read without a problem (present and valid, or absent with a default). */
  ok(key: string): boolean {
    return !this.skipped && !this.failed.has(key);
  }

  /** Reports a problem of option `key` (`got` as a message shows it: see `describeValue`); the option reads as failed. */
  reject(key: string, expected: string, got: string, message?: string): void {
    this.failed.add(key);
    this.reading.report(configIssue(`${this.path}.${key}`, expected, got, message));
  }

  private take(key: string, required: boolean, expected: string): unknown {
    this.seen.add(key);
    this.reading.ask(`${this.path}.${key}`);
    const value = this.skipped ? UNRESOLVED : this.obj[key];
    if (value === UNRESOLVED) {
      this.failed.add(key);
      return ABSENT;
    }
    if (value === undefined) {
      if (required) this.reject(key, expected, 'nothing', `${this.path}.${key}: required option is missing`);
      return ABSENT;
    }
    return value;
  }

  /** A string, optionally matching `pattern` (described by `expected`); a bad or missing required one reads as `""`. */
  string(key: string, opts: ValueOptions<string> & { pattern?: RegExp; expected?: string } = {}): string {
    const expected = opts.expected ?? 'a non-empty string';
    const value = this.take(key, !('default' in opts), expected);
    const fallback = opts.default ?? '';
    if (value === ABSENT) return fallback;
    if (typeof value !== 'string' || value.length === 0 || (opts.pattern && !opts.pattern.test(value))) {
      this.reject(key, expected, describeValue(value, opts.secret));
      return fallback;
    }
    return value;
  }

  /** An optional string: undefined when absent (or bad). */
  optionalString(key: string, opts: { pattern?: RegExp; expected?: string; secret?: boolean } = {}): string | undefined {
    if (!this.has(key)) {
      this.seen.add(key);
      this.reading.ask(`${this.path}.${key}`);
      return undefined;
    }
    const value = this.string(key, opts);
    return this.ok(key) ? value : undefined;
  }

  /** One of the given strings. */
  oneOf<T extends string>(key: string, allowed: readonly T[], opts: ValueOptions<T> = {}): T {
    const expected = `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`;
    const value = this.take(key, !('default' in opts), expected);
    const fallback = opts.default ?? (allowed[0] as T);
    if (value === ABSENT) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.reject(key, expected, describeValue(value, opts.secret));
      return fallback;
    }
    return value as T;
  }

  /** An integer within [min, max]. */
  int(key: string, opts: ValueOptions<number> & { min: number; max: number }): number {
    const expected = `an integer from ${opts.min} to ${opts.max}`;
    const value = this.take(key, !('default' in opts), expected);
    const fallback = opts.default ?? opts.min;
    if (value === ABSENT) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < opts.min || value > opts.max) {
      this.reject(key, expected, describeValue(value, opts.secret));
      return fallback;
    }
    return value;
  }

  /** A finite number within [min, max]. */
  number(key: string, opts: ValueOptions<number> & { min: number; max: number }): number {
    const expected = `a number from ${opts.min} to ${opts.max}`;
    const value = this.take(key, !('default' in opts), expected);
    const fallback = opts.default ?? opts.min;
    if (value === ABSENT) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < opts.min || value > opts.max) {
      this.reject(key, expected, describeValue(value, opts.secret));
      return fallback;
    }
    return value;
  }

  /** A boolean. */
  bool(key: string, opts: ValueOptions<boolean> = {}): boolean {
    const value = this.take(key, !('default' in opts), 'true or false');
    const fallback = opts.default ?? false;
    if (value === ABSENT) return fallback;
    if (typeof value !== 'boolean') {
      this.reject(key, 'true or false', describeValue(value, opts.secret));
      return fallback;
    }
    return value;
  }

  /** A nested object's reader; an absent optional object reads as `{}`, a missing or bad one as failed. */
  object(key: string, opts: { optional?: boolean } = {}): OptionReader {
    const path = `${this.path}.${key}`;
    const value = this.take(key, !opts.optional, 'an object');
    if (value === ABSENT) return new OptionReader(this.ok(key) ? {} : UNRESOLVED, path, this.reading);
    const reader = new OptionReader(value, path, this.reading);
    if (reader.skipped) this.failed.add(key);
    return reader;
  }

  /** An array's elements; a bad one reads as `[]`. */
  array(key: string, opts: { minLength?: number } = {}): unknown[] {
    const expected = `an array of at least ${opts.minLength ?? 0} element(s)`;
    const value = this.take(key, false, expected);
    if (value === ABSENT && !this.ok(key)) return [];
    if (!Array.isArray(value) || value.length < (opts.minLength ?? 0)) {
      this.reject(key, expected, describeValue(value === ABSENT ? undefined : value));
      return [];
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
    this.reading.ask(`${this.path}.${key}`);
  }

  /** Marks a key as dealt with (its problem reported otherwise) without counting it as an option asked for. */
  dismiss(key: string): void {
    this.seen.add(key);
  }

  /** Reports the options nobody read: a typo must not silently fall back to a default. */
  done(): void {
    if (this.skipped) return;
    const unknown = Object.keys(this.obj).filter((k) => !this.seen.has(k));
    if (unknown.length === 0) return;
    const names = unknown.map((k) => JSON.stringify(k)).join(', ');
    const known = [...this.seen].join(', ');
    this.reading.report(
      configIssue(this.path, known ? `only the options ${known}` : 'no options', names, `${this.path}: unknown option(s) ${names}`),
    );
  }
}

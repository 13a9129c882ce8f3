import { describeValue, echo } from '../../errors/echo';
import type { ServiceError } from '../../errors/service-error';
import type { ProviderDescriptor } from '../provider';
import { parseJsonKeepingIntegers } from './lossless-json';
import { badResponse } from './upstream-error';

const NO_KEYS: ReadonlySet<string> = new Set();
const NUMERIC = /^-?[0-9]+(?:\.[0-9]+)?$/;

/**
 * Parses a provider's JSON body; `int64Keys` name the keys whose integer values are kept as exact
 * decimal strings (see `parseJsonKeepingIntegers`).
 * @throws ServiceError `PROVIDER_BAD_RESPONSE` (retryable: a body cut short may arrive whole next time).
 */
export function parseJsonBody(
  descriptor: ProviderDescriptor,
  text: string,
  options: { readonly int64Keys?: ReadonlySet<string>; readonly requestId?: string | undefined } = {},
): unknown {
  try {
    return parseJsonKeepingIntegers(text, options.int64Keys ?? NO_KEYS);
  } catch {
    const detail = text.trim() === '' ? 'the body is empty' : 'the body is not JSON';
    throw badResponse(descriptor, detail, { retryable: true, requestId: options.requestId });
  }
}

/** The keys of a wire shape `T` (any string for an unknown shape). */
export type WireKey<T> = Extract<keyof T, string>;

/**
 * Typed, validating access to one JSON object of a provider response. `T` is the object's wire shape
 * as the provider documents it (`types.ts` of each provider), so a mapping can only read fields that the
 * shape declares: the shape and the mapping cannot drift apart. Every accessor throws
 * `PROVIDER_BAD_RESPONSE` naming the field (by its path), what was expected and the type that came,
 * never the value. Optional accessors map absent, `null` and `""` to `null`.
 */
export class WireObject<T extends object = Record<string, unknown>> {
  private constructor(
    private readonly descriptor: ProviderDescriptor,
    /** The object itself. */
    private readonly raw: Readonly<Record<string, unknown>>,
    /** Where this object is in the body, e.g. `Response` or `export_tasks[3]`; empty for the root. */
    readonly path: string,
    private readonly requestId: string | undefined,
  ) {}

  /** Wraps `value`, which must be a JSON object of shape `T`. */
  static of<T extends object = Record<string, unknown>>(
    descriptor: ProviderDescriptor,
    value: unknown,
    path = '',
    requestId?: string,
  ): WireObject<T> {
    if (!isPlainObject(value)) throw wrongType(descriptor, path || 'the body', 'an object', value, requestId);
    return new WireObject<T>(descriptor, value, path, requestId);
  }

  /** The same object, with the request id to report in errors from now on. */
  withRequestId(requestId: string | undefined): WireObject<T> {
    return new WireObject<T>(this.descriptor, this.raw, this.path, requestId);
  }

  /** The raw value of `key`, unchecked. */
  value(key: WireKey<T>): unknown {
    return this.raw[key];
  }

  has(key: WireKey<T>): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  /** The object at `key`, of the shape `T` declares for it. */
  object<K extends WireKey<T>>(key: K): WireObject<NonNullable<T[K]> & object> {
    return WireObject.of<NonNullable<T[K]> & object>(this.descriptor, this.raw[key], this.at(key), this.requestId);
  }

  /** The array at `key`. */
  array(key: WireKey<T>): readonly unknown[] {
    const value = this.raw[key];
    if (!Array.isArray(value)) throw this.wrong(key, 'an array', value);
    return value;
  }

  /** Each element of the array at `key` as an object of the shape `T` declares for its elements. */
  objects<K extends WireKey<T>>(key: K): Array<WireObject<ElementOf<T[K]>>> {
    return this.array(key).map((item, i) => WireObject.of<ElementOf<T[K]>>(this.descriptor, item, `${this.at(key)}[${i}]`, this.requestId));
  }

  requiredString(key: WireKey<T>): string {
    const value = this.raw[key];
    if (typeof value !== 'string' || value === '') throw this.wrong(key, 'a non-empty string', value);
    return value;
  }

  string(key: WireKey<T>): string | null {
    const value = this.raw[key];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string') throw this.wrong(key, 'a string', value);
    return value;
  }

  /** A number, also accepted as a numeric string. */
  number(key: WireKey<T>): number | null {
    const value = this.raw[key];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && NUMERIC.test(value)) return Number(value);
    throw this.wrong(key, 'a number', value);
  }

  /** A non-negative safe integer, also accepted as a string of digits. */
  count(key: WireKey<T>): number | null {
    const value = this.number(key);
    if (value === null) return null;
    if (!Number.isSafeInteger(value) || value < 0) throw this.wrong(key, 'a non-negative integer', this.raw[key]);
    return value;
  }

  /** A boolean, also accepted as `"true"`/`"false"`. */
  boolean(key: WireKey<T>): boolean | null {
    const value = this.raw[key];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw this.wrong(key, 'a boolean', value);
  }

  /** A `PROVIDER_BAD_RESPONSE` about `key` of this object. */
  wrong(key: WireKey<T>, expected: string, value: unknown): ServiceError {
    return wrongType(this.descriptor, this.at(key), expected, value, this.requestId);
  }

  /** A `PROVIDER_BAD_RESPONSE` about a string `key` whose content is wrong; the value is echoed, truncated. */
  wrongContent(key: WireKey<T>, expected: string, value: string): ServiceError {
    return badResponse(this.descriptor, `expected ${this.at(key)} to be ${expected}, but got ${echo(value)}`, {
      requestId: this.requestId,
    });
  }

  /** A `PROVIDER_BAD_RESPONSE` with a free-form detail. */
  bad(detail: string): ServiceError {
    return badResponse(this.descriptor, detail, { requestId: this.requestId });
  }

  private at(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }
}

/** The element type of an array shape. */
type ElementOf<A> = A extends ReadonlyArray<infer E> ? E & object : Record<string, unknown>;

function wrongType(
  descriptor: ProviderDescriptor,
  path: string,
  expected: string,
  value: unknown,
  requestId: string | undefined,
): ServiceError {
  return badResponse(descriptor, `expected ${path} to be ${expected}, but ${describeValue(value)}`, { requestId });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields of an error body of wire shape `T`, each unchecked until read by `errorField`. */
export type ErrorBody<T> = { readonly [K in keyof T]?: unknown };

/**
 * The fields of a provider's error body, leniently: the parsed object when the text is a JSON object,
 * else `{}` (a proxy's HTML page, an empty or cut body), so that a failure is still classified by its
 * HTTP status and headers. `T` is the documented error shape (each provider's `types.ts`).
 */
export function parseErrorBody<T extends object>(text: string): ErrorBody<T> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as ErrorBody<T>) : {};
  } catch {
    return {};
  }
}

/** A non-empty string field of an error body, else undefined. */
export function errorField<T>(body: ErrorBody<T>, key: keyof T): string | undefined {
  const value = body[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Bounded waits for tests that watch real processes: each one waits for an event rather than for a
 * fixed time, gives up after a deadline, and then says what it was waiting for and what it last saw.
 */

const show = (v: unknown): string => {
  if (v instanceof Error) return v.message;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
};

/** Resolves as `promise` does, or rejects after `ms` naming `what` and what `seen()` reports then. */
export async function within<T>(ms: number, what: string, promise: Promise<T>, seen: () => unknown = () => undefined): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms; last seen: ${show(seen())}`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls `probe` every `everyMs` until `done` accepts its value, and resolves with that value; rejects
 * after `ms` naming `what` and the last value (or error) `probe` gave.
 */
export async function until<T>(
  ms: number,
  what: string,
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown = 'nothing yet';
  for (;;) {
    try {
      const value = await probe();
      if (done(value)) return value;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) throw new Error(`${what}: not within ${ms} ms; last seen: ${show(last)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Runs `assertions`; when one fails, its message gets what `context()` reports (the measurements behind it). */
export function explained(context: () => unknown, assertions: () => void): void {
  try {
    assertions();
  } catch (e) {
    if (e instanceof Error) e.message += `\n\nMeasured: ${JSON.stringify(context(), null, 1)}`;
    throw e;
  }
}

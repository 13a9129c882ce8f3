/** Polls `read` every 100 ms until `done` holds for what it returned; fails with the last value after `ms`. */
export async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${ms} ms waiting for ${what}; last seen:\n${JSON.stringify(value, null, 2)}`);
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

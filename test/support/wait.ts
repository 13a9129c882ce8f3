/**
 * Resolves once `done()` holds, checking every 20 ms; rejects after `ms` (default 10 s) naming `what`,
 * so that a condition that never comes fails saying which, instead of through jest's timeout.
 */
export async function waitUntil(done: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

import type { ChildProcess } from 'node:child_process';

/** What a test reads from a spawned service process. */
export interface ServiceOutput {
  /** The URL of its `listening` log line; rejects with its output if it exits first or does not listen within the deadline. */
  readonly url: Promise<string>;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
}

/**
 * Follows a spawned service (`node dist/src/main.js ...`, stdout and stderr piped): collects its output and
 * finds the `"msg":"listening"` JSON log line, whose `url` resolves `url`. `what` names the process in errors.
 */
export function followService(child: ChildProcess, what: string, listenWithinMs: number): ServiceOutput {
  let text = '';
  let pending = '';
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not listen within ${listenWithinMs} ms:\n${text}`)), listenWithinMs);
    child.stdout!.on('data', (d: Buffer) => {
      const chunk = d.toString('utf8');
      text += chunk;
      // Whole lines only: a chunk may end inside one.
      const lines = (pending + chunk).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === 'listening' && entry.url) {
            clearTimeout(timer);
            resolve(entry.url);
          }
        } catch {
          // not a log line
        }
      }
    });
    child.stderr!.on('data', (d: Buffer) => (text += d.toString('utf8')));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before listening:\n${text}`));
    });
  });
  url.catch(() => undefined); // read by the caller; an early exit is not an unhandled rejection meanwhile
  return { url, exited, output: () => text };
}

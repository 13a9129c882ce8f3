import { type ChildProcess, fork } from 'node:child_process';

import type { IpcMessage } from './ipc';

/** Options of `startChild`. */
export interface ChildOptions {
  /** Extra `node` flags, e.g. `--cpu-prof`. Every benchmarked server gets the same ones. */
  readonly execArgv?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** How long to wait for the child's `ready` message, ms. Default 30000. */
  readonly readyTimeoutMs?: number;
  /** Receives unsolicited notices (messages without `id` other than `ready`). */
  readonly onNotice?: (message: IpcMessage) => void;
}

/** A child process speaking the bench IPC protocol (`ipc.ts`). */
export interface Child {
  readonly pid: number;
  /** The child's `ready` message. */
  readonly ready: IpcMessage;
  /** Sends a request and resolves with the child's result. */
  request<T>(type: string, payload?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code once the child is gone. */
  stop(graceMs?: number): Promise<number | null>;
  /** The child's stderr so far (its stdout is discarded: the service logs there, as in production). */
  stderr(): string;
}

/**
 * Forks `script` (a compiled bench file) with an IPC channel and waits for its `ready` message. The
 * child's stdout goes to /dev/null: the service's own log lines are written and serialized as in
 * production, but nobody in the benchmark spends CPU reading them.
 */
export async function startChild(script: string, args: readonly string[], options: ChildOptions = {}): Promise<Child> {
  const proc: ChildProcess = fork(script, [...args], {
    execArgv: [...(options.execArgv ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  void exited.then((code) => {
    for (const p of pending.values())
      p.reject(new Error(`${script} exited (code ${code}) before answering; stderr: ${stderr.slice(-2000)}`));
    pending.clear();
  });

  const ready = await new Promise<IpcMessage>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} was not ready within ${options.readyTimeoutMs ?? 30_000} ms; stderr: ${stderr}`)),
      options.readyTimeoutMs ?? 30_000,
    );
    proc.on('message', (m: IpcMessage) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m);
      } else if (m.id !== undefined) {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (p && m['error'] !== undefined) p.reject(new Error(String(m['error'])));
        else p?.resolve(m['result']);
      } else {
        options.onNotice?.(m);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (code ${code}) before it was ready; stderr: ${stderr}`));
    });
  });

  return {
    pid: proc.pid!,
    ready,
    request<T>(type: string, payload: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${script}: no answer to "${type}" within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (v) => (clearTimeout(timer), resolve(v as T)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        proc.send({ id, type, ...payload });
      });
    },
    async stop(graceMs = 15_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    stderr: () => stderr,
  };
}

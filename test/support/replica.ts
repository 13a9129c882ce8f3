import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A service process started from the compiled `dist/` with a config file, as in production (suites call `ensureBuilt()` first). */
export interface Replica {
  /** e.g. `http://127.0.0.1:41234/graphql`. */
  readonly url: string;
  readonly process: ChildProcess;
  /** Every line the process wrote to stdout and stderr. */
  readonly output: string[];
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** `GET /readyz` as JSON with its status code. */
  readyz(): Promise<{ status: number; body: Record<string, unknown> }>;
  kill(signal: NodeJS.Signals): void;
}

const MAIN = join(__dirname, '../../dist/src/main.js');

/** Writes `config` to a temp file and starts a replica on it; resolves once it listens. */
export async function startReplica(config: unknown, env: Record<string, string> = {}): Promise<Replica> {
  const dir = mkdtempSync(join(tmpdir(), 'exports-replica-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(process.execPath, [MAIN, '--config', file], {
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica did not start within 15 s:\n${output.join('')}`)), 15_000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output.push(text);
      for (const line of text.split('\n')) {
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
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => output.push(c.toString('utf8')));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`replica exited (${code}) before listening:\n${output.join('')}`));
    });
  });
  return {
    url,
    process: child,
    output,
    exited,
    async readyz() {
      const res = await fetch(url.replace('/graphql', '/readyz'));
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    kill(signal) {
      child.kill(signal);
    },
  };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { followService } from './service-process';

/** A service process started from the compiled `dist/` with a config file, as in production (suites call `ensureBuilt()` first). */
export interface Replica {
  /** e.g. `http://127.0.0.1:41234/graphql`. */
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
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
  const { url: listening, exited, output } = followService(child, 'the replica', 15_000);
  const url = await listening;
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

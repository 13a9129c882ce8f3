import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, release, totalmem, type as osType } from 'node:os';

import { REPO_ROOT } from './paths';

/** The machine and the code a run measured. */
export interface MachineInfo {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly memoryTotalMiB: number;
  readonly memoryFreeMiB: number;
  readonly node: string;
  readonly os: string;
  /** 1, 5 and 15 minute load averages: anything above ~0 means other work shared the machine. */
  readonly loadAverage: readonly number[];
  /** Open-file limit of this process (each WebSocket is one descriptor in the server and one in the load generator). */
  readonly openFilesLimit: string;
  readonly gitCommit: string;
  /** Whether the working tree had uncommitted changes. */
  readonly gitDirty: boolean;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** Describes this machine now. */
export function machineInfo(): MachineInfo {
  return {
    nproc: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryTotalMiB: Math.round(totalmem() / 1024 / 1024),
    memoryFreeMiB: Math.round(freemem() / 1024 / 1024),
    node: process.version,
    os: `${osType()} ${release()}`,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    openFilesLimit: run('sh', ['-c', 'ulimit -n']),
    gitCommit: run('git', ['rev-parse', '--short', 'HEAD']),
    gitDirty: run('git', ['status', '--porcelain']) !== '',
  };
}

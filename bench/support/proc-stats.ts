import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Resource use of a process as the kernel reports it (Linux `/proc`). */
export interface ProcSample {
  /** When sampled, `performance.now()` of the sampling process, ms. */
  readonly at: number;
  /** Resident set size now, bytes. */
  readonly rssBytes: number;
  /** Peak resident set size so far (VmHWM), bytes. */
  readonly peakRssBytes: number;
  /** User + system CPU time consumed so far, ms. */
  readonly cpuMs: number;
  /**
   * Time spent runnable but waiting for a CPU so far (`/proc/PID/schedstat`), ms: how much other
   * processes on the machine (the load generator, anything else running) held this one back.
   */
  readonly runQueueWaitMs: number;
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * Samples `pid` from `/proc` without asking the process anything (so a saturated event loop cannot
 * delay or distort the sample). Linux only, like the benchmark machine.
 */
export function sampleProcess(pid: number): ProcSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the line.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  let runQueueWaitMs = NaN;
  try {
    runQueueWaitMs = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    // schedstat needs CONFIG_SCHEDSTATS; without it the wait is unknown.
  }
  return { at: performance.now(), rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM'), cpuMs: (ticks * 1000) / clockTicks(), runQueueWaitMs };
}

/** CPU use between two samples, as a percentage of one core. */
export function cpuPercent(from: ProcSample, to: ProcSample): number {
  return (100 * (to.cpuMs - from.cpuMs)) / (to.at - from.at);
}

/** Share of the wall time between two samples that the process waited for a CPU, percent. */
export function runQueueWaitPercent(from: ProcSample, to: ProcSample): number {
  return (100 * (to.runQueueWaitMs - from.runQueueWaitMs)) / (to.at - from.at);
}

/** Bytes in MiB, one decimal. */
export function mib(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

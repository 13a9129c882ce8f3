import Redis from 'ioredis';

/**
 * The start slots of the Redis-shared request budgets under a key prefix, exactly as the service's
 * RESERVE_SLOT script computes them: MONITOR shows the commands a script runs, and the script's
 * `SET <key> <slot + gap>` carries each slot (epoch ms on Redis's clock, the machine's clock here).
 * These are the service's own decisions, timed by Redis, so no process's scheduling delays blur them.
 */
export interface BudgetSchedule {
  /** Every slot reserved so far, in reservation order (ascending: slots are handed out in order). */
  readonly slots: number[];
  /** The budget keys reserved on. */
  readonly keys: Set<string>;
  /** The gaps (ms) the callers asked for (RESERVE_SLOT's ARGV[1]). */
  readonly gaps: Set<number>;
  /**
   * Stops recording once the MONITOR feed has delivered every command Redis ran before this call: the
   * feed lags on a busy machine, and a slot reserved just before the stop must not be lost (a read
   * would then seem to have had none).
   */
  stop(): Promise<void>;
}

/** Records the budget slots reserved under `keyPrefix` + `budget:`, assuming every call asks for `gapMs`. */
export async function recordBudgetSchedule(url: string, keyPrefix: string, gapMs: number): Promise<BudgetSchedule> {
  const budgetKeys = `${keyPrefix}budget:`;
  const base = new Redis(url);
  const monitor = await base.monitor(); // a connection of its own
  base.disconnect();
  const slots: number[] = [];
  const keys = new Set<string>();
  const gaps = new Set<number>();
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    const command = String(args[0]).toLowerCase();
    if ((command === 'evalsha' || command === 'eval') && String(args[3]).startsWith(budgetKeys)) {
      gaps.add(Number(args[4]));
    } else if (source === 'lua' && command === 'set' && String(args[1]).startsWith(budgetKeys)) {
      keys.add(args[1]!);
      slots.push(Number(args[2]) - gapMs);
    }
  });
  const stop = async (): Promise<void> => {
    const marker = `${keyPrefix}schedule-end:${process.pid}:${Date.now()}`;
    const seen = new Promise<void>((resolve) =>
      monitor.on('monitor', (_time: string, args: string[]) => {
        if (String(args[0]).toLowerCase() === 'exists' && args[1] === marker) resolve();
      }),
    );
    const client = new Redis(url);
    try {
      // Redis runs commands in order and MONITOR reports them in that order: once the marker shows,
      // everything run before it has been recorded.
      await client.exists(marker);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the MONITOR feed did not catch up within 10 s')), 10_000);
      });
      await Promise.race([seen, deadline]).finally(() => clearTimeout(timer));
    } finally {
      client.disconnect();
      monitor.disconnect();
    }
  };
  return { slots, keys, gaps, stop };
}

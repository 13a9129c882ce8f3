import type { ProviderId } from '../domain/provider-id';
import type { EmulatedTaskSpec } from '../emulator';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** The demo account of every emulator. */
export const DEMO_ACCOUNT = 'demo-account';

/**
 * How often the banner's tasks (the first of each provider) start again. They all start at start-up and
 * take 6 to 10 minutes, so from 10 minutes on all four are finished, and at 27 minutes all four start again
 * together: every 27 minutes, they are all running for 6 minutes (from 27 to 33 minutes, 54 to 60, …), then
 * all finished from 37 minutes on. `EXPORTS_DEMO_SPEED=60` makes these seconds: all final at 15 s, all
 * running at 30 s.
 */
export const BANNER_LOOP_MS = 27 * MIN;

/** How often the day-long tasks start again: a day running, a day finished. */
const SLOW_LOOP_MS = 2 * DAY;

/**
 * Demo tasks per provider, in every state each provider can report (SAS `init`/`exporting`/`success`, SIEM
 * `exporting`/`success`, Tencent `RUNNING`/`SUCCESS`/`FAILURE`, Huawei `CREATING`/`SUCCESS`/`FAIL`/`EXPIRED`),
 * timed relative to start-up (`now`) so that running tasks visibly progress for several minutes. Every task
 * repeats (`repeatEveryMs`): once finished it stays so for a while, then starts again under the same id, so
 * that the demo keeps moving however long it runs. The finished, failed and expired tasks were created
 * before start-up (`createdAt` in the past, less than one period ago), so they show their outcome at once
 * and for the next 10 minutes or more. Each provider also has a slow task (and SAS one that stays `init`)
 * lasting a day. The first of each list is the one the start-up banner suggests (`BANNER_LOOP_MS`).
 */
export function demoTasks(now: number): Readonly<Record<ProviderId, readonly EmulatedTaskSpec[]>> {
  const acc = DEMO_ACCOUNT;
  const banner = { accountId: acc, createdAt: now, repeatEveryMs: BANNER_LOOP_MS };
  return {
    'tencent-tcss': [
      { id: 'e4409223-8e92-45db-a857-11b1ff547c79', ...banner, durationMs: 10 * MIN },
      // running 2 minutes of every 5
      { id: 'demo-tcss-fast', accountId: acc, createdAt: now, durationMs: 2 * MIN, repeatEveryMs: 5 * MIN },
      // SUCCESS from 25 minutes before start-up; runs again 15 minutes after it
      { id: 'demo-tcss-done', accountId: acc, createdAt: now - 30 * MIN, durationMs: 5 * MIN, repeatEveryMs: 45 * MIN },
      {
        // FAILURE from 16 minutes before start-up; runs (and fails) again 10 minutes after it
        id: 'demo-tcss-failed',
        accountId: acc,
        createdAt: now - 20 * MIN,
        durationMs: 4 * MIN,
        outcome: 'failure',
        failureReason: 'export quota exceeded',
        repeatEveryMs: 30 * MIN,
      },
      { id: 'demo-tcss-slow', accountId: acc, createdAt: now, durationMs: DAY, repeatEveryMs: SLOW_LOOP_MS },
    ],
    'alibaba-sas': [
      { id: '131231', ...banner, durationMs: 8 * MIN, totalCount: 1200, fileName: 'health_check_export_demo' },
      {
        // init 1 minute, exporting 5, success 4, every 10 minutes
        id: '131232',
        accountId: acc,
        createdAt: now,
        startDelayMs: 1 * MIN,
        durationMs: 5 * MIN,
        totalCount: 300,
        fileName: 'vul_export_demo',
        repeatEveryMs: 10 * MIN,
      },
      {
        // success from 57 minutes before start-up; runs again 30 minutes after it
        id: '9223372036854775807',
        accountId: acc,
        createdAt: now - 60 * MIN,
        durationMs: 3 * MIN,
        totalCount: 100,
        fileName: 'baseline_export_demo',
        repeatEveryMs: 90 * MIN,
      },
      {
        id: '131233',
        accountId: acc,
        createdAt: now,
        durationMs: DAY,
        totalCount: 50_000,
        fileName: 'asset_export_demo',
        repeatEveryMs: SLOW_LOOP_MS,
      },
      {
        id: '131234',
        accountId: acc,
        createdAt: now,
        startDelayMs: DAY,
        durationMs: 5 * MIN,
        totalCount: 10,
        fileName: 'queued_export_demo',
        repeatEveryMs: SLOW_LOOP_MS,
      },
    ],
    'alibaba-siem': [
      { id: '400185', ...banner, durationMs: 6 * MIN, exportType: 'incident_list', fileName: 'incidents_demo.xlsx' },
      {
        // success from 43 minutes before start-up; runs again 15 minutes after it
        id: '400186',
        accountId: acc,
        createdAt: now - 45 * MIN,
        durationMs: 2 * MIN,
        exportType: 'incident_list',
        fileName: 'incidents_old.xlsx',
        repeatEveryMs: 60 * MIN,
      },
      {
        id: '400187',
        accountId: acc,
        createdAt: now,
        durationMs: DAY,
        exportType: 'incident_list',
        fileName: 'incidents_all.xlsx',
        repeatEveryMs: SLOW_LOOP_MS,
      },
    ],
    'huawei-workspace': [
      { id: '7d8f6a2e-4c1b-4f3a-9e51-0c2d8b7a6f10', ...banner, durationMs: 6 * MIN, fileName: 'desktops_demo.xlsx' },
      {
        // SUCCESS (and downloaded) from 47 minutes before start-up; runs again 10 minutes after it
        id: 'c0ffee00-0000-4000-8000-000000000001',
        accountId: acc,
        createdAt: now - 50 * MIN,
        durationMs: 3 * MIN,
        fileName: 'desktops_done.xlsx',
        downloaded: true,
        repeatEveryMs: 60 * MIN,
      },
      {
        // FAIL from 37 minutes before start-up; runs (and fails) again 20 minutes after it
        id: 'c0ffee00-0000-4000-8000-000000000002',
        accountId: acc,
        createdAt: now - 40 * MIN,
        durationMs: 3 * MIN,
        fileName: 'desktops_failed.xlsx',
        outcome: 'failure',
        failureReason: 'too many desktops',
        repeatEveryMs: 60 * MIN,
      },
      {
        // EXPIRED from 237 minutes before start-up (SUCCESS for the hour before); runs again an hour after it
        id: 'c0ffee00-0000-4000-8000-000000000003',
        accountId: acc,
        createdAt: now - 300 * MIN,
        durationMs: 3 * MIN,
        fileName: 'desktops_expired.xlsx',
        expireAfterMs: 60 * MIN,
        repeatEveryMs: 360 * MIN,
      },
      {
        id: 'c0ffee00-0000-4000-8000-000000000004',
        accountId: acc,
        createdAt: now,
        durationMs: DAY,
        fileName: 'desktops_all.xlsx',
        repeatEveryMs: SLOW_LOOP_MS,
      },
    ],
  };
}

import type { ProviderId } from '../domain/provider-id';
import type { EmulatedTaskSpec } from '../emulator';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** The demo account of every emulator. */
export const DEMO_ACCOUNT = 'demo-account';

/**
 * Demo tasks per provider, in every state each provider can report (SAS `init`/`exporting`/`success`, SIEM
 * `exporting`/`success`, Tencent `RUNNING`/`SUCCESS`/`FAILURE`, Huawei `CREATING`/`SUCCESS`/`FAIL`/`EXPIRED`),
 * timed relative to start-up so that running tasks visibly progress for several minutes. Each provider
 * also has a slow task (and SAS one that stays `init`) lasting a day, so that every state is still on show
 * long after the quick ones finished. The first of each list is the one the start-up banner suggests.
 */
export function demoTasks(now: number): Readonly<Record<ProviderId, readonly EmulatedTaskSpec[]>> {
  const acc = DEMO_ACCOUNT;
  return {
    'tencent-tcss': [
      { id: 'e4409223-8e92-45db-a857-11b1ff547c79', accountId: acc, createdAt: now, durationMs: 10 * MIN },
      { id: 'demo-tcss-fast', accountId: acc, createdAt: now, durationMs: 2 * MIN },
      { id: 'demo-tcss-done', accountId: acc, createdAt: now - 30 * MIN, durationMs: 5 * MIN },
      {
        id: 'demo-tcss-failed',
        accountId: acc,
        createdAt: now - 20 * MIN,
        durationMs: 4 * MIN,
        outcome: 'failure',
        failureReason: 'export quota exceeded',
      },
      { id: 'demo-tcss-slow', accountId: acc, createdAt: now, durationMs: DAY },
    ],
    'alibaba-sas': [
      { id: '131231', accountId: acc, createdAt: now, durationMs: 8 * MIN, totalCount: 1200, fileName: 'health_check_export_demo' },
      {
        id: '131232',
        accountId: acc,
        createdAt: now,
        startDelayMs: 1 * MIN,
        durationMs: 5 * MIN,
        totalCount: 300,
        fileName: 'vul_export_demo',
      },
      {
        id: '9223372036854775807',
        accountId: acc,
        createdAt: now - 60 * MIN,
        durationMs: 3 * MIN,
        totalCount: 100,
        fileName: 'baseline_export_demo',
      },
      { id: '131233', accountId: acc, createdAt: now, durationMs: DAY, totalCount: 50_000, fileName: 'asset_export_demo' },
      {
        id: '131234',
        accountId: acc,
        createdAt: now,
        startDelayMs: DAY,
        durationMs: 5 * MIN,
        totalCount: 10,
        fileName: 'queued_export_demo',
      },
    ],
    'alibaba-siem': [
      { id: '400185', accountId: acc, createdAt: now, durationMs: 6 * MIN, exportType: 'incident_list', fileName: 'incidents_demo.xlsx' },
      {
        id: '400186',
        accountId: acc,
        createdAt: now - 45 * MIN,
        durationMs: 2 * MIN,
        exportType: 'incident_list',
        fileName: 'incidents_old.xlsx',
      },
      { id: '400187', accountId: acc, createdAt: now, durationMs: DAY, exportType: 'incident_list', fileName: 'incidents_all.xlsx' },
    ],
    'huawei-workspace': [
      { id: '7d8f6a2e-4c1b-4f3a-9e51-0c2d8b7a6f10', accountId: acc, createdAt: now, durationMs: 4 * MIN, fileName: 'desktops_demo.xlsx' },
      {
        id: 'c0ffee00-0000-4000-8000-000000000001',
        accountId: acc,
        createdAt: now - 50 * MIN,
        durationMs: 3 * MIN,
        fileName: 'desktops_done.xlsx',
        downloaded: true,
      },
      {
        id: 'c0ffee00-0000-4000-8000-000000000002',
        accountId: acc,
        createdAt: now - 40 * MIN,
        durationMs: 3 * MIN,
        fileName: 'desktops_failed.xlsx',
        outcome: 'failure',
        failureReason: 'too many desktops',
      },
      {
        id: 'c0ffee00-0000-4000-8000-000000000003',
        accountId: acc,
        createdAt: now - 300 * MIN,
        durationMs: 3 * MIN,
        fileName: 'desktops_expired.xlsx',
        expireAfterMs: 60 * MIN,
      },
      { id: 'c0ffee00-0000-4000-8000-000000000004', accountId: acc, createdAt: now, durationMs: DAY, fileName: 'desktops_all.xlsx' },
    ],
  };
}

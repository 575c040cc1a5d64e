// node-cron wiring only: the job is reconcileDay; this calls it for the previous Beijing day
// at RECONCILE_CRON (Asia/Shanghai) and catches up missed days at start-up.
import cron from 'node-cron';
import { daysToCatchUp, reconcileDay, yesterdayInBeijing, type ReconcileDeps } from '../reconciliation/index.js';

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

async function runDay(deps: ReconcileDeps, day: string, log: Log): Promise<void> {
  try {
    const result = await reconcileDay(deps, day);
    if (result.held) log.info({ day }, 'reconciliation of this day is held by another runner');
    else log.info({ day, reports: result.reports.map((r) => ({ scope: r.scope, status: r.status, differences: r.differences })) }, 'reconciled');
  } catch (err) {
    log.error({ err, day }, 'reconciliation failed');
  }
}

/** Days missed since the last completed run (at most `maxDays`), oldest first. */
export async function catchUpReconciliation(deps: ReconcileDeps, maxDays: number, log: Log): Promise<string[]> {
  const days = daysToCatchUp(deps.store.lastReconciledDay(), deps.clock.now(), maxDays);
  for (const day of days) await runDay(deps, day, log);
  return days;
}

export function scheduleReconciliation(deps: ReconcileDeps, expression: string, log: Log): () => void {
  if (!cron.validate(expression)) throw new Error(`invalid RECONCILE_CRON "${expression}"`);
  const task = cron.schedule(expression, () => runDay(deps, yesterdayInBeijing(deps.clock.now()), log), { timezone: 'Asia/Shanghai' });
  return () => void task.stop();
}

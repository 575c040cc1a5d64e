// The nightly job as a plain function: (deps, day) → reports. Cron only calls it; so does
// `npm run reconcile`. One runner per day, even across instances on one database (a lease
// row with expiry); a rerun of a day is a new version of its reports.
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { DomainError, beijingDate, beijingDayBounds, isDomainError, type Clock } from '../domain/index.js';
import { decodeEntry, type LedgerStore, type VerifierKey } from '../ledger/index.js';
import type { ProjectionDifference } from '../platform/replay.js';
import type { IdGenerator } from '../shared/ids.js';
import type { RateLimiter } from '../shared/rate-limit.js';
import { differenceOf, projectionDifference } from './differences.js';
import { checkLedgerDay, checkTaxNode } from './ledger-checks.js';
import type { TaxNodeClient } from '../replication/index.js';
import type { BillRowRecord, BillStore, Difference, ReconciliationReport, ReconciliationStore, StoredBill } from './ports.js';
import { parseTradeBill } from './trade-bill.js';

export interface ReconcileDeps {
  readonly store: ReconciliationStore;
  readonly ledgerStore: LedgerStore;
  readonly logKey: VerifierKey;
  readonly witnesses: readonly VerifierKey[];
  readonly origin: string;
  /** Replays the ledger and lists where stored rows differ (src/platform/replay.ts). */
  readonly projectionDifferences: () => ProjectionDifference[];
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly bills: BillStore;
  readonly invoiceGraceDays: number;
  /** Absent: check 6 looks at the cosignatures only. */
  readonly taxNode: TaxNodeClient | undefined;
  /** Who runs (host:pid), for the lease. */
  readonly holder: string;
  readonly leaseMs?: number;
  /**
   * On-demand runs per merchant (each replays the whole ledger): charged by runReconciliation
   * for MERCHANT callers. Absent, merchants' runs are not rationed.
   */
  readonly merchantRuns?: RateLimiter;
}

export type ReconcileResult = { readonly held: false; readonly reports: ReconciliationReport[] } | { readonly held: true };

export interface ReconcileOptions {
  /**
   * Reconcile this merchant only: its report, and nothing else. A scoped run writes a new
   * version of the merchant's report and never the platform-wide one, so it cannot move the
   * catch-up watermark (the latest day with a platform-wide report) nor show other tenants'
   * differences.
   */
  readonly merchantId?: string | undefined;
  readonly onProgress?: (phase: string, done: number, total: number) => void;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Refuses a day that cannot be reconciled on demand (DomainError `RECONCILIATION.BAD_DATE`):
 * not a calendar date, after today in Beijing, or before the ledger's first day (today when
 * the ledger is empty). The nightly job does not need this: it only runs past days.
 */
export function assertReconcilableDay(deps: Pick<ReconcileDeps, 'ledgerStore' | 'clock'>, day: string): void {
  const refuse = (why: string): DomainError => new DomainError('RECONCILIATION.BAD_DATE', `cannot reconcile ${day}: ${why}`, { field: 'date' });
  try {
    beijingDayBounds(day);
  } catch {
    throw refuse('not a calendar date');
  }
  const today = beijingDate(deps.clock.now());
  if (day > today) throw refuse(`it is after today (${today}, Beijing time)`);
  const firstDay = ledgerFirstDay(deps.ledgerStore) ?? today;
  if (day < firstDay) throw refuse(`it is before the ledger's first day (${firstDay})`);
}

/** The Beijing day of entry 0; null when the ledger is empty or entry 0 no longer decodes (the run reports that). */
function ledgerFirstDay(store: LedgerStore): string | null {
  const first = store.entry(0);
  if (!first) return null;
  try {
    return beijingDate(new Date(decodeEntry(first.data).at));
  } catch {
    return null;
  }
}

function previousDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
}

async function loadBill(deps: ReconcileDeps, bill: StoredBill): Promise<Difference | null> {
  deps.store.resetBill();
  let batch: BillRowRecord[] = [];
  try {
    const lines = createInterface({ input: Readable.from(bill.bytes), crlfDelay: Infinity });
    for await (const row of parseTradeBill(lines)) {
      batch.push({ line: row.line, paymentId: row.paymentId, status: row.status, amount: row.amount, refundId: row.refundId, refundAmount: row.refundAmount });
      if (batch.length === 2000) {
        const rows = batch;
        deps.store.insertBillRows(rows);
        batch = [];
      }
    }
    deps.store.insertBillRows(batch);
    return null;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    deps.store.resetBill();
    return { type: 'BILL_MALFORMED', severity: 'ERROR', ids: { line: (error.details['line'] as number | undefined) ?? null, file: bill.name }, detail: error.message };
  }
}

function store(deps: ReconcileDeps, day: string, scope: string, started: string, counts: Record<string, number>, differences: Difference[]): ReconciliationReport {
  const errors = differences.filter((d) => d.severity === 'ERROR').length;
  const report = {
    id: deps.ids.next('rec'), day, scope, version: deps.store.latestVersion(day, scope) + 1, status: errors > 0 ? ('DIFFERENCES' as const) : ('CLEAN' as const),
    counts, differences: differences.length, startedAt: started, finishedAt: deps.clock.now().toISOString(),
  };
  deps.store.insertReport(report, differences);
  return deps.store.report(report.id) as ReconciliationReport;
}

/** Reconciles one Beijing day: a report per merchant and a platform-wide one (or one merchant's only). */
export async function reconcileDay(deps: ReconcileDeps, day: string, options: ReconcileOptions = {}): Promise<ReconcileResult> {
  const { start, end } = beijingDayBounds(day);
  const now = deps.clock.now();
  if (!deps.store.acquireLease(day, deps.holder, now.toISOString(), new Date(now.getTime() + (deps.leaseMs ?? 30 * 60_000)).toISOString())) {
    return { held: true };
  }
  try {
    const started = now.toISOString();
    const from = start.toISOString();
    const to = end.toISOString();
    const grace = beijingDayBounds(previousDay(day, deps.invoiceGraceDays));
    const progress = options.onProgress ?? (() => undefined);
    const reports: ReconciliationReport[] = [];

    progress('replaying the ledger', 0, 1);
    const projections = deps.projectionDifferences();
    progress('replaying the ledger', 1, 1);

    const merchants = options.merchantId ? [options.merchantId] : deps.store.merchantsWithActivity(from, to);
    for (const [i, merchantId] of merchants.entries()) {
      progress('merchants', i, merchants.length);
      const differences: Difference[] = [];
      const bill = await deps.bills.readBill(merchantId, day);
      let billLoaded = false;
      if (bill) {
        const malformed = await loadBill(deps, bill);
        if (malformed) differences.push(malformed);
        else billLoaded = true;
      } else {
        deps.store.resetBill();
      }
      const counts = deps.store.dayCounts(merchantId, from, to);
      if (!billLoaded && !differences.length && (counts['payments'] ?? 0) + (counts['refunds'] ?? 0) > 0) {
        // named by merchant and day, never by where it is kept on the server
        differences.push({ type: 'BILL_MISSING', severity: 'ERROR', ids: { merchantId, day }, detail: `no trade bill from the payment provider for ${day} (upload it with uploadTradeBill)` });
      }
      if (billLoaded) for (const fact of deps.store.billFacts(merchantId, from, to)) differences.push(differenceOf(fact));
      for (const fact of deps.store.uninvoicedPayments(merchantId, grace.start.toISOString(), grace.end.toISOString())) differences.push(differenceOf(fact));
      for (const fact of deps.store.invoiceFacts(merchantId, from, to)) differences.push(differenceOf(fact));
      for (const d of projections) if (d.merchantId === merchantId) differences.push(projectionDifference(d));
      reports.push(store(deps, day, merchantId, started, counts, differences));
    }
    progress('merchants', merchants.length, merchants.length);
    if (options.merchantId) return { held: false, reports };

    // the platform-wide report: the ledger of the day, every projection, the tax node
    const ledgerDay = checkLedgerDay({
      store: deps.ledgerStore, logKey: deps.logKey, witnesses: deps.witnesses, fromMs: start.getTime(), toMs: end.getTime(),
      onProgress: (done, total) => progress('verifying the ledger', done, total),
    });
    const differences = [
      ...ledgerDay.differences,
      ...projections.map(projectionDifference),
      ...(await checkTaxNode({ last: ledgerDay.lastCheckpoint, cosigned: ledgerDay.counts.cosigned, origin: deps.origin, taxNode: deps.taxNode })),
    ];
    reports.push(store(deps, day, '*', started, { merchants: merchants.length, ...ledgerDay.counts, projectionDifferences: projections.length }, differences));
    return { held: false, reports };
  } finally {
    deps.store.releaseLease(day, deps.holder);
  }
}

/** The Beijing day before `now`. */
export function yesterdayInBeijing(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000 - DAY_MS).toISOString().slice(0, 10);
}

/** Days after the last reconciled one up to yesterday, at most `maxDays` (oldest first). */
export function daysToCatchUp(lastReconciled: string | null, now: Date, maxDays: number): string[] {
  const yesterday = yesterdayInBeijing(now);
  const days: string[] = [];
  for (let d = yesterday; days.length < maxDays && (lastReconciled === null ? days.length < 1 : d > lastReconciled); d = previousDay(d, 1)) days.push(d);
  return days.reverse();
}

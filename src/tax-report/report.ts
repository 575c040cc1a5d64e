// Period tax reports (MERCHANT): per tax rate, the count, net and tax of the merchant's
// invoices issued in the period (Beijing dates), red invoices counting negative, as of the
// ledger position of the report itself. The report commits to exactly which invoices it
// covers: their ledger indexes and a Merkle root over them (RFC 9162 MTH over the 6-byte
// indexes, in issue-date then ledger-index order — the order both nodes read them in). A period is filed once; a correction is a new version referencing the previous.
import { authorize, type MerchantStore, type Principal } from '../access/index.js';
import { DomainError, parseTaxPeriod, type Clock } from '../domain/index.js';
import { taxReported } from '../events/index.js';
import type { InvoiceStore } from '../invoices/index.js';
import { indexLeaf, RootAccumulator, toBase64, type Ledger } from '../ledger/index.js';
import type { IdGenerator } from '../shared/ids.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';

export interface RateLine {
  readonly rate: string;
  readonly count: number;
  readonly net: number;
  readonly tax: number;
}

export interface TaxReport {
  readonly seq: number;
  readonly id: string;
  readonly merchantId: string;
  readonly period: string;
  readonly version: number;
  readonly previous: string | null;
  readonly rates: RateLine[];
  readonly invoiceCount: number;
  readonly net: number;
  readonly tax: number;
  /** 6-byte big-endian ledger indexes, ascending. */
  readonly coveredIndexes: Uint8Array;
  readonly coveredRoot: Uint8Array;
  readonly asOfIndex: number;
  readonly ledgerIndex: number;
  readonly filedAt: string;
}

export interface TaxReportStore {
  insert(report: Omit<TaxReport, 'seq'>): void;
  get(id: string): TaxReport | null;
  latest(merchantId: string, period: string): TaxReport | null;
  list(merchantId: string | null, afterSeq: number, limit: number): TaxReport[];
}

export interface TaxReportDeps {
  readonly reports: TaxReportStore;
  readonly invoices: InvoiceStore;
  readonly merchants: MerchantStore;
  readonly ledger: Ledger;
  readonly uow: UnitOfWork;
  readonly ids: IdGenerator;
  readonly clock: Clock;
}

/** One line of a covered invoice; rows come grouped by invoice, in (issue date, ledger index) order. */
export interface CoveredLine {
  readonly issuedIndex: number;
  readonly rate: string;
  readonly net: number;
  readonly tax: number;
}

/**
 * a + b for a period's totals. Each invoice is at most MAX_AMOUNT_FEN, but a period of many
 * may pass Number.MAX_SAFE_INTEGER, where a double silently rounds: refuse instead. (Both
 * operands are safe integers, so the first inexact sum is already beyond the safe range.)
 */
function periodSum(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new DomainError('MONEY.OUT_OF_RANGE', "the period's totals exceed the range of amounts this platform can report");
  return sum;
}

/**
 * Per-rate totals (count = invoices with a line at that rate) and the commitment, streamed
 * over the covered invoices' lines in O(log n) memory plus 6 bytes per invoice.
 */
export function summariseCovered(rows: Iterable<CoveredLine>): { rates: RateLine[]; invoiceCount: number; indexes: Uint8Array; root: Uint8Array } {
  const byRate = new Map<string, { count: number; net: number; tax: number; lastInvoice: number }>();
  const accumulator = new RootAccumulator();
  const chunks: Buffer[] = [];
  let chunk = Buffer.alloc(6 * 4096);
  let used = 0;
  let current = -1;
  for (const row of rows) {
    let acc = byRate.get(row.rate);
    if (!acc) byRate.set(row.rate, (acc = { count: 0, net: 0, tax: 0, lastInvoice: -1 }));
    acc.net = periodSum(acc.net, row.net);
    acc.tax = periodSum(acc.tax, row.tax);
    if (acc.lastInvoice !== row.issuedIndex) {
      acc.count += 1;
      acc.lastInvoice = row.issuedIndex;
    }
    if (row.issuedIndex === current) continue;
    current = row.issuedIndex;
    const leaf = indexLeaf(row.issuedIndex);
    accumulator.push(leaf);
    if (used === chunk.length) {
      chunks.push(chunk);
      chunk = Buffer.alloc(chunk.length);
      used = 0;
    }
    chunk.set(leaf, used);
    used += 6;
  }
  chunks.push(chunk.subarray(0, used));
  const rates = [...byRate].map(([rate, v]) => ({ rate, count: v.count, net: v.net, tax: v.tax })).sort((a, b) => a.rate.localeCompare(b.rate));
  return { rates, invoiceCount: accumulator.size, indexes: new Uint8Array(Buffer.concat(chunks)), root: accumulator.root() };
}

/** A report computed and returned but not filed: no ledger entry, no row, nothing marked reported. */
export type TaxReportPreview = Omit<TaxReport, 'seq' | 'id' | 'ledgerIndex' | 'filedAt'> & { readonly preview: true };

/**
 * Files the caller's (MERCHANT) report for a month or quarter, or (correction) its next
 * version. With `preview`, the period is computed as it stands and returned without being
 * filed: no ledger entry, no row, no invoice marked reported.
 */
export function fileTaxReport(deps: TaxReportDeps, principal: Principal | null, period: string, correction: boolean): TaxReport;
export function fileTaxReport(deps: TaxReportDeps, principal: Principal | null, period: string, correction: boolean, preview: true): TaxReportPreview;
export function fileTaxReport(deps: TaxReportDeps, principal: Principal | null, period: string, correction: boolean, preview: boolean): TaxReport | TaxReportPreview;
export function fileTaxReport(deps: TaxReportDeps, principal: Principal | null, period: string, correction: boolean, preview = false): TaxReport | TaxReportPreview {
  const merchantId = authorize(principal, 'taxReport:file').merchantId ?? '';
  // a period that has not begun, or ends before the ledger could hold an invoice, is refused
  const p = parseTaxPeriod(period, { now: deps.clock.now() });
  const compute = (check: (previous: TaxReport | null) => void = () => undefined) => {
    const merchant = deps.merchants.get(merchantId);
    if (!merchant) throw new DomainError('MERCHANT.NOT_FOUND', `no merchant ${merchantId}`);
    const previous = deps.reports.latest(merchantId, period);
    check(previous); // refuse before summing the period
    const asOfIndex = deps.ledger.size();
    const summary = summariseCovered(deps.invoices.issuedInPeriod(merchantId, p.from, p.to, asOfIndex));
    const net = summary.rates.reduce((a, r) => periodSum(a, r.net), 0);
    const tax = summary.rates.reduce((a, r) => periodSum(a, r.tax), 0);
    return { merchant, previous, asOfIndex, summary, net, tax, version: (previous?.version ?? 0) + 1 };
  };
  if (preview) {
    const c = compute();
    return {
      preview: true, merchantId, period, version: c.version, previous: c.previous?.id ?? null, rates: c.summary.rates, invoiceCount: c.summary.invoiceCount,
      net: c.net, tax: c.tax, coveredIndexes: c.summary.indexes, coveredRoot: c.summary.root, asOfIndex: c.asOfIndex,
    };
  }
  return deps.uow.run(() => {
    const { merchant, previous, asOfIndex, summary, net, tax, version } = compute((previous) => {
      if (previous && !correction) throw new DomainError('TAX_REPORT.ALREADY_FILED', `${period} is already filed (version ${previous.version}); file a correction instead`, { reportId: previous.id });
      if (!previous && correction) throw new DomainError('TAX_REPORT.NOTHING_TO_CORRECT', `${period} has not been filed yet`);
    });
    const id = deps.ids.next('rpt');
    const at = deps.clock.now().toISOString();
    const [ledgerIndex] = deps.ledger.append([
      taxReported({
        at, actor: { role: 'MERCHANT', id: merchantId }, subjectId: id,
        data: {
          merchantId, seller: { taxpayerId: merchant.taxpayerId }, period, from: p.from, to: p.to, version, previous: previous?.id ?? null,
          rates: summary.rates.map((r) => ({ ...r })), invoiceCount: summary.invoiceCount, net, tax, coveredRoot: toBase64(summary.root), asOfIndex,
        },
      }),
    ]);
    const report: Omit<TaxReport, 'seq'> = {
      id, merchantId, period, version, previous: previous?.id ?? null, rates: summary.rates, invoiceCount: summary.invoiceCount, net, tax,
      coveredIndexes: summary.indexes, coveredRoot: summary.root, asOfIndex, ledgerIndex: ledgerIndex as number, filedAt: at,
    };
    deps.reports.insert(report);
    deps.invoices.markTaxReported(merchantId, p.from, p.to, asOfIndex);
    return deps.reports.get(id) as TaxReport;
  });
}

/** The covered ledger indexes of a report, decoded. */
export function coveredIndexes(report: Pick<TaxReport, 'coveredIndexes'>): number[] {
  const out: number[] = [];
  const b = report.coveredIndexes;
  for (let i = 0; i + 6 <= b.length; i += 6) {
    let n = 0;
    for (let j = 0; j < 6; j += 1) n = n * 256 + (b[i + j] ?? 0);
    out.push(n);
  }
  return out;
}

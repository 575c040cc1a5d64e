// The rules by which one entry changes another record, written once for every reader of the
// ledger: the fold (fold.ts), the platform's replay (src/platform/replay.ts and the SQL of
// src/storage/sqlite/projection-check.ts), the tax node's indexes (src/witness/index-entries.ts).
import { transitionInvoice, type InvoiceStatus, type ReimbursementStatus } from '../domain/index.js';
import type { InvoiceIssuedData, LedgerEvent, RateLineData, ReimbursementEvent } from './types.js';

export const INVOICE_STATUSES = ['APPLIED', 'ISSUED', 'REVERSAL_REQUIRED', 'REVERSED'] as const satisfies readonly InvoiceStatus[];

/**
 * REQUIRE_REVERSAL (domain/lifecycle.ts): a refund after issuance makes a reversal owed on the
 * payment's blue invoice. The statuses from which a refund leads to REVERSAL_REQUIRED,
 * derived from the lifecycle itself (today: ISSUED, REVERSAL_REQUIRED).
 */
export const REVERSAL_OWED_FROM: readonly InvoiceStatus[] = INVOICE_STATUSES.filter((s) => transitionInvoice(s, 'REQUIRE_REVERSAL').ok);

/** The status a payment.refunded entry gives one invoice of that payment, or null when it leaves it alone. */
export function statusAfterRefund(invoice: { readonly kind: 'BLUE' | 'RED'; readonly status: InvoiceStatus }): InvoiceStatus | null {
  if (invoice.kind !== 'BLUE') return null;
  const step = transitionInvoice(invoice.status, 'REQUIRE_REVERSAL');
  return step.ok ? step.to : null;
}

/**
 * The REQUIRE_REVERSAL rule as a SQL condition over an invoices table, for replays kept in SQL
 * (projection-check.ts): `UPDATE rp_invoices SET status = 'REVERSAL_REQUIRED' WHERE payment = ?
 * AND ${reversalOwedSql()}`. The statuses come from the lifecycle, so both stay one rule.
 */
export function reversalOwedSql(columns: { kind: string; status: string } = { kind: 'kind', status: 'status' }): string {
  const statuses = REVERSAL_OWED_FROM.map((s) => `'${s}'`).join(', ');
  return `${columns.kind} = 'BLUE' AND ${columns.status} IN (${statuses})`;
}

/** The reimbursement status an entry of that family leaves on its invoice. */
export const REIMBURSEMENT_AFTER: Readonly<Record<ReimbursementEvent['type'], ReimbursementStatus>> = {
  'reimbursement.locked': 'LOCKED',
  'reimbursement.unlocked': 'NONE',
  'reimbursement.closed': 'CLOSED',
};

/**
 * Which invoices a tax.reported entry marks as reported: the seller's invoices (blue and red)
 * issued in [from, to] (Beijing dates) before the report's position (src/tax-report/report.ts).
 */
export function isCoveredByReport(
  invoice: { readonly issueDate: string | null; readonly issuedIndex: number | null },
  report: { readonly from: string; readonly to: string },
  beforeIndex: number,
): boolean {
  return invoice.issueDate !== null && invoice.issuedIndex !== null && invoice.issueDate >= report.from && invoice.issueDate <= report.to && invoice.issuedIndex < beforeIndex;
}

/**
 * isCoveredByReport as a SQL condition over an invoices table, for the stores that mark or
 * read a report's invoices in SQL (the platform's invoices, the replay of projection-check.ts,
 * the tax node's mirror). Its three `?` take, in order, the report's from, to and position:
 * `WHERE seller = ? AND ${coveredByReportSql()}` with (seller, from, to, beforeIndex).
 * (The seller, and on the platform the merchant, are the caller's own condition; a NULL date
 * or index compares false, as isCoveredByReport's null checks.)
 */
export function coveredByReportSql(columns: { issueDate: string; issuedIndex: string } = { issueDate: 'issue_date', issuedIndex: 'issued_index' }): string {
  return `${columns.issueDate} >= ? AND ${columns.issueDate} <= ? AND ${columns.issuedIndex} < ?`;
}

/** An issued invoice's net and tax per rate, rates in first-seen line order. */
export function ratesOfInvoice(data: Pick<InvoiceIssuedData, 'lines'>): Array<Omit<RateLineData, 'count'>> {
  const rates = new Map<RateLineData['rate'], { net: number; tax: number }>();
  for (const line of data.lines) {
    const r = rates.get(line.taxRate) ?? { net: 0, tax: 0 };
    rates.set(line.taxRate, { net: r.net + line.net, tax: r.tax + line.tax });
  }
  return [...rates].map(([rate, sums]) => ({ rate, ...sums }));
}

/** The taxpayer ids an entry names (the tax node indexes entries by them). */
export function partiesOf(event: LedgerEvent): { seller: string | null; buyer: string | null } {
  switch (event.type) {
    case 'invoice.issued':
      return { seller: event.data.seller.taxpayerId, buyer: event.data.buyer.taxpayerId };
    case 'invoice.applied':
      return { seller: null, buyer: event.data.buyer.taxpayerId };
    case 'reimbursement.locked':
    case 'reimbursement.unlocked':
    case 'reimbursement.closed':
      return { seller: null, buyer: event.data.buyer.taxpayerId };
    case 'tax.reported':
      return { seller: event.data.seller.taxpayerId, buyer: null };
    default:
      return { seller: null, buyer: null };
  }
}

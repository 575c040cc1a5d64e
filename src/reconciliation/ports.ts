export type DifferenceType =
  | 'BILL_MALFORMED' | 'BILL_MISSING'
  | 'BILL_ONLY_PAYMENT' | 'PAYMENT_NOT_IN_BILL' | 'PAYMENT_AMOUNT_MISMATCH'
  | 'BILL_ONLY_REFUND' | 'REFUND_NOT_IN_BILL' | 'REFUND_AMOUNT_MISMATCH'
  | 'UNINVOICED_PAYMENT' | 'INVOICE_AMOUNT_MISMATCH' | 'REVERSAL_MISSING'
  | 'LEAF_HASH_MISMATCH' | 'CHECKPOINT_INVALID' | 'CHECKPOINT_INCONSISTENT'
  | 'PROJECTION_MISMATCH'
  | 'TAX_NODE_NOT_COSIGNED' | 'TAX_NODE_ROOT_MISMATCH' | 'TAX_NODE_UNREACHABLE';

export interface Difference {
  readonly type: DifferenceType;
  readonly severity: 'ERROR' | 'INFO';
  /** The ids involved: payment, refund, invoice ids, ledger indexes, checkpoint sizes, bill lines. */
  readonly ids: Record<string, string | number | null>;
  readonly detail: string;
}

export interface BillRowRecord {
  readonly line: number;
  readonly paymentId: string;
  readonly status: 'SUCCESS' | 'REFUND';
  readonly amount: number;
  readonly refundId: string | null;
  readonly refundAmount: number;
}

/**
 * What the store's anti-joins find, as facts: which records, which amounts, which side lacks
 * one. Whether a fact is a difference, how severe and how it is worded is decided in
 * differences.ts, not in storage. Amounts are fen.
 */
export type BillFact =
  /** the bill has a payment we never recorded */
  | { readonly kind: 'PAYMENT_ONLY_IN_BILL'; readonly billLine: number; readonly providerPaymentId: string; readonly amount: number }
  /** we recorded a payment of the day the bill does not have */
  | { readonly kind: 'PAYMENT_ONLY_OURS'; readonly paymentId: string; readonly providerPaymentId: string; readonly amount: number }
  | { readonly kind: 'PAYMENT_AMOUNTS_DIFFER'; readonly paymentId: string; readonly providerPaymentId: string; readonly billLine: number; readonly ours: number; readonly theirs: number }
  /** the bill has a refund we never recorded */
  | { readonly kind: 'REFUND_ONLY_IN_BILL'; readonly billLine: number; readonly providerRefundId: string; readonly providerPaymentId: string; readonly amount: number }
  /** we recorded a refund of the day the bill does not have */
  | { readonly kind: 'REFUND_ONLY_OURS'; readonly refundId: string; readonly providerRefundId: string; readonly providerPaymentId: string; readonly amount: number }
  | { readonly kind: 'REFUND_AMOUNTS_DIFFER'; readonly refundId: string; readonly providerRefundId: string; readonly billLine: number; readonly ours: number; readonly theirs: number };

/** A payment not wholly refunded that has no live blue invoice; `due` = amount − refunded. */
export interface UninvoicedPaymentFact {
  readonly kind: 'PAYMENT_WITHOUT_INVOICE';
  readonly paymentId: string;
  readonly providerPaymentId: string;
  readonly due: number;
}

export type InvoiceFact =
  /** an issued blue invoice whose gross is not what its payment comes to net of refunds (`due`) */
  | { readonly kind: 'INVOICE_GROSS_NOT_DUE'; readonly invoiceId: string; readonly number: string; readonly paymentId: string; readonly gross: number; readonly due: number }
  /** a blue invoice still owing its reversal after its payment was refunded */
  | { readonly kind: 'REVERSAL_OWED'; readonly invoiceId: string; readonly number: string; readonly paymentId: string; readonly refunded: number };

export type ReconciliationFact = BillFact | UninvoicedPaymentFact | InvoiceFact;

export interface ReconciliationReport {
  readonly seq: number;
  readonly id: string;
  readonly day: string;
  /** A merchant id, or '*' for the platform-wide report. */
  readonly scope: string;
  readonly version: number;
  readonly status: 'CLEAN' | 'DIFFERENCES';
  readonly counts: Record<string, number>;
  readonly differences: number;
  readonly startedAt: string;
  readonly finishedAt: string;
}

export interface ReconciliationStore {
  /** Takes the day's lease unless another holder has an unexpired one. */
  acquireLease(day: string, holder: string, now: string, expiresAt: string): boolean;
  releaseLease(day: string, holder: string): void;
  /** A fresh scratch table for one merchant's bill rows. */
  resetBill(): void;
  insertBillRows(rows: readonly BillRowRecord[]): void;
  /** Bill vs payments and refunds of one merchant for [from, to): where they disagree. */
  billFacts(merchantId: string, from: string, to: string): Iterable<BillFact>;
  /** Payments of [from, to) with something due and no live blue invoice. */
  uninvoicedPayments(merchantId: string, from: string, to: string): Iterable<UninvoicedPaymentFact>;
  /** Issued invoices (of payments or issues in [from, to)) whose gross is not due, and reversals owed. */
  invoiceFacts(merchantId: string, from: string, to: string): Iterable<InvoiceFact>;
  dayCounts(merchantId: string, from: string, to: string): Record<string, number>;
  merchantsWithActivity(from: string, to: string): string[];
  insertReport(report: Omit<ReconciliationReport, 'seq'>, differences: readonly Difference[]): void;
  latestVersion(day: string, scope: string): number;
  report(id: string): ReconciliationReport | null;
  reports(filter: { from?: string; to?: string; scope?: string }, afterSeq: number, limit: number): ReconciliationReport[];
  differences(reportId: string, afterN: number, limit: number): Array<Difference & { n: number }>;
  /** The latest day with a platform-wide report from a run started after that day ended (the catch-up watermark). */
  lastReconciledDay(): string | null;
}

/** A stored trade bill: a name to show in reports (never where it is kept) and its bytes. */
export interface StoredBill {
  readonly name: string;
  readonly bytes: AsyncIterable<Uint8Array>;
}

/**
 * The providers' trade bills, one per merchant and day. Keys that are not a merchant id and a
 * date (yyyy-mm-dd) are refused with DomainError `BILL.BAD_KEY` before anything is read or written.
 */
export interface BillStore {
  /** The day's bill, or null when none was stored. */
  readBill(merchantId: string, day: string): Promise<StoredBill | null>;
  /** Stores (or replaces) the day's bill; a reader sees the old bill or the new one, never a part. */
  writeBill(merchantId: string, day: string, content: string | Uint8Array): Promise<void>;
}

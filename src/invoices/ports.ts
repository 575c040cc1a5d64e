import type { Invoice, InvoiceFilter, InvoiceLine } from './types.js';

export interface IssuedFields {
  readonly number: string;
  readonly issueDate: string;
  readonly sellerName: string;
  readonly sellerTaxpayerId: string;
  readonly net: number;
  readonly tax: number;
  readonly gross: number;
  readonly capitalAmount: string;
  readonly issuedIndex: number;
  readonly issuedAt: string;
}

export interface InvoiceStore {
  insertApplied(invoice: Omit<Invoice, 'seq'>): void;
  get(id: string): Invoice | null;
  getByNumber(number: string): Invoice | null;
  /** The blue invoice of a payment that is not reversed, if any. */
  activeForPayment(payment: string): Invoice | null;
  /** The latest blue invoice of a payment in any state (reversed included), if any. */
  latestBlueForPayment(payment: string): Invoice | null;
  markIssued(id: string, fields: IssuedFields, lines: readonly InvoiceLine[]): void;
  lines(invoiceIds: readonly string[]): Map<string, InvoiceLine[]>;
  /** Next sequence number for (year, province): monotonic, never reused. */
  nextSequence(year: number, provinceCode: string): number;
  page(filter: InvoiceFilter, afterSeq: number, limit: number): Invoice[];
  /** Inserts an invoice that is issued from the start (a red invoice, a re-issued blue one). */
  insertIssued(invoice: Omit<Invoice, 'seq'>, lines: readonly InvoiceLine[]): void;
  setStatus(id: string, status: Invoice['status']): void;
  /** Marks a blue invoice reversed by its red one. */
  linkReversal(blueId: string, redId: string, reason: string): void;
  setReimbursement(id: string, status: Invoice['reimbursement']): void;
  /** Marks every invoice (blue and red) of a merchant issued in [from, to] before `beforeIndex` as tax-reported. */
  markTaxReported(merchantId: string, from: string, to: string, beforeIndex: number): number;
  /** The same invoices, streamed in ledger order: what a tax report covers. */
  issuedInPeriod(merchantId: string, from: string, to: string, beforeIndex: number): IterableIterator<{ issuedIndex: number; rate: string; net: number; tax: number }>;
  putReversalRequest(request: { invoice: string; reason: string; requestedAt: string }): void;
  reversalRequest(invoice: string): { invoice: string; reason: string; requestedAt: string } | null;
  /** Pending reversal requests joined with their invoices, by seller merchant or buyer USCC (exactly one given), oldest first. */
  pendingReversals(filter: { merchantId: string | null; buyerTaxpayerId: string | null }, limit: number): Array<{ invoice: Invoice; reason: string; requestedAt: string }>;
  deleteReversalRequest(invoice: string): void;
}

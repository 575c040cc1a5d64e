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
  markIssued(id: string, fields: IssuedFields, lines: readonly InvoiceLine[]): void;
  lines(invoiceIds: readonly string[]): Map<string, InvoiceLine[]>;
  /** Next sequence number for (year, province): monotonic, never reused. */
  nextSequence(year: number, provinceCode: string): number;
  page(filter: InvoiceFilter, afterSeq: number, limit: number): Invoice[];
}

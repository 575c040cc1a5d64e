// Rebuilds the platform's projections (payment amounts and refunds, invoice status and
// totals) from the ledger alone, and compares them with the stored rows. The ledger is the
// truth: any difference is a projection that drifted or a row edited behind its back.
import { decodeEntry, type LedgerEntry, type LedgerStore } from '../ledger/index.js';
import type { InvoiceStore } from '../invoices/index.js';
import type { PaymentStore } from '../payments/index.js';

export interface ReplayedPayment {
  merchantId: string;
  providerPaymentId: string;
  amount: number;
  refunded: number;
  ledgerIndex: number;
}

export interface ReplayedInvoice {
  merchantId: string;
  payment: string;
  kind: 'BLUE' | 'RED';
  status: 'APPLIED' | 'ISSUED' | 'REVERSAL_REQUIRED' | 'REVERSED';
  issueDate: string | null;
  reimbursement: 'NONE' | 'LOCKED' | 'CLOSED';
  taxReported: boolean;
  number: string | null;
  net: number | null;
  tax: number | null;
  gross: number | null;
  appliedIndex: number;
  issuedIndex: number | null;
}

export interface Projections {
  readonly payments: Map<string, ReplayedPayment>;
  readonly invoices: Map<string, ReplayedInvoice>;
  readonly undecodable: number[];
}

type Data = Record<string, unknown>;
const num = (d: Data, k: string): number => d[k] as number;
const str = (d: Data, k: string): string => d[k] as string;

/** Applies one entry to the projections (entries must come in index order). */
export function applyEntry(projections: Projections, index: number, entry: LedgerEntry): void {
  const d = entry.data as Data;
  const id = entry.subject.id;
  switch (entry.type) {
    case 'payment.succeeded':
      projections.payments.set(id, { merchantId: str(d, 'merchantId'), providerPaymentId: str(d, 'providerPaymentId'), amount: num(d, 'amount'), refunded: 0, ledgerIndex: index });
      break;
    case 'payment.refunded': {
      const payment = projections.payments.get(id);
      if (payment) payment.refunded = num(d, 'refundedTotal');
      // an issued blue invoice of a refunded payment now owes a reversal
      for (const invoice of projections.invoices.values()) {
        if (invoice.payment === id && invoice.kind === 'BLUE' && (invoice.status === 'ISSUED' || invoice.status === 'REVERSAL_REQUIRED')) invoice.status = 'REVERSAL_REQUIRED';
      }
      break;
    }
    case 'invoice.applied':
      projections.invoices.set(id, {
        merchantId: str(d, 'merchantId'), payment: str(d, 'payment'), kind: 'BLUE', status: 'APPLIED', issueDate: null, reimbursement: 'NONE', taxReported: false,
        number: null, net: null, tax: null, gross: null, appliedIndex: index, issuedIndex: null,
      });
      break;
    case 'invoice.issued': {
      // red invoices have no application: they come into being issued
      const invoice = projections.invoices.get(id) ?? {
        merchantId: str(d, 'merchantId'), payment: str(d, 'payment'), kind: 'RED' as const, status: 'APPLIED' as const, issueDate: null,
        reimbursement: 'NONE' as const, taxReported: false, number: null, net: null, tax: null, gross: null, appliedIndex: index, issuedIndex: null,
      };
      Object.assign(invoice, {
        kind: d['kind'] === 'RED' ? 'RED' : 'BLUE', status: 'ISSUED', issueDate: str(d, 'issueDate'), number: str(d, 'number'),
        net: num(d, 'net'), tax: num(d, 'tax'), gross: num(d, 'gross'), issuedIndex: index,
      });
      projections.invoices.set(id, invoice);
      break;
    }
    case 'invoice.reversed': {
      const invoice = projections.invoices.get(id);
      if (invoice) invoice.status = 'REVERSED';
      break;
    }
    case 'reimbursement.locked':
    case 'reimbursement.closed':
    case 'reimbursement.unlocked': {
      const invoice = projections.invoices.get(id);
      if (invoice) invoice.reimbursement = entry.type === 'reimbursement.locked' ? 'LOCKED' : entry.type === 'reimbursement.closed' ? 'CLOSED' : 'NONE';
      break;
    }
    case 'tax.reported': {
      const merchantId = str(d, 'merchantId');
      for (const invoice of projections.invoices.values()) {
        if (invoice.merchantId === merchantId && invoice.issueDate !== null && invoice.issuedIndex !== null && invoice.issuedIndex < index
          && invoice.issueDate >= str(d, 'from') && invoice.issueDate <= str(d, 'to')) invoice.taxReported = true;
      }
      break;
    }
    default:
      break;
  }
}

/**
 * Replays the whole ledger. An entry that no longer decodes (a tampered leaf) is skipped and
 * listed in `undecodable`: the ledger audit names it, and what it recorded shows up below as
 * projection differences.
 */
export function replayLedger(store: LedgerStore, size: number = store.size()): Projections {
  const projections: Projections = { payments: new Map(), invoices: new Map(), undecodable: [] };
  for (const entry of store.entries(0, size)) {
    let decoded;
    try {
      decoded = decodeEntry(entry.data);
    } catch {
      projections.undecodable.push(entry.index);
      continue;
    }
    applyEntry(projections, entry.index, decoded);
  }
  return projections;
}

export interface ProjectionDifference {
  readonly kind: 'payment' | 'invoice';
  readonly id: string;
  readonly field: string;
  readonly ledger: unknown;
  readonly stored: unknown;
}

/** Every difference between the replayed projections and the stored rows. */
export function compareProjections(
  projections: Projections,
  stores: { payments: PaymentStore; invoices: InvoiceStore },
): ProjectionDifference[] {
  const out: ProjectionDifference[] = [];
  const diff = (kind: 'payment' | 'invoice', id: string, field: string, ledger: unknown, stored: unknown): void => {
    if (ledger !== stored) out.push({ kind, id, field, ledger, stored });
  };
  for (const [id, p] of projections.payments) {
    const row = stores.payments.get(id);
    if (!row) {
      diff('payment', id, 'exists', true, false);
      continue;
    }
    diff('payment', id, 'amount', p.amount, row.amount);
    diff('payment', id, 'refunded', p.refunded, row.refunded);
    diff('payment', id, 'merchantId', p.merchantId, row.merchantId);
    diff('payment', id, 'ledgerIndex', p.ledgerIndex, row.ledgerIndex);
  }
  for (const [id, i] of projections.invoices) {
    const row = stores.invoices.get(id);
    if (!row) {
      diff('invoice', id, 'exists', true, false);
      continue;
    }
    for (const field of ['status', 'kind', 'number', 'net', 'tax', 'gross', 'appliedIndex', 'issuedIndex', 'merchantId', 'payment', 'issueDate', 'taxReported'] as const) {
      diff('invoice', id, field, i[field], row[field]);
    }
    diff('invoice', id, 'reimbursement', i.reimbursement, row.reimbursement);
  }
  // rows that the ledger never recorded
  for (let after = 0; ; ) {
    const page = stores.payments.page({ merchantId: null, afterSeq: after, limit: 1000 });
    for (const row of page) if (!projections.payments.has(row.id)) diff('payment', row.id, 'exists', false, true);
    if (page.length < 1000) break;
    after = (page.at(-1) as { seq: number }).seq;
  }
  for (let after = 0; ; ) {
    const page = stores.invoices.page({ merchantId: null }, after, 1000);
    for (const row of page) if (!projections.invoices.has(row.id)) diff('invoice', row.id, 'exists', false, true);
    if (page.length < 1000) break;
    after = (page.at(-1) as { seq: number }).seq;
  }
  return out;
}

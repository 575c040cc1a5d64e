// Rebuilding the platform's projections from the ledger alone: which entry changes what. The
// rules live here once; where the replayed state is kept (SQLite temporary tables, so memory
// stays bounded whatever the ledger's size) and how it is compared with the stored rows is the
// storage adapter's business (src/storage/sqlite/projection-check.ts).
import { decodeEntry, type LedgerEntry, type LedgerStore } from '../ledger/index.js';

/** A party as the ledger records it on an invoice. */
export interface ReplayedBuyer { type: string; name: string; taxpayerId: string | null }

/** Where a replay writes the state it rebuilds. */
export interface ProjectionSink {
  payment(id: string, p: {
    merchantId: string; providerPaymentId: string; amount: number; currency: string; paidAt: string; description: string;
    /** The items as JSON text (null when the payment had none). */
    itemsJson: string | null; ledgerIndex: number; at: string;
  }): void;
  /** Also marks the payment's issued blue invoice REVERSAL_REQUIRED. */
  refunded(paymentId: string, refundedTotal: number): void;
  applied(id: string, a: { merchantId: string; payment: string; appliedIndex: number; at: string; buyer: ReplayedBuyer }): void;
  /** Red invoices have no application: the sink creates the row when it is missing. */
  issued(id: string, i: {
    merchantId: string; payment: string; kind: 'BLUE' | 'RED'; issueDate: string; number: string; net: number; tax: number; gross: number; issuedIndex: number;
    at: string; buyer: ReplayedBuyer; seller: { name: string; taxpayerId: string }; capitalAmount: string; lines: readonly ReplayedLine[];
    /** Red invoices only: the blue one reversed, and why. */
    reverses: string | null; reason: string | null;
  }): void;
  reversed(id: string, r: { redInvoice: string; reason: string }): void;
  reimbursement(id: string, status: 'NONE' | 'LOCKED' | 'CLOSED'): void;
  taxReported(merchantId: string, from: string, to: string, beforeIndex: number): void;
}

export interface ReplayedLine {
  lineNo: number; name: string; taxCode: string; quantity: string; unitPrice: number | null; taxRate: string; net: number; tax: number; gross: number;
}

export interface ProjectionDifference {
  readonly kind: 'payment' | 'invoice';
  readonly id: string;
  readonly merchantId: string | null;
  readonly field: string;
  readonly ledger: unknown;
  readonly stored: unknown;
  /** For a difference in an invoice line: which line. */
  readonly lineNo?: number;
}

type Data = Record<string, unknown>;
const num = (d: Data, k: string): number => d[k] as number;
const str = (d: Data, k: string): string => d[k] as string;
const strOrNull = (d: Data, k: string): string | null => (typeof d[k] === 'string' ? (d[k] as string) : null);

function buyerOf(d: Data): ReplayedBuyer {
  const b = (d['buyer'] ?? {}) as Data;
  return { type: str(b, 'type'), name: str(b, 'name'), taxpayerId: strOrNull(b, 'taxpayerId') };
}

function linesOf(d: Data): ReplayedLine[] {
  return ((d['lines'] ?? []) as Data[]).map((l) => ({
    lineNo: num(l, 'lineNo'), name: str(l, 'name'), taxCode: str(l, 'taxCode'), quantity: str(l, 'quantity'),
    unitPrice: typeof l['unitPrice'] === 'number' ? l['unitPrice'] : null, taxRate: str(l, 'taxRate'), net: num(l, 'net'), tax: num(l, 'tax'), gross: num(l, 'gross'),
  }));
}

/** Applies one entry (entries must come in index order). */
export function applyEntry(sink: ProjectionSink, index: number, entry: LedgerEntry): void {
  const d = entry.data as Data;
  const id = entry.subject.id;
  switch (entry.type) {
    case 'payment.succeeded':
      return sink.payment(id, {
        merchantId: str(d, 'merchantId'), providerPaymentId: str(d, 'providerPaymentId'), amount: num(d, 'amount'), currency: str(d, 'currency'),
        paidAt: str(d, 'paidAt'), description: str(d, 'description'), itemsJson: d['items'] === null || d['items'] === undefined ? null : JSON.stringify(d['items']), ledgerIndex: index, at: entry.at,
      });
    case 'payment.refunded':
      return sink.refunded(id, num(d, 'refundedTotal'));
    case 'invoice.applied':
      return sink.applied(id, { merchantId: str(d, 'merchantId'), payment: str(d, 'payment'), appliedIndex: index, at: entry.at, buyer: buyerOf(d) });
    case 'invoice.issued': {
      const red = d['kind'] === 'RED';
      const seller = (d['seller'] ?? {}) as Data;
      return sink.issued(id, {
        merchantId: str(d, 'merchantId'), payment: str(d, 'payment'), kind: red ? 'RED' : 'BLUE', issueDate: str(d, 'issueDate'),
        number: str(d, 'number'), net: num(d, 'net'), tax: num(d, 'tax'), gross: num(d, 'gross'), issuedIndex: index,
        at: entry.at, buyer: buyerOf(d), seller: { name: str(seller, 'name'), taxpayerId: str(seller, 'taxpayerId') }, capitalAmount: str(d, 'capitalAmount'),
        lines: linesOf(d), reverses: red ? strOrNull(d, 'reverses') : null, reason: red ? strOrNull(d, 'reason') : null,
      });
    }
    case 'invoice.reversed':
      return sink.reversed(id, { redInvoice: str(d, 'redInvoice'), reason: str(d, 'reason') });
    case 'reimbursement.locked':
      return sink.reimbursement(id, 'LOCKED');
    case 'reimbursement.closed':
      return sink.reimbursement(id, 'CLOSED');
    case 'reimbursement.unlocked':
      return sink.reimbursement(id, 'NONE');
    case 'tax.reported':
      return sink.taxReported(str(d, 'merchantId'), str(d, 'from'), str(d, 'to'), index);
  }
}

/**
 * Replays the whole ledger into a sink. An entry that no longer decodes (a tampered leaf) is
 * skipped and its index returned: the ledger audit names it, and what it recorded shows up as
 * projection differences.
 */
export function replayLedger(store: LedgerStore, sink: ProjectionSink, size: number = store.size()): { entries: number; undecodable: number[] } {
  const undecodable: number[] = [];
  // small batches keep the heap's high-water mark low on long ledgers (measured: bench/reconcile.ts)
  const batch = 2_000;
  for (let from = 0; from < size; from += batch) {
    // read a batch, then apply: the sink may write to the same database
    const entries = [...store.entries(from, Math.min(size, from + batch))];
    for (const entry of entries) {
      let decoded: LedgerEntry;
      try {
        decoded = decodeEntry(entry.data);
      } catch {
        undecodable.push(entry.index);
        continue;
      }
      applyEntry(sink, entry.index, decoded);
    }
  }
  return { entries: size, undecodable };
}

// Rebuilding the platform's projections from the ledger alone: which entry changes what, for
// a replay whose state lives outside memory. Entries are decoded by the one strict decoder
// and the per-record rules come from src/events (rules.ts; the in-memory fold of fold.ts uses
// the same ones). Where the replayed state is kept (SQLite temporary tables, so memory stays
// bounded whatever the ledger's size) and how it is compared with the stored rows is the
// storage adapter's business (src/storage/sqlite/projection-check.ts).
import { isDomainError } from '../domain/index.js';
import { decodeLedgerEvent, REIMBURSEMENT_AFTER, type LedgerEvent } from '../events/index.js';
import type { LedgerStore } from '../ledger/index.js';

/** A party as the ledger records it on an invoice. */
export interface ReplayedBuyer { type: string; name: string; taxpayerId: string | null }

/** Where a replay writes the state it rebuilds. */
export interface ProjectionSink {
  payment(id: string, p: {
    merchantId: string; providerPaymentId: string; amount: number; currency: string; paidAt: string; description: string;
    /** The items as JSON text (null when the payment had none). */
    itemsJson: string | null; ledgerIndex: number; at: string;
  }): void;
  /** Also marks the payment's issued blue invoice REVERSAL_REQUIRED (src/events reversalOwedSql / statusAfterRefund). */
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

/** Applies one decoded entry (entries must come in index order). */
export function applyEntry(sink: ProjectionSink, index: number, event: LedgerEvent): void {
  const id = event.subject.id;
  switch (event.type) {
    case 'payment.succeeded': {
      const d = event.data;
      return sink.payment(id, {
        merchantId: d.merchantId, providerPaymentId: d.providerPaymentId, amount: d.amount, currency: d.currency,
        paidAt: d.paidAt, description: d.description, itemsJson: d.items === null ? null : JSON.stringify(d.items), ledgerIndex: index, at: event.at,
      });
    }
    case 'payment.refunded':
      return sink.refunded(id, event.data.refundedTotal);
    case 'invoice.applied':
      return sink.applied(id, { merchantId: event.data.merchantId, payment: event.data.payment, appliedIndex: index, at: event.at, buyer: event.data.buyer });
    case 'invoice.issued': {
      const d = event.data;
      const red = d.kind === 'RED';
      return sink.issued(id, {
        merchantId: d.merchantId, payment: d.payment, kind: d.kind, issueDate: d.issueDate, number: d.number, net: d.net, tax: d.tax, gross: d.gross, issuedIndex: index,
        at: event.at, buyer: d.buyer, seller: d.seller, capitalAmount: d.capitalAmount, lines: d.lines,
        reverses: red ? d.reverses : null, reason: red ? d.reason : null,
      });
    }
    case 'invoice.reversed':
      return sink.reversed(id, { redInvoice: event.data.redInvoice, reason: event.data.reason });
    case 'reimbursement.locked':
    case 'reimbursement.unlocked':
    case 'reimbursement.closed':
      return sink.reimbursement(id, REIMBURSEMENT_AFTER[event.type]);
    case 'tax.reported':
      return sink.taxReported(event.data.merchantId, event.data.from, event.data.to, index);
  }
}

/**
 * Replays the whole ledger into a sink. An entry the strict decoder refuses (a tampered leaf)
 * is skipped and its index returned: the ledger audit names it, and what it recorded shows up
 * as projection differences.
 */
export function replayLedger(store: LedgerStore, sink: ProjectionSink, size: number = store.size()): { entries: number; undecodable: number[] } {
  const undecodable: number[] = [];
  // small batches keep the heap's high-water mark low on long ledgers (measured: bench/reconcile.ts)
  const batch = 2_000;
  for (let from = 0; from < size; from += batch) {
    // read a batch, then apply: the sink may write to the same database
    const entries = [...store.entries(from, Math.min(size, from + batch))];
    for (const entry of entries) {
      let decoded: LedgerEvent;
      try {
        decoded = decodeLedgerEvent(entry.data);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        undecodable.push(entry.index);
        continue;
      }
      applyEntry(sink, entry.index, decoded);
    }
  }
  return { entries: size, undecodable };
}

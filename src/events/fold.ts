// The fold that rebuilds projections from the ledger alone (LEDGER.md §1: each entry "carries
// what is needed to rebuild the projections"; ARCHITECTURE.md "Persistence"). Pure: state in,
// event in, state out; nothing is read but the state and the event, and the input state is
// never changed. Per-record rules live in rules.ts, shared with the readers that keep their
// state elsewhere (the platform's SQL replay, the tax node's indexes).
import type { InvoiceStatus, ReimbursementStatus } from '../domain/index.js';
import { isCoveredByReport, REIMBURSEMENT_AFTER, statusAfterRefund } from './rules.js';
import type { Buyer, InvoiceLineData, LedgerEvent, PaymentItemData, RateLineData } from './types.js';

export interface PaymentProjection {
  readonly id: string;
  readonly merchantId: string;
  readonly providerPaymentId: string;
  readonly amount: number;
  readonly refunded: number;
  readonly currency: 'CNY';
  readonly paidAt: string;
  readonly description: string;
  readonly items: readonly PaymentItemData[] | null;
  readonly ledgerIndex: number;
  readonly createdAt: string;
}

export interface RefundProjection {
  readonly id: string;
  readonly payment: string;
  readonly providerRefundId: string;
  readonly amount: number;
  readonly ledgerIndex: number;
  readonly createdAt: string;
}

export interface InvoiceProjection {
  readonly id: string;
  readonly merchantId: string;
  readonly payment: string;
  readonly status: InvoiceStatus;
  readonly kind: 'BLUE' | 'RED';
  readonly buyer: Buyer;
  readonly number: string | null;
  readonly issueDate: string | null;
  readonly seller: { readonly name: string; readonly taxpayerId: string } | null;
  readonly lines: readonly InvoiceLineData[];
  readonly net: number | null;
  readonly tax: number | null;
  readonly gross: number | null;
  readonly capitalAmount: string | null;
  readonly appliedIndex: number;
  readonly issuedIndex: number | null;
  readonly appliedAt: string;
  readonly issuedAt: string | null;
  /** A red invoice: the blue one it reverses. */
  readonly reverses: string | null;
  /** A reversed blue invoice: its red one. */
  readonly reversedBy: string | null;
  readonly reversalReason: string | null;
  readonly reimbursement: ReimbursementStatus;
  readonly taxReported: boolean;
  /** The last entry that changed this invoice. */
  readonly lastIndex: number;
}

export interface ClaimProjection {
  readonly id: string;
  readonly invoice: string;
  readonly employerId: string;
  readonly personId: string;
  readonly status: 'LOCKED' | 'CLOSED' | 'REJECTED';
  readonly amount: number;
  readonly reason: string | null;
  readonly claimedIndex: number;
  readonly decidedIndex: number | null;
  readonly createdAt: string;
  readonly decidedAt: string | null;
}

export interface TaxReportProjection {
  readonly id: string;
  readonly merchantId: string;
  readonly sellerTaxpayerId: string;
  readonly period: string;
  readonly from: string;
  readonly to: string;
  readonly version: number;
  readonly previous: string | null;
  readonly rates: readonly RateLineData[];
  readonly invoiceCount: number;
  readonly net: number;
  readonly tax: number;
  readonly coveredRoot: string;
  readonly asOfIndex: number;
  readonly ledgerIndex: number;
  readonly filedAt: string;
}

export interface LedgerProjections {
  /** How many entries have been folded in (the next index). */
  readonly size: number;
  readonly payments: ReadonlyMap<string, PaymentProjection>;
  readonly refunds: ReadonlyMap<string, RefundProjection>;
  readonly invoices: ReadonlyMap<string, InvoiceProjection>;
  readonly claims: ReadonlyMap<string, ClaimProjection>;
  readonly taxReports: ReadonlyMap<string, TaxReportProjection>;
}

export function emptyProjections(): LedgerProjections {
  return { size: 0, payments: new Map(), refunds: new Map(), invoices: new Map(), claims: new Map(), taxReports: new Map() };
}

interface Draft {
  size: number;
  payments: Map<string, PaymentProjection>;
  refunds: Map<string, RefundProjection>;
  invoices: Map<string, InvoiceProjection>;
  claims: Map<string, ClaimProjection>;
  taxReports: Map<string, TaxReportProjection>;
}

/** A record the entry needs but the state lacks: the ledger is not the one these projections came from. */
function missing(kind: string, id: string, index: number): RangeError {
  return new RangeError(`entry ${index} changes ${kind} ${id}, which no earlier entry created`);
}

function updateInvoice(draft: Draft, id: string, index: number, change: (invoice: InvoiceProjection) => Partial<InvoiceProjection>): void {
  const invoice = draft.invoices.get(id);
  if (!invoice) throw missing('invoice', id, index);
  draft.invoices.set(id, { ...invoice, ...change(invoice), lastIndex: index });
}

function updateClaim(draft: Draft, id: string, index: number, change: Partial<ClaimProjection>): void {
  const claim = draft.claims.get(id);
  if (!claim) throw missing('claim', id, index);
  draft.claims.set(id, { ...claim, ...change });
}

// Changes the draft's maps in place; only foldLedgerEvent and foldLedger call it, on maps they own.
function apply(draft: Draft, index: number, event: LedgerEvent): void {
  const id = event.subject.id;
  switch (event.type) {
    case 'payment.succeeded': {
      const d = event.data;
      draft.payments.set(id, {
        id, merchantId: d.merchantId, providerPaymentId: d.providerPaymentId, amount: d.amount, refunded: 0, currency: d.currency, paidAt: d.paidAt,
        description: d.description, items: d.items, ledgerIndex: index, createdAt: event.at,
      });
      break;
    }
    case 'payment.refunded': {
      const payment = draft.payments.get(id);
      if (!payment) throw missing('payment', id, index);
      draft.payments.set(id, { ...payment, refunded: event.data.refundedTotal });
      draft.refunds.set(event.data.refund, { id: event.data.refund, payment: id, providerRefundId: event.data.providerRefundId, amount: event.data.amount, ledgerIndex: index, createdAt: event.at });
      for (const invoice of draft.invoices.values()) {
        if (invoice.payment !== id) continue;
        const status = statusAfterRefund(invoice);
        if (status !== null) draft.invoices.set(invoice.id, { ...invoice, status, lastIndex: index });
      }
      break;
    }
    case 'invoice.applied':
      draft.invoices.set(id, {
        id, merchantId: event.data.merchantId, payment: event.data.payment, status: 'APPLIED', kind: 'BLUE', buyer: event.data.buyer,
        number: null, issueDate: null, seller: null, lines: [], net: null, tax: null, gross: null, capitalAmount: null,
        appliedIndex: index, issuedIndex: null, appliedAt: event.at, issuedAt: null, reverses: null, reversedBy: null, reversalReason: null,
        reimbursement: 'NONE', taxReported: false, lastIndex: index,
      });
      break;
    case 'invoice.issued': {
      const d = event.data;
      const issued = {
        status: 'ISSUED' as const, kind: d.kind, buyer: d.buyer, number: d.number, issueDate: d.issueDate, seller: d.seller, lines: d.lines,
        net: d.net, tax: d.tax, gross: d.gross, capitalAmount: d.capitalAmount, issuedIndex: index, issuedAt: event.at, lastIndex: index,
        ...(d.kind === 'RED' ? { reverses: d.reverses, reversalReason: d.reason } : {}),
      };
      const applied = draft.invoices.get(id);
      // a red invoice has no application: it is issued in one step
      draft.invoices.set(id, applied
        ? { ...applied, ...issued }
        : {
          id, merchantId: d.merchantId, payment: d.payment, appliedIndex: index, appliedAt: event.at, reverses: null, reversedBy: null,
          reversalReason: null, reimbursement: 'NONE', taxReported: false, ...issued,
        });
      break;
    }
    case 'invoice.reversed':
      updateInvoice(draft, id, index, () => ({ status: 'REVERSED', reversedBy: event.data.redInvoice, reversalReason: event.data.reason }));
      break;
    case 'reimbursement.locked':
      updateInvoice(draft, id, index, () => ({ reimbursement: REIMBURSEMENT_AFTER[event.type] }));
      draft.claims.set(event.data.claim, {
        id: event.data.claim, invoice: id, employerId: event.data.employerId, personId: event.data.personId, status: 'LOCKED', amount: event.data.amount,
        reason: null, claimedIndex: index, decidedIndex: null, createdAt: event.at, decidedAt: null,
      });
      break;
    case 'reimbursement.unlocked':
      updateInvoice(draft, id, index, () => ({ reimbursement: REIMBURSEMENT_AFTER[event.type] }));
      updateClaim(draft, event.data.claim, index, { status: 'REJECTED', reason: event.data.reason, decidedIndex: index, decidedAt: event.at });
      break;
    case 'reimbursement.closed':
      updateInvoice(draft, id, index, () => ({ reimbursement: REIMBURSEMENT_AFTER[event.type] }));
      updateClaim(draft, event.data.claim, index, { status: 'CLOSED', decidedIndex: index, decidedAt: event.at });
      break;
    case 'tax.reported': {
      const d = event.data;
      draft.taxReports.set(id, {
        id, merchantId: d.merchantId, sellerTaxpayerId: d.seller.taxpayerId, period: d.period, from: d.from, to: d.to, version: d.version, previous: d.previous,
        rates: d.rates, invoiceCount: d.invoiceCount, net: d.net, tax: d.tax, coveredRoot: d.coveredRoot, asOfIndex: d.asOfIndex, ledgerIndex: index, filedAt: event.at,
      });
      for (const invoice of draft.invoices.values()) {
        // the report's own position bounds it (asOfIndex is that position: see tax-report/report.ts)
        if (invoice.merchantId === d.merchantId && !invoice.taxReported && isCoveredByReport(invoice, d, index)) {
          draft.invoices.set(invoice.id, { ...invoice, taxReported: true });
        }
      }
      break;
    }
  }
  draft.size = index + 1;
}

function draftOf(state: LedgerProjections): Draft {
  return {
    size: state.size, payments: new Map(state.payments), refunds: new Map(state.refunds), invoices: new Map(state.invoices),
    claims: new Map(state.claims), taxReports: new Map(state.taxReports),
  };
}

/**
 * Folds one entry, at ledger position `index`, into the projections: a new state, the input
 * untouched. Entries must come in index order (`index === state.size`), else RangeError; an
 * entry that changes a record no earlier entry created is a RangeError too.
 * Cost: copies the state's maps (O(records)); to fold a whole ledger use foldLedger.
 */
export function foldLedgerEvent(state: LedgerProjections, index: number, event: LedgerEvent): LedgerProjections {
  if (index !== state.size) throw new RangeError(`entry ${index} folded after ${state.size} entries`);
  const draft = draftOf(state);
  apply(draft, index, event);
  return draft;
}

/** Folds a run of entries (starting at `state.size`) in one pass: the same result as foldLedgerEvent, one at a time. */
export function foldLedger(events: Iterable<LedgerEvent>, state: LedgerProjections = emptyProjections()): LedgerProjections {
  const draft = draftOf(state);
  for (const event of events) apply(draft, draft.size, event);
  return draft;
}

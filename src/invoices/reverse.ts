// Red-letter reversal (冲红): a red invoice with its own number and the blue one's amounts
// negated, linked both ways. Refused while a reimbursement claim holds the invoice; once the
// reimbursement is CLOSED the buyer company's FINANCE must confirm (红字确认单). A refund of an
// invoiced payment makes a reversal owed; with autoReverse it happens in the same
// transaction, and a partial refund gets a new blue invoice for what remains.
import { authorize, notFound, type Action, type Principal } from '../access/index.js';
import { DomainError, beijingDate, formatInvoiceNumber, provinceCodeOf, toCapitalAmount, transitionInvoice } from '../domain/index.js';
import { invoiceIssued, invoiceReversed } from '../events/index.js';
import { createApplication, issue, PLATFORM_CHANNEL, type Actor, type InvoiceDeps } from './apply-issue.js';
import type { Invoice, InvoiceLine } from './types.js';

export const REVERSAL_REASONS = ['ISSUE_ERROR', 'SALES_RETURN', 'SERVICE_SUSPENSION', 'SALES_DISCOUNT'] as const;
export type ReversalReason = (typeof REVERSAL_REASONS)[number];

export interface ReversalResult {
  readonly blue: Invoice;
  readonly red: Invoice | null;
  /** True when the reversal waits for the buyer's confirmation (reimbursement CLOSED). */
  readonly pendingConfirmation: boolean;
}

const negate = (n: number): number => (n === 0 ? 0 : -n);

function reversibleBlue(deps: InvoiceDeps, principal: Principal | null, action: Action, invoiceId: string): Invoice {
  const blue = deps.invoices.get(invoiceId);
  // missing and out of scope are one answer (authorize throws this same notFound)
  if (!blue) throw notFound({ type: 'invoice', id: invoiceId });
  // the seller's merchant reverses; the buyer company (titled by USCC) confirms
  authorize(principal, action, { type: 'invoice', id: invoiceId, merchantId: blue.merchantId, employerId: blue.buyer.taxpayerId });
  if (blue.kind !== 'BLUE') throw new DomainError('INVOICE.IS_RED', 'a red invoice cannot itself be reversed');
  const step = transitionInvoice(blue.status, 'REVERSE');
  if (!step.ok) throw step.error;
  return blue;
}

/** Issues the red invoice for `blue` and links both; inside the caller's transaction. */
function issueRed(deps: InvoiceDeps, blue: Invoice, reason: ReversalReason, actor: Actor, confirmedBy: string | null): Invoice {
  const blueLines = deps.invoices.lines([blue.id]).get(blue.id) ?? [];
  const lines: InvoiceLine[] = blueLines.map((l) => ({
    ...l, quantity: l.quantity.startsWith('-') ? l.quantity.slice(1) : `-${l.quantity}`, net: negate(l.net), tax: negate(l.tax), gross: negate(l.gross),
  }));
  const net = negate(blue.net ?? 0);
  const tax = negate(blue.tax ?? 0);
  const gross = negate(blue.gross ?? 0);
  const now = deps.clock.now();
  const issueDate = beijingDate(now);
  const year = Number(issueDate.slice(0, 4));
  const sellerTaxpayerId = blue.sellerTaxpayerId ?? '';
  const provinceCode = provinceCodeOf(sellerTaxpayerId);
  const number = formatInvoiceNumber({ year, provinceCode, channel: PLATFORM_CHANNEL, sequence: deps.invoices.nextSequence(year, provinceCode) });
  const capitalAmount = toCapitalAmount(gross);
  const id = deps.ids.next('inv');
  const at = now.toISOString();
  const [issuedIndex] = deps.ledger.append([
    invoiceIssued({
      at, actor, subjectId: id,
      data: {
        merchantId: blue.merchantId, payment: blue.payment, number, issueDate, kind: 'RED', reverses: blue.id, reversesNumber: blue.number ?? '', reason,
        seller: { name: blue.sellerName ?? '', taxpayerId: sellerTaxpayerId },
        buyer: { type: blue.buyer.type, name: blue.buyer.name, taxpayerId: blue.buyer.taxpayerId },
        lines: lines.map((l) => ({ ...l })), net, tax, gross, capitalAmount,
      },
    }),
    invoiceReversed({
      at, actor, subjectId: blue.id,
      data: { merchantId: blue.merchantId, number: blue.number ?? '', redInvoice: id, redNumber: number, reason, confirmedBy },
    }),
  ]);
  deps.outbox.append({ merchantId: blue.merchantId, type: 'invoice.reversed', data: { invoiceId: blue.id, number: blue.number, redInvoiceId: id, redNumber: number, reason, gross, ledgerIndex: issuedIndex } });
  deps.invoices.insertIssued(
    {
      id, merchantId: blue.merchantId, payment: blue.payment, status: 'ISSUED', kind: 'RED', buyer: blue.buyer, number, issueDate,
      sellerName: blue.sellerName, sellerTaxpayerId, net, tax, gross, capitalAmount, appliedIndex: issuedIndex as number, issuedIndex: issuedIndex as number,
      appliedAt: at, issuedAt: at, reverses: blue.id, reversedBy: null, reversalReason: reason, reimbursement: 'NONE', taxReported: false,
    },
    lines,
  );
  deps.invoices.linkReversal(blue.id, id, reason);
  return deps.invoices.get(id) as Invoice;
}

/** MERCHANT: reverse a whole issued invoice with a red one (or ask the buyer to confirm first). */
export function reverseInvoice(deps: InvoiceDeps, principal: Principal | null, invoiceId: string, reason: ReversalReason): ReversalResult {
  authorize(principal, 'invoice:reverse');
  if (!(REVERSAL_REASONS as readonly string[]).includes(reason)) throw new DomainError('INVOICE.BAD_REASON', `unknown reversal reason ${reason}`);
  return deps.uow.run(() => {
    const blue = reversibleBlue(deps, principal, 'invoice:reverse', invoiceId);
    if (blue.reimbursement === 'LOCKED') {
      throw new DomainError('REIMBURSEMENT.LOCKED', 'a reimbursement claim holds this invoice; it cannot be reversed now');
    }
    // a second request would silently replace the first one's reason under the buyer's eyes
    const pending = deps.invoices.reversalRequest(blue.id);
    if (pending) {
      throw new DomainError('INVOICE.REVERSAL_PENDING', `a reversal (${pending.reason}) already waits for the buyer's confirmation since ${pending.requestedAt}`);
    }
    if (blue.reimbursement === 'CLOSED') {
      deps.invoices.putReversalRequest({ invoice: blue.id, reason, requestedAt: deps.clock.now().toISOString() });
      deps.outbox.append({ merchantId: blue.merchantId, type: 'invoice.reversal_pending', data: { invoiceId: blue.id, number: blue.number, reason, buyerTaxpayerId: blue.buyer.taxpayerId } });
      return { blue, red: null, pendingConfirmation: true };
    }
    const red = issueRed(deps, blue, reason, { role: 'MERCHANT', id: blue.merchantId }, null);
    return { blue: deps.invoices.get(blue.id) as Invoice, red, pendingConfirmation: false };
  });
}

/** FINANCE of the buyer company: confirm a pending reversal of a reimbursed invoice; the red invoice is issued. */
export function confirmReversal(deps: InvoiceDeps, principal: Principal | null, invoiceId: string): ReversalResult {
  const { employerId } = authorize(principal, 'invoice:confirmReversal');
  return deps.uow.run(() => {
    const blue = reversibleBlue(deps, principal, 'invoice:confirmReversal', invoiceId);
    const request = deps.invoices.reversalRequest(blue.id);
    if (!request) throw new DomainError('INVOICE.NO_PENDING_REVERSAL', 'the merchant has not asked to reverse this invoice');
    const red = issueRed(deps, blue, request.reason as ReversalReason, { role: 'FINANCE', id: employerId ?? '' }, employerId);
    deps.invoices.deleteReversalRequest(blue.id);
    return { blue: deps.invoices.get(blue.id) as Invoice, red, pendingConfirmation: false };
  });
}

export interface PendingReversal {
  readonly invoice: Invoice;
  readonly reason: ReversalReason;
  readonly requestedAt: string;
}

/** MERCHANT: its invoices whose reversal waits for the buyer; FINANCE: its company's invoices waiting for its 红字确认单. */
export function listPendingReversals(deps: Pick<InvoiceDeps, 'invoices'>, principal: Principal | null, limit: number): PendingReversal[] {
  const grant = authorize(principal, 'invoice:listPendingReversals');
  const filter = grant.scope === 'ownMerchant' ? { merchantId: grant.merchantId, buyerTaxpayerId: null } : { merchantId: null, buyerTaxpayerId: grant.employerId };
  // authorize refuses a key without its scope, so exactly one filter is set here
  if (filter.merchantId === null && filter.buyerTaxpayerId === null) return [];
  return deps.invoices.pendingReversals(filter, limit).map((r) => ({ invoice: r.invoice, reason: r.reason as ReversalReason, requestedAt: r.requestedAt }));
}

/** The pending reversal of one invoice (shown next to its status), or null. */
export function pendingReversalOf(deps: Pick<InvoiceDeps, 'invoices'>, invoice: Invoice): PendingReversal | null {
  const r = deps.invoices.reversalRequest(invoice.id);
  return r ? { invoice, reason: r.reason as ReversalReason, requestedAt: r.requestedAt } : null;
}

/**
 * Called in the refund's transaction: an issued invoice of the payment now needs reversing;
 * with the merchant's autoReverse (and no reimbursement holding it) it is reversed at once
 * and a partial refund gets a new blue invoice for the remaining amount, to the same buyer.
 */
export function handleRefund(deps: InvoiceDeps, paymentId: string): { reversed: Invoice | null; reissued: Invoice | null } {
  const blue = deps.invoices.activeForPayment(paymentId);
  if (!blue || blue.status === 'APPLIED') return { reversed: null, reissued: null };
  const step = transitionInvoice(blue.status, 'REQUIRE_REVERSAL');
  if (!step.ok) return { reversed: null, reissued: null };
  deps.invoices.setStatus(blue.id, step.to);
  deps.outbox.append({ merchantId: blue.merchantId, type: 'invoice.reversal_required', data: { invoiceId: blue.id, number: blue.number, payment: paymentId } });
  const merchant = deps.merchants.get(blue.merchantId);
  if (!merchant?.autoReverse || blue.reimbursement !== 'NONE') return { reversed: null, reissued: null };
  const actor = { role: 'SYSTEM', id: 'auto-reverse' };
  const red = issueRed(deps, { ...blue, status: step.to }, 'SALES_RETURN', actor, null);
  const payment = deps.payments.get(paymentId);
  if (!payment || payment.amount - payment.refunded <= 0) return { reversed: red, reissued: null };
  const applicationId = createApplication(deps, payment, blue.buyer, actor, merchant);
  return { reversed: red, reissued: issue(deps, applicationId, actor, merchant) };
}

// What each fact the stores find means for the day's report: its difference type, severity
// and wording. Storage returns facts (ports.ts); the judgement is made here, once.
import { formatYuan } from '../domain/index.js';
import type { ProjectionDifference } from '../platform/replay.js';
import type { Difference, ReconciliationFact } from './ports.js';

/** The difference a fact makes. Every fact is one: an ERROR, except a payment still awaiting its invoice (INFO). */
export function differenceOf(fact: ReconciliationFact): Difference {
  switch (fact.kind) {
    case 'PAYMENT_ONLY_IN_BILL':
      return { type: 'BILL_ONLY_PAYMENT', severity: 'ERROR', ids: { providerPaymentId: fact.providerPaymentId, billLine: fact.billLine }, detail: `the bill has payment ${fact.providerPaymentId} (${formatYuan(fact.amount)}) that we never recorded: a lost notification?` };
    case 'PAYMENT_ONLY_OURS':
      return { type: 'PAYMENT_NOT_IN_BILL', severity: 'ERROR', ids: { paymentId: fact.paymentId, providerPaymentId: fact.providerPaymentId }, detail: `payment ${fact.providerPaymentId} (${formatYuan(fact.amount)}) is not in the provider's bill` };
    case 'PAYMENT_AMOUNTS_DIFFER':
      return { type: 'PAYMENT_AMOUNT_MISMATCH', severity: 'ERROR', ids: { paymentId: fact.paymentId, providerPaymentId: fact.providerPaymentId, billLine: fact.billLine }, detail: `payment ${fact.providerPaymentId}: we recorded ${formatYuan(fact.ours)}, the bill says ${formatYuan(fact.theirs)}` };
    case 'REFUND_ONLY_IN_BILL':
      return { type: 'BILL_ONLY_REFUND', severity: 'ERROR', ids: { providerRefundId: fact.providerRefundId, providerPaymentId: fact.providerPaymentId, billLine: fact.billLine }, detail: `the bill has refund ${fact.providerRefundId} (${formatYuan(fact.amount)}) that we never recorded` };
    case 'REFUND_ONLY_OURS':
      return { type: 'REFUND_NOT_IN_BILL', severity: 'ERROR', ids: { refundId: fact.refundId, providerRefundId: fact.providerRefundId, providerPaymentId: fact.providerPaymentId }, detail: `refund ${fact.providerRefundId} (${formatYuan(fact.amount)}) is not in the provider's bill` };
    case 'REFUND_AMOUNTS_DIFFER':
      return { type: 'REFUND_AMOUNT_MISMATCH', severity: 'ERROR', ids: { refundId: fact.refundId, providerRefundId: fact.providerRefundId, billLine: fact.billLine }, detail: `refund ${fact.providerRefundId}: we recorded ${formatYuan(fact.ours)}, the bill says ${formatYuan(fact.theirs)}` };
    case 'PAYMENT_WITHOUT_INVOICE':
      // within the grace period an invoice may still come: noted, not an error
      return { type: 'UNINVOICED_PAYMENT', severity: 'INFO', ids: { paymentId: fact.paymentId, providerPaymentId: fact.providerPaymentId }, detail: `payment ${fact.providerPaymentId} (${formatYuan(fact.due)} due) has no invoice yet` };
    case 'INVOICE_GROSS_NOT_DUE':
      return { type: 'INVOICE_AMOUNT_MISMATCH', severity: 'ERROR', ids: { invoiceId: fact.invoiceId, number: fact.number, paymentId: fact.paymentId }, detail: `invoice ${fact.number} is for ${formatYuan(fact.gross)} but its payment comes to ${formatYuan(fact.due)} net of refunds` };
    case 'REVERSAL_OWED':
      return { type: 'REVERSAL_MISSING', severity: 'ERROR', ids: { invoiceId: fact.invoiceId, number: fact.number, paymentId: fact.paymentId }, detail: `invoice ${fact.number}: its payment was refunded ${formatYuan(fact.refunded)} but it is not reversed` };
  }
}

/** A stored row that differs from the ledger's replay. */
export function projectionDifference(d: ProjectionDifference): Difference {
  return {
    type: 'PROJECTION_MISMATCH', severity: 'ERROR', ids: { [d.kind === 'payment' ? 'paymentId' : 'invoiceId']: d.id, field: d.field },
    detail: `${d.kind} ${d.id}: the ledger says ${d.field} = ${JSON.stringify(d.ledger)}, the stored row says ${JSON.stringify(d.stored)}`,
  };
}

// What each fact found by the stores means in a report: its type, severity and wording (yuan
// from src/domain's formatYuan), decided in src/reconciliation, never in storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differenceOf, projectionDifference, type ReconciliationFact } from '../../src/reconciliation/index.js';

test('bill facts: which side lacks the record, or both amounts, become ERROR differences naming the ids', () => {
  const cases: Array<[ReconciliationFact, ReturnType<typeof differenceOf>]> = [
    [{ kind: 'PAYMENT_ONLY_IN_BILL', billLine: 7, providerPaymentId: 'wx1', amount: 12_345 },
      { type: 'BILL_ONLY_PAYMENT', severity: 'ERROR', ids: { providerPaymentId: 'wx1', billLine: 7 }, detail: 'the bill has payment wx1 (123.45) that we never recorded: a lost notification?' }],
    [{ kind: 'PAYMENT_ONLY_OURS', paymentId: 'pay_1', providerPaymentId: 'wx2', amount: 5 },
      { type: 'PAYMENT_NOT_IN_BILL', severity: 'ERROR', ids: { paymentId: 'pay_1', providerPaymentId: 'wx2' }, detail: "payment wx2 (0.05) is not in the provider's bill" }],
    [{ kind: 'PAYMENT_AMOUNTS_DIFFER', paymentId: 'pay_2', providerPaymentId: 'wx3', billLine: 9, ours: 100, theirs: 1_000 },
      { type: 'PAYMENT_AMOUNT_MISMATCH', severity: 'ERROR', ids: { paymentId: 'pay_2', providerPaymentId: 'wx3', billLine: 9 }, detail: 'payment wx3: we recorded 1.00, the bill says 10.00' }],
    [{ kind: 'REFUND_ONLY_IN_BILL', billLine: 4, providerRefundId: 'rf1', providerPaymentId: 'wx4', amount: 500 },
      { type: 'BILL_ONLY_REFUND', severity: 'ERROR', ids: { providerRefundId: 'rf1', providerPaymentId: 'wx4', billLine: 4 }, detail: 'the bill has refund rf1 (5.00) that we never recorded' }],
    [{ kind: 'REFUND_ONLY_OURS', refundId: 'ref_1', providerRefundId: 'rf2', providerPaymentId: 'wx5', amount: 99 },
      { type: 'REFUND_NOT_IN_BILL', severity: 'ERROR', ids: { refundId: 'ref_1', providerRefundId: 'rf2', providerPaymentId: 'wx5' }, detail: "refund rf2 (0.99) is not in the provider's bill" }],
    [{ kind: 'REFUND_AMOUNTS_DIFFER', refundId: 'ref_2', providerRefundId: 'rf3', billLine: 2, ours: 300, theirs: 250 },
      { type: 'REFUND_AMOUNT_MISMATCH', severity: 'ERROR', ids: { refundId: 'ref_2', providerRefundId: 'rf3', billLine: 2 }, detail: 'refund rf3: we recorded 3.00, the bill says 2.50' }],
  ];
  for (const [fact, difference] of cases) assert.deepEqual(differenceOf(fact), difference, fact.kind);
});

test('a payment still without an invoice is only INFO; invoice facts are ERRORs', () => {
  assert.deepEqual(differenceOf({ kind: 'PAYMENT_WITHOUT_INVOICE', paymentId: 'pay_3', providerPaymentId: 'wx6', due: 11_300 }), {
    type: 'UNINVOICED_PAYMENT', severity: 'INFO', ids: { paymentId: 'pay_3', providerPaymentId: 'wx6' }, detail: 'payment wx6 (113.00 due) has no invoice yet',
  });
  assert.deepEqual(differenceOf({ kind: 'INVOICE_GROSS_NOT_DUE', invoiceId: 'inv_1', number: '26440000000000000001', paymentId: 'pay_4', gross: 11_300, due: 10_300 }), {
    type: 'INVOICE_AMOUNT_MISMATCH', severity: 'ERROR', ids: { invoiceId: 'inv_1', number: '26440000000000000001', paymentId: 'pay_4' },
    detail: 'invoice 26440000000000000001 is for 113.00 but its payment comes to 103.00 net of refunds',
  });
  assert.deepEqual(differenceOf({ kind: 'REVERSAL_OWED', invoiceId: 'inv_2', number: '26440000000000000002', paymentId: 'pay_5', refunded: 1_000 }), {
    type: 'REVERSAL_MISSING', severity: 'ERROR', ids: { invoiceId: 'inv_2', number: '26440000000000000002', paymentId: 'pay_5' },
    detail: 'invoice 26440000000000000002: its payment was refunded 10.00 but it is not reversed',
  });
});

test('amounts are worded by formatYuan: whole yuan, two decimals, a sign for negatives, exact for the largest amounts', () => {
  const detail = (amount: number): string => differenceOf({ kind: 'PAYMENT_ONLY_OURS', paymentId: 'p', providerPaymentId: 'w', amount }).detail;
  assert.equal(detail(0), "payment w (0.00) is not in the provider's bill");
  assert.equal(detail(-1), "payment w (-0.01) is not in the provider's bill");
  assert.equal(detail(9_999_999_999_999), "payment w (99999999999.99) is not in the provider's bill");
  assert.throws(() => detail(1.5), RangeError, 'a fraction of a fen is a bug, not a difference');
});

test('a stored row that differs from the replay names its id and field', () => {
  assert.deepEqual(projectionDifference({ kind: 'invoice', id: 'inv_3', merchantId: 'm_demo', field: 'status', ledger: 'ISSUED', stored: 'REVERSED' }), {
    type: 'PROJECTION_MISMATCH', severity: 'ERROR', ids: { invoiceId: 'inv_3', field: 'status' }, detail: 'invoice inv_3: the ledger says status = "ISSUED", the stored row says "REVERSED"',
  });
});

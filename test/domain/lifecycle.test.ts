import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transitionInvoice, transitionReimbursement, beijingDate, beijingDayBounds } from '../../src/domain/index.js';

function refusedWith(result: { ok: boolean; error?: { code: string } }, code: string): void {
  assert.equal(result.ok, false);
  assert.equal(result.error?.code, code);
}

test('invoice: APPLIED → ISSUED → REVERSED, and nothing else', () => {
  assert.deepEqual(transitionInvoice('APPLIED', 'ISSUE'), { ok: true, to: 'ISSUED' });
  assert.deepEqual(transitionInvoice('ISSUED', 'REVERSE'), { ok: true, to: 'REVERSED' });
  refusedWith(transitionInvoice('APPLIED', 'REVERSE'), 'INVOICE.NOT_ISSUED');
  refusedWith(transitionInvoice('ISSUED', 'ISSUE'), 'INVOICE.ALREADY_ISSUED');
  refusedWith(transitionInvoice('REVERSED', 'ISSUE'), 'INVOICE.REVERSED');
  refusedWith(transitionInvoice('REVERSED', 'REVERSE'), 'INVOICE.ALREADY_REVERSED');
});

test('invoice: a refund after issuance makes a reversal owed, and it can then be reversed', () => {
  assert.deepEqual(transitionInvoice('ISSUED', 'REQUIRE_REVERSAL'), { ok: true, to: 'REVERSAL_REQUIRED' });
  assert.deepEqual(transitionInvoice('REVERSAL_REQUIRED', 'REQUIRE_REVERSAL'), { ok: true, to: 'REVERSAL_REQUIRED' });
  assert.deepEqual(transitionInvoice('REVERSAL_REQUIRED', 'REVERSE'), { ok: true, to: 'REVERSED' });
  refusedWith(transitionInvoice('APPLIED', 'REQUIRE_REVERSAL'), 'INVOICE.NOT_ISSUED');
  refusedWith(transitionInvoice('REVERSED', 'REQUIRE_REVERSAL'), 'INVOICE.ALREADY_REVERSED');
  refusedWith(transitionInvoice('REVERSAL_REQUIRED', 'ISSUE'), 'INVOICE.ALREADY_ISSUED');
});

test('reimbursement: NONE → LOCKED → CLOSED, LOCKED → NONE on rejection', () => {
  assert.deepEqual(transitionReimbursement('NONE', 'CLAIM'), { ok: true, to: 'LOCKED' });
  assert.deepEqual(transitionReimbursement('LOCKED', 'APPROVE'), { ok: true, to: 'CLOSED' });
  assert.deepEqual(transitionReimbursement('LOCKED', 'REJECT'), { ok: true, to: 'NONE' });
  refusedWith(transitionReimbursement('LOCKED', 'CLAIM'), 'REIMBURSEMENT.LOCKED');
  refusedWith(transitionReimbursement('CLOSED', 'CLAIM'), 'REIMBURSEMENT.CLOSED');
  refusedWith(transitionReimbursement('CLOSED', 'REJECT'), 'REIMBURSEMENT.CLOSED');
  refusedWith(transitionReimbursement('NONE', 'APPROVE'), 'REIMBURSEMENT.NOT_LOCKED');
  refusedWith(transitionReimbursement('NONE', 'REJECT'), 'REIMBURSEMENT.NOT_LOCKED');
});

test('Beijing dates: 16:00Z is already tomorrow in Beijing', () => {
  assert.equal(beijingDate(new Date('2026-11-20T15:59:59.999Z')), '2026-11-20');
  assert.equal(beijingDate(new Date('2026-11-20T16:00:00.000Z')), '2026-11-21');
  const { start, end } = beijingDayBounds('2026-11-20');
  assert.equal(start.toISOString(), '2026-11-19T16:00:00.000Z');
  assert.equal(end.toISOString(), '2026-11-20T16:00:00.000Z');
  assert.throws(() => beijingDayBounds('2026-02-30'), RangeError);
});

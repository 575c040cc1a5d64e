// The invoice and reimbursement lifecycles as pure transition functions. An illegal step
// returns a DomainError (it is an expected outcome of user input, not a bug).
import { DomainError } from './errors.js';

export type Transition<S> = { readonly ok: true; readonly to: S } | { readonly ok: false; readonly error: DomainError };

export type InvoiceStatus = 'APPLIED' | 'ISSUED' | 'REVERSAL_REQUIRED' | 'REVERSED';
/** REQUIRE_REVERSAL: the payment was refunded after issuance (红冲 is now owed). */
export type InvoiceAction = 'ISSUE' | 'REQUIRE_REVERSAL' | 'REVERSE';

export type ReimbursementStatus = 'NONE' | 'LOCKED' | 'CLOSED';
export type ReimbursementAction = 'CLAIM' | 'APPROVE' | 'REJECT';

function refuse<S>(code: string, message: string, from: string, action: string): Transition<S> {
  return { ok: false, error: new DomainError(code, message, { from, action }) };
}

/**
 * Invoice: APPLIED → ISSUED → REVERSED, with ISSUED → REVERSAL_REQUIRED → REVERSED when a
 * refund comes after issuance (the reversal itself is a new red invoice).
 */
export function transitionInvoice(from: InvoiceStatus, action: InvoiceAction): Transition<InvoiceStatus> {
  if (action === 'ISSUE') {
    if (from === 'APPLIED') return { ok: true, to: 'ISSUED' };
    if (from === 'ISSUED' || from === 'REVERSAL_REQUIRED') return refuse('INVOICE.ALREADY_ISSUED', 'the invoice is already issued', from, action);
    return refuse('INVOICE.REVERSED', 'the invoice has been reversed', from, action);
  }
  if (action === 'REQUIRE_REVERSAL') {
    if (from === 'ISSUED' || from === 'REVERSAL_REQUIRED') return { ok: true, to: 'REVERSAL_REQUIRED' };
    if (from === 'APPLIED') return refuse('INVOICE.NOT_ISSUED', 'only an issued invoice can need a reversal', from, action);
    return refuse('INVOICE.ALREADY_REVERSED', 'the invoice is already reversed', from, action);
  }
  if (from === 'ISSUED' || from === 'REVERSAL_REQUIRED') return { ok: true, to: 'REVERSED' };
  if (from === 'APPLIED') return refuse('INVOICE.NOT_ISSUED', 'only an issued invoice can be reversed', from, action);
  return refuse('INVOICE.ALREADY_REVERSED', 'the invoice is already reversed', from, action);
}

/** Reimbursement: NONE → LOCKED (claim) → CLOSED (approve, terminal); LOCKED → NONE (reject). */
export function transitionReimbursement(
  from: ReimbursementStatus,
  action: ReimbursementAction,
): Transition<ReimbursementStatus> {
  if (from === 'CLOSED') {
    return refuse('REIMBURSEMENT.CLOSED', 'the invoice has already been reimbursed', from, action);
  }
  if (action === 'CLAIM') {
    if (from === 'NONE') return { ok: true, to: 'LOCKED' };
    return refuse('REIMBURSEMENT.LOCKED', 'the invoice is held by another reimbursement claim', from, action);
  }
  if (from === 'NONE') return refuse('REIMBURSEMENT.NOT_LOCKED', 'no claim holds this invoice', from, action);
  return { ok: true, to: action === 'APPROVE' ? 'CLOSED' : 'NONE' };
}

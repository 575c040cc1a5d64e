// Reading payments: the merchant its own, the tax authority every one. Another merchant's
// payment reads as absent (null), exactly like a missing one.
import { authorize, merchantFilter, permits, type Principal } from '../access/index.js';
import type { PaymentStore } from './ports.js';
import type { Payment } from './types.js';

/** The payment with this id, when the caller may read it. Throws ACCESS.* for a role that reads none. */
export function readPayment(deps: { payments: PaymentStore }, principal: Principal | null, id: string): Payment | null {
  authorize(principal, 'payment:read');
  const payment = deps.payments.get(id);
  return payment && permits(principal, 'payment:read', { type: 'payment', id, merchantId: payment.merchantId }) ? payment : null;
}

/** A keyset page of the payments the caller may read. */
export function listPayments(deps: { payments: PaymentStore }, principal: Principal | null, page: { afterSeq: number; limit: number }): Payment[] {
  const grant = authorize(principal, 'payment:list');
  return deps.payments.page({ merchantId: merchantFilter(grant), afterSeq: page.afterSeq, limit: page.limit });
}

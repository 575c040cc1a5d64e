// Alipay's refund_fee is the total refunded on a trade so far, not this refund's amount; the
// refund's own amount needs what was already recorded, which only storage knows.
import type { Fen } from '../domain/index.js';
import type { PaymentRefunded, ProviderCumulativeRefund } from './types.js';

/**
 * The refund event for a cumulative refund notification, given the fen already refunded on
 * the payment; null when nothing new is refunded (a redelivery or a notification overtaken by
 * a later one), which the caller acknowledges without an effect.
 */
export function refundEventFromTotal(notification: ProviderCumulativeRefund, alreadyRefunded: Fen): PaymentRefunded | null {
  if (!Number.isSafeInteger(alreadyRefunded) || alreadyRefunded < 0) throw new RangeError('alreadyRefunded must be a non-negative integer of fen');
  const amount = notification.refundedTotal - alreadyRefunded;
  if (amount <= 0) return null;
  return {
    id: notification.id, type: 'payment.refunded', created: notification.created, merchantId: notification.merchantId,
    data: { paymentId: notification.paymentId, refundId: notification.refundId, amount },
  };
}

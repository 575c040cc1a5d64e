// Records one verified provider notification (WeChat Pay, Alipay) through the same recording
// path as our own webhook (record.ts), in one unit of work. Idempotent twice over:
// - on the provider's notification id: a redelivery is acknowledged again, with no new effect;
// - on the object it is about (transaction or refund id): a second notification about a payment
//   or refund already recorded (Alipay's TRADE_FINISHED after TRADE_SUCCESS, WeChat Pay resending
//   under a new id) is acknowledged with no second effect.
// Every notification recorded leaves a provider_notifications row, including refunds that did
// not complete (REFUND.ABNORMAL / REFUND.CLOSED), which have no ledger entry type of their own.
import { createHash } from 'node:crypto';
import { DomainError } from '../domain/index.js';
import { refundEventFromTotal, type ProviderEvent, type ProviderName } from '../providers/index.js';
import { recordPayment, recordRefund, type RecordDeps } from './record.js';

export type NotificationEffect = 'RECORDED' | 'ACKNOWLEDGED' | 'NOT_COMPLETED';

export interface StoredProviderNotification {
  readonly merchantId: string;
  readonly provider: ProviderName;
  readonly notificationId: string;
  readonly objectId: string;
  readonly kind: ProviderEvent['kind'];
  readonly effect: NotificationEffect;
  /** Why there was no effect, or the status of a refund that did not complete. */
  readonly detail: string | null;
  /** Our payment id (pay_…), when the notification is about a payment we hold. */
  readonly paymentId: string | null;
  /** Our refund id (ref_…) when one was recorded; else the provider's refund id, if any. */
  readonly refundId: string | null;
  readonly amount: number | null;
  readonly ledgerIndex: number | null;
  readonly bodySha256: Uint8Array;
  readonly receivedAt: string;
}

export interface ProviderNotificationStore {
  find(merchantId: string, provider: ProviderName, notificationId: string): StoredProviderNotification | null;
  insert(notification: StoredProviderNotification): void;
}

export interface ProviderRecordDeps extends RecordDeps {
  readonly notifications: ProviderNotificationStore;
}

/** What recording a notification did; `replayed` when its notification id had been recorded before. */
export interface ProviderOutcome {
  readonly replayed: boolean;
  readonly effect: NotificationEffect;
  readonly paymentId: string | null;
  readonly ledgerIndex: number | null;
}

type Effect = Pick<StoredProviderNotification, 'effect' | 'detail' | 'paymentId' | 'refundId' | 'amount' | 'ledgerIndex'>;

const acknowledged = (detail: string, paymentId: string | null = null): Effect => ({ effect: 'ACKNOWLEDGED', detail, paymentId, refundId: null, amount: null, ledgerIndex: null });

function applyEvent(deps: ProviderRecordDeps, notification: ProviderEvent, now: Date): Effect {
  switch (notification.kind) {
    case 'payment': {
      const { event } = notification;
      const held = deps.payments.findByProviderId(event.merchantId, event.data.paymentId);
      if (held) return acknowledged('the payment was already recorded', held.id);
      const r = recordPayment(deps, event, now);
      return { effect: 'RECORDED', detail: null, paymentId: r.paymentId, refundId: null, amount: event.data.amount, ledgerIndex: r.ledgerIndex };
    }
    case 'refund': {
      const { event } = notification;
      const payment = deps.payments.findByProviderId(event.merchantId, event.data.paymentId);
      if (payment && deps.payments.findRefund(payment.id, event.data.refundId)) return acknowledged('the refund was already recorded', payment.id);
      const r = recordRefund(deps, event, now);
      return { effect: 'RECORDED', detail: null, paymentId: r.paymentId, refundId: r.refundId, amount: event.data.amount, ledgerIndex: r.ledgerIndex };
    }
    case 'refund-total': {
      const payment = deps.payments.findByProviderId(notification.merchantId, notification.paymentId);
      if (!payment) throw new DomainError('PAYMENT.UNKNOWN', `no payment ${notification.paymentId} to refund`, { paymentId: notification.paymentId });
      if (deps.payments.findRefund(payment.id, notification.refundId)) return acknowledged('the refund was already recorded', payment.id);
      const event = refundEventFromTotal(notification, payment.refunded);
      if (event === null) return acknowledged('nothing more was refunded', payment.id);
      const r = recordRefund(deps, event, now);
      return { effect: 'RECORDED', detail: null, paymentId: r.paymentId, refundId: r.refundId, amount: event.data.amount, ledgerIndex: r.ledgerIndex };
    }
    case 'refund-not-completed': {
      const payment = deps.payments.findByProviderId(notification.merchantId, notification.paymentId);
      return { effect: 'NOT_COMPLETED', detail: notification.status, paymentId: payment?.id ?? null, refundId: notification.refundId, amount: notification.amount, ledgerIndex: null };
    }
    case 'ignored':
      return acknowledged(notification.why);
  }
}

/**
 * Records a verified notification for `merchantId` (the path's; the provider verified it is
 * this merchant's). Throws the refusals of record.ts (PAYMENT.UNKNOWN,
 * PAYMENT.REFUND_EXCEEDS_REMAINING, WEBHOOK.MALFORMED for a payment too large to invoice);
 * anything thrown leaves nothing written.
 */
export function recordProviderEvent(deps: ProviderRecordDeps, merchantId: string, notification: ProviderEvent, rawBody: Uint8Array): ProviderOutcome {
  const bodySha256 = new Uint8Array(createHash('sha256').update(rawBody).digest());
  const now = deps.clock.now();
  const { notificationId, objectId } = notification.idempotency;
  return deps.uow.run(() => {
    const seen = deps.notifications.find(merchantId, notification.provider, notificationId);
    if (seen) return { replayed: true, effect: seen.effect, paymentId: seen.paymentId, ledgerIndex: seen.ledgerIndex };
    const effect = applyEvent(deps, notification, now);
    deps.notifications.insert({
      merchantId, provider: notification.provider, notificationId, objectId, kind: notification.kind, ...effect, bodySha256, receivedAt: now.toISOString(),
    });
    return { replayed: false, effect: effect.effect, paymentId: effect.paymentId, ledgerIndex: effect.ledgerIndex };
  });
}

// Records one verified PaymentEvent: the idempotency record, the payment or refund and its
// ledger entry commit in one unit of work, or nothing does. Verifying is verify.ts's (or a
// provider's); this file trusts its event and reads/writes storage only.
import { createHash } from 'node:crypto';
import { DomainError, type Clock } from '../domain/index.js';
import { paymentRefunded, paymentSucceeded } from '../events/index.js';
import type { Ledger } from '../ledger/index.js';
import type { IdGenerator } from '../shared/ids.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import { assertInvoiceable } from './invoice-size.js';
import type { PaymentRecorded, RefundRecorded, WebhookOutcome } from './outcome.js';
import type { PaymentStore } from './ports.js';
import type { Payment, PaymentEvent } from './types.js';

export interface RecordDeps {
  readonly payments: PaymentStore;
  readonly ledger: Ledger;
  readonly uow: UnitOfWork;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  /** Runs in the refund's transaction (the invoices context reverses what the refund requires). */
  readonly onRefunded?: (paymentId: string) => void;
}

type Succeeded = Extract<PaymentEvent, { type: 'payment.succeeded' }>;
type Refunded = Extract<PaymentEvent, { type: 'payment.refunded' }>;

/**
 * Records an event of our own webhook, idempotently on (merchant, event id): a redelivery with
 * the same bytes returns the first outcome (replayed); other bytes under the same id throw
 * WEBHOOK.EVENT_CONFLICT. Throws PAYMENT.* refusals; anything thrown leaves nothing written.
 */
export function recordPaymentEvent(deps: RecordDeps, event: PaymentEvent, rawBody: Uint8Array): WebhookOutcome {
  const bodySha256 = new Uint8Array(createHash('sha256').update(rawBody).digest());
  const now = deps.clock.now();
  return deps.uow.run(() => {
    const seen = deps.payments.findEvent(event.merchantId, event.id);
    if (seen) {
      if (!Buffer.from(seen.bodySha256).equals(bodySha256)) {
        throw new DomainError('WEBHOOK.EVENT_CONFLICT', `event ${event.id} was already received with a different body`, { eventId: event.id });
      }
      return { replayed: true, receivedAt: seen.receivedAt, recorded: seen.outcome };
    }
    const recorded = event.type === 'payment.succeeded' ? recordPayment(deps, event, now) : recordRefund(deps, event, now);
    const receivedAt = now.toISOString();
    deps.payments.insertEvent({ id: event.id, merchantId: event.merchantId, bodySha256, outcome: recorded, receivedAt });
    return { replayed: false, receivedAt, recorded };
  });
}

/**
 * Records a payment and its payment.succeeded entry (call inside a unit of work). Throws
 * WEBHOOK.MALFORMED when it could never be invoiced (invoice-size.ts) and PAYMENT.DUPLICATE when the provider's payment id is already recorded for the merchant.
 */
export function recordPayment(deps: RecordDeps, event: Succeeded, now: Date): PaymentRecorded {
  assertInvoiceable(event);
  if (deps.payments.findByProviderId(event.merchantId, event.data.paymentId)) {
    throw new DomainError('PAYMENT.DUPLICATE', `payment ${event.data.paymentId} was already recorded by another event`, { paymentId: event.data.paymentId });
  }
  const id = deps.ids.next('pay');
  const [ledgerIndex] = deps.ledger.append([
    paymentSucceeded({
      at: now.toISOString(),
      actor: { role: 'PAYMENT_PROVIDER', id: event.merchantId },
      subjectId: id,
      data: {
        merchantId: event.merchantId,
        eventId: event.id,
        providerPaymentId: event.data.paymentId,
        amount: event.data.amount,
        currency: event.data.currency,
        paidAt: event.data.paidAt,
        description: event.data.description,
        items: event.data.items === null ? null : event.data.items.map((i) => ({ ...i })),
      },
    }),
  ]);
  const payment: Omit<Payment, 'seq'> = {
    id,
    merchantId: event.merchantId,
    paymentId: event.data.paymentId,
    amount: event.data.amount,
    refunded: 0,
    currency: 'CNY',
    paidAt: event.data.paidAt,
    description: event.data.description,
    items: event.data.items,
    ledgerIndex: ledgerIndex as number,
    createdAt: now.toISOString(),
  };
  deps.payments.insertPayment(payment);
  return { kind: 'payment', eventId: event.id, paymentId: id, providerPaymentId: event.data.paymentId, ledgerIndex: ledgerIndex as number };
}

/**
 * Records a refund and its payment.refunded entry (call inside a unit of work), then lets the
 * invoices context react (onRefunded). Throws PAYMENT.UNKNOWN, PAYMENT.DUPLICATE_REFUND,
 * PAYMENT.REFUND_EXCEEDS_REMAINING.
 */
export function recordRefund(deps: RecordDeps, event: Refunded, now: Date): RefundRecorded {
  const payment = deps.payments.findByProviderId(event.merchantId, event.data.paymentId);
  if (!payment) {
    throw new DomainError('PAYMENT.UNKNOWN', `no payment ${event.data.paymentId} to refund`, { paymentId: event.data.paymentId });
  }
  if (deps.payments.findRefund(payment.id, event.data.refundId)) {
    throw new DomainError('PAYMENT.DUPLICATE_REFUND', `refund ${event.data.refundId} was already recorded by another event`);
  }
  const remaining = payment.amount - payment.refunded;
  if (event.data.amount > remaining) {
    throw new DomainError('PAYMENT.REFUND_EXCEEDS_REMAINING', `refund of ${event.data.amount} fen exceeds the ${remaining} fen that remain`, {
      remaining,
      requested: event.data.amount,
    });
  }
  const refunded = payment.refunded + event.data.amount;
  const id = deps.ids.next('ref');
  const [ledgerIndex] = deps.ledger.append([
    paymentRefunded({
      at: now.toISOString(),
      actor: { role: 'PAYMENT_PROVIDER', id: event.merchantId },
      subjectId: payment.id,
      data: {
        merchantId: event.merchantId,
        eventId: event.id,
        refund: id,
        providerRefundId: event.data.refundId,
        amount: event.data.amount,
        refundedTotal: refunded,
      },
    }),
  ]);
  deps.payments.insertRefund({ id, payment: payment.id, refundId: event.data.refundId, amount: event.data.amount, ledgerIndex: ledgerIndex as number, createdAt: now.toISOString() });
  deps.payments.setRefunded(payment.id, refunded);
  deps.onRefunded?.(payment.id);
  return { kind: 'refund', eventId: event.id, paymentId: payment.id, refundId: id, refunded, remaining: payment.amount - refunded, ledgerIndex: ledgerIndex as number };
}

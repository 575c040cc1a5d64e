// What a verified provider notification becomes, independent of storage. Verifying never
// throws for untrusted input: it returns a typed refusal with a stable reason, and the answer
// the HTTP route sends back (each provider has its own answer format). Recording (idempotency,
// payment, ledger entry) is the caller's: these values carry the keys it needs.
import type { Fen } from '../domain/index.js';
import type { PaymentEvent } from '../payments/index.js';

export type ProviderName = 'wechatpay' | 'alipay';

/** Largest amount accepted from a provider: 10^15 − 1 fen, the domain's 13 integer yuan digits. */
export const MAX_PROVIDER_FEN: Fen = 999_999_999_999_999;

/** The most bytes of a notification body read before it is refused (real ones are ~1–3 KiB). */
export const MAX_NOTIFICATION_BYTES = 64 * 1024;

/**
 * The answer the HTTP route sends for a notification. A success answer goes out only after the
 * effect has committed; when the write fails the route sends the provider's failure answer
 * (wechatPayFailureAnswer / alipayFailureAnswer with a 5xx) so that the provider retries.
 */
export interface ProviderAnswer {
  readonly status: number;
  readonly contentType: 'application/json' | 'text/plain';
  readonly body: string;
}

/**
 * Keys the caller records atomically with the effect: the provider's notification id (a
 * redelivery of the same notification) and the object it is about (the transaction or refund:
 * a second notification about the same object, e.g. Alipay's TRADE_FINISHED after
 * TRADE_SUCCESS, must be acknowledged without a second effect).
 */
export interface IdempotencyKeys {
  readonly notificationId: string;
  readonly objectId: string;
}

export type PaymentSucceeded = Extract<PaymentEvent, { type: 'payment.succeeded' }>;
export type PaymentRefunded = Extract<PaymentEvent, { type: 'payment.refunded' }>;

/** A verified payment: `event` is today's PaymentEvent, ready for the payments context. */
export interface ProviderPayment {
  readonly kind: 'payment';
  readonly provider: ProviderName;
  readonly idempotency: IdempotencyKeys;
  /** The merchant's own order number (out_trade_no). */
  readonly merchantOrderId: string;
  /** What the payer paid after discounts (WeChat Pay payer_total; Alipay buyer_pay_amount when sent). */
  readonly payerTotal: Fen | null;
  readonly event: PaymentSucceeded;
}

/** A verified, completed refund of `event.data.amount` fen. */
export interface ProviderRefund {
  readonly kind: 'refund';
  readonly provider: ProviderName;
  readonly idempotency: IdempotencyKeys;
  readonly merchantRefundId: string | null;
  readonly event: PaymentRefunded;
}

/**
 * A verified refund notification whose amount is cumulative (Alipay's refund_fee is the total
 * refunded on the trade so far): the caller turns it into a refund event with
 * `refundEventFromTotal` once it knows how much was already refunded.
 */
export interface ProviderCumulativeRefund {
  readonly kind: 'refund-total';
  readonly provider: ProviderName;
  readonly idempotency: IdempotencyKeys;
  readonly id: string;
  readonly created: number;
  readonly merchantId: string;
  readonly paymentId: string;
  readonly refundId: string;
  /** Everything refunded on the payment so far, this refund included. */
  readonly refundedTotal: Fen;
  readonly refundedAt: string;
}

/** A refund that did not complete (WeChat Pay REFUND.ABNORMAL / REFUND.CLOSED): recorded, no refund. */
export interface ProviderRefundNotCompleted {
  readonly kind: 'refund-not-completed';
  readonly provider: ProviderName;
  readonly idempotency: IdempotencyKeys;
  readonly status: 'ABNORMAL' | 'CLOSED';
  readonly merchantId: string;
  readonly paymentId: string;
  readonly refundId: string;
  readonly merchantRefundId: string;
  readonly amount: Fen;
}

/** A verified notification that asks for no effect (e.g. Alipay WAIT_BUYER_PAY or an unpaid TRADE_CLOSED). */
export interface ProviderIgnored {
  readonly kind: 'ignored';
  readonly provider: ProviderName;
  readonly idempotency: IdempotencyKeys;
  readonly why: string;
}

export type ProviderEvent = ProviderPayment | ProviderRefund | ProviderCumulativeRefund | ProviderRefundNotCompleted | ProviderIgnored;

export type Verified<R extends string> =
  | { readonly ok: true; readonly event: ProviderEvent; readonly answer: ProviderAnswer }
  | { readonly ok: false; readonly reason: R; readonly message: string; readonly answer: ProviderAnswer };

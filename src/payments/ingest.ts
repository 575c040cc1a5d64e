// Ingests one signed webhook delivery. Order of checks: signature (which needs the merchant
// named in the body), then the event's shape, then idempotency, then the effect — and the
// effect, its ledger entry and the idempotency record commit in one transaction. Anything
// refused changes nothing.
//
// An unknown merchant is refused exactly like a wrong signature (same code, status and
// message, and the same HMAC work against a dummy secret), so the endpoint cannot be used to
// learn which merchant ids exist. Event ids are idempotency keys per merchant: two merchants'
// providers may well use the same id.
import { createHash, randomBytes } from 'node:crypto';
import type { MerchantStore } from '../access/index.js';
import { DomainError, type Clock } from '../domain/index.js';
import { paymentRefunded, paymentSucceeded } from '../events/index.js';
import type { Ledger } from '../ledger/index.js';
import type { IdGenerator } from '../shared/ids.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import { parsePaymentEvent } from './event.js';
import type { PaymentStore } from './ports.js';
import type { Payment, PaymentEvent } from './types.js';
import { verifyWebhookSignature } from './webhook-signature.js';

export interface IngestDeps {
  readonly payments: PaymentStore;
  readonly merchants: MerchantStore;
  readonly ledger: Ledger;
  readonly uow: UnitOfWork;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  readonly toleranceSeconds: number;
  /** Gives the payer's apply token and URL for a payment (the invoices context owns them). */
  readonly applyLinkFor: (paymentId: string) => { applyToken: string; applyUrl: string };
  /** Runs in the refund's transaction (the invoices context reverses what the refund requires). */
  readonly onRefunded?: (paymentId: string) => void;
}

export interface WebhookResult {
  readonly status: 200;
  readonly replayed: boolean;
  readonly body: Record<string, unknown>;
}

function decodeJson(rawBody: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(rawBody)) as unknown;
  } catch {
    throw new DomainError('WEBHOOK.MALFORMED', 'the body is not valid UTF-8 JSON', { field: '$' });
  }
}

// Stands in for the secrets of a merchant that does not exist; random per process, so no
// signature can match it.
const DUMMY_SECRETS: readonly string[] = [`whsec_${randomBytes(32).toString('base64url')}`];

/** Handles one delivery; throws DomainError WEBHOOK.* / PAYMENT.* for every refusal. */
export function ingestWebhook(deps: IngestDeps, request: { rawBody: Uint8Array; signatureHeader: string | undefined }): WebhookResult {
  const json = decodeJson(request.rawBody);
  const named = typeof json === 'object' && json !== null ? (json as { merchantId?: unknown }).merchantId : undefined;
  const merchantId = typeof named === 'string' ? named : '';
  const merchant = deps.merchants.get(merchantId);
  const now = deps.clock.now();
  // the same two lookups whether or not the merchant exists (an unknown id has no secrets)
  const secrets = deps.merchants.activeSecrets(merchantId, now.toISOString()).map((s) => s.secret);
  verifyWebhookSignature({
    header: request.signatureHeader,
    rawBody: request.rawBody,
    // a merchant without an active secret is treated like an unknown one: same work, same answer
    secrets: secrets.length > 0 ? secrets : DUMMY_SECRETS,
    nowSeconds: Math.floor(now.getTime() / 1000),
    toleranceSeconds: deps.toleranceSeconds,
  });
  if (!merchant || secrets.length === 0) {
    // unreachable unless a dummy secret matched; kept so the invariant is explicit
    throw new DomainError('WEBHOOK.SIGNATURE', 'no signature matches an active secret of this merchant', { reason: 'MISMATCH' });
  }
  const event = parsePaymentEvent(json, { now, toleranceSeconds: deps.toleranceSeconds });
  const bodySha256 = new Uint8Array(createHash('sha256').update(request.rawBody).digest());

  return deps.uow.run(() => {
    const seen = deps.payments.findEvent(event.merchantId, event.id);
    if (seen) {
      if (!Buffer.from(seen.bodySha256).equals(bodySha256)) {
        throw new DomainError('WEBHOOK.EVENT_CONFLICT', `event ${event.id} was already received with a different body`, { eventId: event.id });
      }
      return { status: 200, replayed: true, body: JSON.parse(seen.responseJson) as Record<string, unknown> };
    }
    const body = event.type === 'payment.succeeded' ? recordPayment(deps, event, now) : recordRefund(deps, event, now);
    deps.payments.insertEvent({ id: event.id, merchantId: event.merchantId, bodySha256, responseJson: JSON.stringify(body), receivedAt: now.toISOString() });
    return { status: 200, replayed: false, body };
  });
}

function recordPayment(deps: IngestDeps, event: Extract<PaymentEvent, { type: 'payment.succeeded' }>, now: Date): Record<string, unknown> {
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
  return { received: true, eventId: event.id, paymentId: id, providerPaymentId: event.data.paymentId, ledgerIndex, ...deps.applyLinkFor(id) };
}

function recordRefund(deps: IngestDeps, event: Extract<PaymentEvent, { type: 'payment.refunded' }>, now: Date): Record<string, unknown> {
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
  return { received: true, eventId: event.id, paymentId: payment.id, refundId: id, refunded, remaining: payment.amount - refunded, ledgerIndex };
}

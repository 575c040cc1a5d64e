// Ingests one delivery of our own webhook: verify (signature over the raw bytes, then the
// event's shape), then record (idempotency, effect and ledger entry in one unit of work).
// Anything refused changes nothing.
import type { PaymentStore } from './ports.js';
import type { WebhookOutcome } from './outcome.js';
import { recordPaymentEvent, type RecordDeps } from './record.js';
import { verifyPaymentWebhook, type VerifyDeps, type WebhookDelivery } from './verify.js';

export interface IngestDeps extends RecordDeps, VerifyDeps {
  readonly payments: PaymentStore;
  /**
   * The payer's apply token and URL for a payment, as issued at `issuedAt` (the invoices
   * context owns them); the route puts them in its answer, a replay gets the same ones.
   */
  readonly applyLinkFor: (paymentId: string, issuedAt: Date) => { applyToken: string; applyUrl: string };
}

/** Verifies and records one delivery; throws DomainError WEBHOOK.* / PAYMENT.* for every refusal. */
export function ingestWebhook(deps: IngestDeps, delivery: WebhookDelivery): WebhookOutcome {
  const event = verifyPaymentWebhook(deps, delivery);
  return recordPaymentEvent(deps, event, delivery.rawBody);
}

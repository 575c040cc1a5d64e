export type { Payment, Refund, PaymentItem, PaymentEvent } from './types.js';
export type { PaymentStore, StoredWebhookEvent } from './ports.js';
export { SIGNATURE_HEADER, DEFAULT_TOLERANCE_SECONDS, parseSignatureHeader, computeSignature, signWebhook, verifyWebhookSignature } from './webhook-signature.js';
export { parsePaymentEvent } from './event.js';
export { ingestWebhook, type IngestDeps, type WebhookResult } from './ingest.js';
export { readPayment, listPayments } from './queries.js';

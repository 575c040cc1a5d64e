import type { RecordedOutcome } from './outcome.js';
import type { Payment, Refund } from './types.js';

export interface StoredWebhookEvent {
  readonly id: string;
  readonly merchantId: string;
  readonly bodySha256: Uint8Array;
  /** What recording it did: enough to rebuild the answer to a redelivery. */
  readonly outcome: RecordedOutcome;
  readonly receivedAt: string;
}

export interface PaymentStore {
  /** The event a merchant sent under `id` (event ids are unique per merchant only). */
  findEvent(merchantId: string, id: string): StoredWebhookEvent | null;
  insertEvent(event: StoredWebhookEvent): void;
  insertPayment(payment: Omit<Payment, 'seq'>): void;
  get(id: string): Payment | null;
  findByProviderId(merchantId: string, paymentId: string): Payment | null;
  insertRefund(refund: Refund): void;
  findRefund(payment: string, refundId: string): Refund | null;
  refunds(payment: string): Refund[];
  setRefunded(id: string, refunded: number): void;
  /** Keyset page in insertion order; `merchantId` null means every merchant. */
  page(options: { merchantId: string | null; afterSeq: number; limit: number }): Payment[];
}

// What recording a verified payment event did, in domain words. No HTTP status and no response
// body: the route that received the event builds its own answer from this (the generic webhook
// a JSON body, WeChat Pay an empty 200, Alipay `success`), and a replay rebuilds the identical
// answer from the stored outcome.

/** A payment recorded: our id, the provider's, and its ledger entry. */
export interface PaymentRecorded {
  readonly kind: 'payment';
  readonly eventId: string;
  readonly paymentId: string;
  readonly providerPaymentId: string;
  readonly ledgerIndex: number;
}

/** A refund recorded; `refunded` and `remaining` are as they stood right after it. */
export interface RefundRecorded {
  readonly kind: 'refund';
  readonly eventId: string;
  readonly paymentId: string;
  readonly refundId: string;
  readonly refunded: number;
  readonly remaining: number;
  readonly ledgerIndex: number;
}

export type RecordedOutcome = PaymentRecorded | RefundRecorded;

/** The outcome of one delivery: `replayed` when the same event had already been recorded. */
export interface WebhookOutcome {
  readonly replayed: boolean;
  /** When the event was first recorded (the payer's apply token is issued as of this instant). */
  readonly receivedAt: string;
  readonly recorded: RecordedOutcome;
}

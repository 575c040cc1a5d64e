// The outbox's storage ports: each merchant's notification endpoint, the durable events and
// every delivery attempt. The SQLite adapter is src/storage/sqlite/outbox-store.ts.

export const OUTBOX_EVENT_TYPES = [
  'invoice.issued', 'invoice.reversed', 'invoice.reversal_required', 'invoice.reversal_pending', 'reimbursement.locked', 'reimbursement.closed',
] as const;
export type OutboxEventType = (typeof OUTBOX_EVENT_TYPES)[number];

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'DEAD';

export interface NotificationEndpoint {
  readonly merchantId: string;
  readonly url: string;
  readonly secret: string;
  readonly updatedAt: string;
}

export interface OutboxEvent {
  readonly seq: number;
  readonly id: string;
  readonly merchantId: string;
  readonly type: OutboxEventType;
  /** The exact JSON body sent on every attempt. */
  readonly body: string;
  readonly createdAt: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  /** Unix ms of the next attempt (null once delivered or dead). */
  readonly nextAttemptMs: number | null;
  readonly deliveredAt: string | null;
}

export interface DeliveryAttempt {
  readonly number: number;
  readonly at: string;
  /** The receiver's HTTP status, or null when no answer came. */
  readonly statusCode: number | null;
  /** Why the attempt failed, in our words; null when it was delivered. */
  readonly error: string | null;
  readonly durationMs: number;
}

/** What one attempt decided: delivered, try again at a time, or dead (schedule exhausted). */
export type AttemptOutcome =
  | { readonly kind: 'DELIVERED'; readonly at: string }
  | { readonly kind: 'RETRY'; readonly nextAttemptMs: number }
  | { readonly kind: 'DEAD' };

export interface EndpointStore {
  get(merchantId: string): NotificationEndpoint | null;
  put(endpoint: NotificationEndpoint): void;
}

export interface OutboxStore {
  insert(event: Omit<OutboxEvent, 'seq' | 'attempts' | 'deliveredAt'>): void;
  get(id: string): OutboxEvent | null;
  /**
   * Due events, at most `perMerchant` per merchant (its earliest due), earliest first, the
   * events in `skip` (under way) left out: one merchant's backlog never fills the page (no
   * head-of-line blocking).
   */
  due(nowMs: number, limit: number, perMerchant: number, skip: ReadonlySet<string>): OutboxEvent[];
  /** Appends the attempt and applies its outcome, in one transaction. */
  recordAttempt(eventId: string, attempt: DeliveryAttempt, outcome: AttemptOutcome): void;
  /** Makes an event due now again (redelivery), whatever its state. */
  reschedule(eventId: string, nextAttemptMs: number): void;
  attempts(eventIds: readonly string[]): Map<string, DeliveryAttempt[]>;
  page(filter: { merchantId?: string; status?: DeliveryStatus }, afterSeq: number, limit: number): OutboxEvent[];
  /** The earliest next attempt of any pending event (for the dispatcher's wake-up). */
  nextDueMs(): number | null;
}

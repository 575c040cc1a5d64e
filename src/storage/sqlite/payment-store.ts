// Payments, refunds and webhook idempotency records on SQLite.
import type { Payment, PaymentItem, PaymentStore, RecordedOutcome, Refund, StoredWebhookEvent } from '../../payments/index.js';
import type { SqliteDatabase } from './database.js';

interface PaymentRow {
  seq: number; id: string; merchant_id: string; payment_id: string; amount: number; refunded: number; currency: string;
  paid_at: string; description: string; items_json: string | null; ledger_index: number; created_at: string;
}
interface RefundRow { id: string; payment: string; refund_id: string; amount: number; ledger_index: number; created_at: string }
interface EventRow { id: string; merchant_id: string; body_sha256: Buffer; outcome_json: string; received_at: string }

// Rows written before migration 004 hold the JSON answer that was sent; it carries every field
// of the outcome (plus the answer's own), and a refund's has refundId.
function toOutcome(json: string): RecordedOutcome {
  const o = JSON.parse(json) as Record<string, unknown>;
  const kind = o['kind'] ?? ('refundId' in o ? 'refund' : 'payment');
  return kind === 'refund'
    ? { kind: 'refund', eventId: o['eventId'] as string, paymentId: o['paymentId'] as string, refundId: o['refundId'] as string, refunded: o['refunded'] as number, remaining: o['remaining'] as number, ledgerIndex: o['ledgerIndex'] as number }
    : { kind: 'payment', eventId: o['eventId'] as string, paymentId: o['paymentId'] as string, providerPaymentId: o['providerPaymentId'] as string, ledgerIndex: o['ledgerIndex'] as number };
}

const toPayment = (r: PaymentRow): Payment => ({
  seq: r.seq, id: r.id, merchantId: r.merchant_id, paymentId: r.payment_id, amount: r.amount, refunded: r.refunded, currency: 'CNY',
  paidAt: r.paid_at, description: r.description, items: r.items_json === null ? null : (JSON.parse(r.items_json) as PaymentItem[]),
  ledgerIndex: r.ledger_index, createdAt: r.created_at,
});
const toRefund = (r: RefundRow): Refund => ({ id: r.id, payment: r.payment, refundId: r.refund_id, amount: r.amount, ledgerIndex: r.ledger_index, createdAt: r.created_at });

export function createSqlitePaymentStore(db: SqliteDatabase): PaymentStore {
  const s = {
    findEvent: db.prepare('SELECT * FROM webhook_events WHERE merchant_id = ? AND id = ?'),
    insertEvent: db.prepare('INSERT INTO webhook_events (id, merchant_id, body_sha256, outcome_json, received_at) VALUES (?, ?, ?, ?, ?)'),
    insertPayment: db.prepare(
      'INSERT INTO payments (id, merchant_id, payment_id, amount, refunded, currency, paid_at, description, items_json, ledger_index, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    get: db.prepare('SELECT * FROM payments WHERE id = ?'),
    byProvider: db.prepare('SELECT * FROM payments WHERE merchant_id = ? AND payment_id = ?'),
    insertRefund: db.prepare('INSERT INTO refunds (id, payment, refund_id, amount, ledger_index, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    findRefund: db.prepare('SELECT * FROM refunds WHERE payment = ? AND refund_id = ?'),
    refunds: db.prepare('SELECT * FROM refunds WHERE payment = ? ORDER BY created_at, id'),
    setRefunded: db.prepare('UPDATE payments SET refunded = ? WHERE id = ?'),
    pageAll: db.prepare('SELECT * FROM payments WHERE seq > ? ORDER BY seq LIMIT ?'),
    pageMerchant: db.prepare('SELECT * FROM payments WHERE merchant_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
  };
  return {
    findEvent: (merchantId, id) => {
      const row = s.findEvent.get(merchantId, id) as EventRow | undefined;
      return row ? { id: row.id, merchantId: row.merchant_id, bodySha256: new Uint8Array(row.body_sha256), outcome: toOutcome(row.outcome_json), receivedAt: row.received_at } : null;
    },
    insertEvent: (e: StoredWebhookEvent) => void s.insertEvent.run(e.id, e.merchantId, Buffer.from(e.bodySha256), JSON.stringify(e.outcome), e.receivedAt),
    insertPayment: (p) =>
      void s.insertPayment.run(p.id, p.merchantId, p.paymentId, p.amount, p.refunded, p.currency, p.paidAt, p.description, p.items === null ? null : JSON.stringify(p.items), p.ledgerIndex, p.createdAt),
    get: (id) => {
      const row = s.get.get(id) as PaymentRow | undefined;
      return row ? toPayment(row) : null;
    },
    findByProviderId: (merchantId, paymentId) => {
      const row = s.byProvider.get(merchantId, paymentId) as PaymentRow | undefined;
      return row ? toPayment(row) : null;
    },
    insertRefund: (r) => void s.insertRefund.run(r.id, r.payment, r.refundId, r.amount, r.ledgerIndex, r.createdAt),
    findRefund: (payment, refundId) => {
      const row = s.findRefund.get(payment, refundId) as RefundRow | undefined;
      return row ? toRefund(row) : null;
    },
    refunds: (payment) => (s.refunds.all(payment) as RefundRow[]).map(toRefund),
    setRefunded: (id, refunded) => void s.setRefunded.run(refunded, id),
    page: ({ merchantId, afterSeq, limit }) =>
      ((merchantId === null ? s.pageAll.all(afterSeq, limit) : s.pageMerchant.all(merchantId, afterSeq, limit)) as PaymentRow[]).map(toPayment),
  };
}

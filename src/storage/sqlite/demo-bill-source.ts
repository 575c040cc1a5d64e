// The rows of a demo provider bill: what the platform recorded for one merchant in one window,
// shaped as the WeChat Pay trade bill's rows. Only for `make-bill` (a demo has no real
// provider to download a bill from); a real bill always comes from the provider.
import type { SqliteDatabase } from './database.js';

export interface DemoBillRow {
  /** ISO instant of the payment or refund. */
  readonly at: string;
  readonly paymentId: string;
  readonly status: 'SUCCESS' | 'REFUND';
  readonly amount: number;
  readonly refundId?: string;
  readonly refundAmount?: number;
}

/** Payments paid and refunds made in [from, to) for the merchant, in time order. */
export function demoBillRows(db: SqliteDatabase, merchantId: string, from: string, to: string): DemoBillRow[] {
  const payments = db.prepare(`SELECT paid_at AS at, payment_id AS paymentId, amount FROM payments
    WHERE merchant_id = ? AND paid_at >= ? AND paid_at < ? ORDER BY paid_at, seq`).all(merchantId, from, to) as Array<{ at: string; paymentId: string; amount: number }>;
  const refunds = db.prepare(`SELECT r.created_at AS at, p.payment_id AS paymentId, r.refund_id AS refundId, r.amount AS refundAmount FROM refunds r
    JOIN payments p ON p.id = r.payment WHERE p.merchant_id = ? AND r.created_at >= ? AND r.created_at < ? ORDER BY r.created_at, r.id`)
    .all(merchantId, from, to) as Array<{ at: string; paymentId: string; refundId: string; refundAmount: number }>;
  const rows: DemoBillRow[] = [
    ...payments.map((p) => ({ at: p.at, paymentId: p.paymentId, status: 'SUCCESS' as const, amount: p.amount })),
    ...refunds.map((r) => ({ at: r.at, paymentId: r.paymentId, status: 'REFUND' as const, amount: 0, refundId: r.refundId, refundAmount: r.refundAmount })),
  ];
  return rows.sort((a, b) => a.at.localeCompare(b.at));
}

// Reconciliation on SQLite: the day's lease, the bill loaded into a temporary table so the
// matching is SQL anti-joins (bounded memory whatever the day's size), and stored reports.
// The anti-joins return facts (ids, amounts, which side lacks a record); what they mean is
// src/reconciliation/differences.ts.
import type { BillFact, Difference, InvoiceFact, ReconciliationReport, ReconciliationStore, UninvoicedPaymentFact } from '../../reconciliation/ports.js';
import type { SqliteDatabase } from './database.js';
import { whereClause } from './where.js';

interface ReportRow { seq: number; id: string; day: string; scope: string; version: number; status: 'CLEAN' | 'DIFFERENCES'; counts_json: string; differences: number; started_at: string; finished_at: string }
const toReport = (r: ReportRow): ReconciliationReport => ({
  seq: r.seq, id: r.id, day: r.day, scope: r.scope, version: r.version, status: r.status, counts: JSON.parse(r.counts_json) as Record<string, number>,
  differences: r.differences, startedAt: r.started_at, finishedAt: r.finished_at,
});

export function createSqliteReconciliationStore(db: SqliteDatabase): ReconciliationStore {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS recon_bill (
    line INTEGER NOT NULL, payment_id TEXT NOT NULL, status TEXT NOT NULL, amount INTEGER NOT NULL, refund_id TEXT, refund_amount INTEGER NOT NULL)`);
  db.exec('CREATE INDEX IF NOT EXISTS temp.recon_bill_payment ON recon_bill (payment_id, status)');
  db.exec('CREATE INDEX IF NOT EXISTS temp.recon_bill_refund ON recon_bill (refund_id)');
  const s = {
    lease: db.prepare(`INSERT INTO reconciliation_leases (day, holder, expires_at) VALUES (?, ?, ?)
      ON CONFLICT (day) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
      WHERE reconciliation_leases.expires_at <= ? OR reconciliation_leases.holder = excluded.holder`),
    release: db.prepare('DELETE FROM reconciliation_leases WHERE day = ? AND holder = ?'),
    insertBill: db.prepare('INSERT INTO recon_bill (line, payment_id, status, amount, refund_id, refund_amount) VALUES (?, ?, ?, ?, ?, ?)'),
    billOnly: db.prepare(`SELECT b.line, b.payment_id, b.amount FROM recon_bill b WHERE b.status = 'SUCCESS'
      AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.merchant_id = ? AND p.payment_id = b.payment_id)`),
    notInBill: db.prepare(`SELECT p.id, p.payment_id, p.amount FROM payments p WHERE p.merchant_id = ? AND p.paid_at >= ? AND p.paid_at < ?
      AND NOT EXISTS (SELECT 1 FROM recon_bill b WHERE b.payment_id = p.payment_id AND b.status = 'SUCCESS')`),
    amountDiffers: db.prepare(`SELECT p.id, p.payment_id, p.amount AS ours, b.amount AS theirs, b.line FROM recon_bill b
      JOIN payments p ON p.merchant_id = ? AND p.payment_id = b.payment_id WHERE b.status = 'SUCCESS' AND b.amount <> p.amount`),
    refundBillOnly: db.prepare(`SELECT b.line, b.payment_id, b.refund_id, b.refund_amount FROM recon_bill b WHERE b.status = 'REFUND'
      AND NOT EXISTS (SELECT 1 FROM refunds r JOIN payments p ON p.id = r.payment WHERE p.merchant_id = ? AND r.refund_id = b.refund_id)`),
    refundNotInBill: db.prepare(`SELECT r.id, r.refund_id, p.payment_id, r.amount FROM refunds r JOIN payments p ON p.id = r.payment
      WHERE p.merchant_id = ? AND r.created_at >= ? AND r.created_at < ? AND NOT EXISTS (SELECT 1 FROM recon_bill b WHERE b.refund_id = r.refund_id AND b.status = 'REFUND')`),
    refundDiffers: db.prepare(`SELECT r.id, r.refund_id, r.amount AS ours, b.refund_amount AS theirs, b.line FROM recon_bill b
      JOIN refunds r ON r.refund_id = b.refund_id JOIN payments p ON p.id = r.payment WHERE p.merchant_id = ? AND b.status = 'REFUND' AND b.refund_amount <> r.amount`),
    uninvoiced: db.prepare(`SELECT p.id, p.payment_id, p.amount - p.refunded AS due FROM payments p WHERE p.merchant_id = ? AND p.paid_at >= ? AND p.paid_at < ?
      AND p.refunded < p.amount AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.payment = p.id AND i.kind = 'BLUE' AND i.status <> 'REVERSED')`),
    invoiceAmount: db.prepare(`SELECT i.id, i.number, i.gross, p.id AS payment, p.amount - p.refunded AS due FROM invoices i JOIN payments p ON p.id = i.payment
      WHERE i.merchant_id = ? AND i.kind = 'BLUE' AND i.status = 'ISSUED' AND i.gross <> p.amount - p.refunded
      AND (p.paid_at >= ? AND p.paid_at < ? OR i.issued_at >= ? AND i.issued_at < ?)`),
    reversalMissing: db.prepare(`SELECT i.id, i.number, p.id AS payment, p.refunded FROM invoices i JOIN payments p ON p.id = i.payment
      WHERE i.merchant_id = ? AND i.kind = 'BLUE' AND i.status = 'REVERSAL_REQUIRED'`),
    counts: db.prepare(`SELECT
      (SELECT count(*) FROM payments WHERE merchant_id = @merchant AND paid_at >= @from AND paid_at < @to) AS payments,
      (SELECT coalesce(sum(amount), 0) FROM payments WHERE merchant_id = @merchant AND paid_at >= @from AND paid_at < @to) AS paymentsFen,
      (SELECT count(*) FROM refunds r JOIN payments p ON p.id = r.payment WHERE p.merchant_id = @merchant AND r.created_at >= @from AND r.created_at < @to) AS refunds,
      (SELECT coalesce(sum(r.amount), 0) FROM refunds r JOIN payments p ON p.id = r.payment WHERE p.merchant_id = @merchant AND r.created_at >= @from AND r.created_at < @to) AS refundsFen,
      (SELECT count(*) FROM invoices WHERE merchant_id = @merchant AND issued_at >= @from AND issued_at < @to) AS invoicesIssued,
      (SELECT coalesce(sum(gross), 0) FROM invoices WHERE merchant_id = @merchant AND issued_at >= @from AND issued_at < @to) AS invoicesGrossFen,
      (SELECT count(*) FROM recon_bill WHERE status = 'SUCCESS') AS billPayments,
      (SELECT coalesce(sum(amount), 0) FROM recon_bill WHERE status = 'SUCCESS') AS billPaymentsFen,
      (SELECT count(*) FROM recon_bill WHERE status = 'REFUND') AS billRefunds,
      (SELECT coalesce(sum(refund_amount), 0) FROM recon_bill WHERE status = 'REFUND') AS billRefundsFen`),
    active: db.prepare(`SELECT merchant_id FROM payments WHERE paid_at >= ? AND paid_at < ? UNION SELECT id FROM merchants ORDER BY 1`).pluck(),
    insertReport: db.prepare(`INSERT INTO reconciliation_reports (id, day, scope, version, status, counts_json, differences, started_at, finished_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertDifference: db.prepare('INSERT INTO reconciliation_differences (report, n, type, severity, ids_json, detail) VALUES (?, ?, ?, ?, ?, ?)'),
    latestVersion: db.prepare('SELECT coalesce(max(version), 0) FROM reconciliation_reports WHERE day = ? AND scope = ?').pluck(),
    report: db.prepare('SELECT * FROM reconciliation_reports WHERE id = ?'),
    differences: db.prepare('SELECT * FROM reconciliation_differences WHERE report = ? AND n > ? ORDER BY n LIMIT ?'),
    // a platform-wide run of today (ADMIN may) saw only part of the day: it is no watermark
    // until a run started after the Beijing day ended (16:00 UTC)
    lastDay: db.prepare("SELECT max(day) FROM reconciliation_reports WHERE scope = '*' AND started_at >= strftime('%Y-%m-%dT%H:%M:%fZ', day, '+16 hours')").pluck(),
  };
  return {
    acquireLease: (day, holder, now, expiresAt) => s.lease.run(day, holder, expiresAt, now).changes > 0,
    releaseLease: (day, holder) => void s.release.run(day, holder),
    resetBill: () => void db.exec('DELETE FROM recon_bill'),
    insertBillRows(rows) {
      for (const r of rows) s.insertBill.run(r.line, r.paymentId, r.status, r.amount, r.refundId, r.refundAmount);
    },
    *billFacts(merchantId, from, to): Generator<BillFact> {
      for (const r of s.billOnly.iterate(merchantId) as IterableIterator<{ line: number; payment_id: string; amount: number }>) {
        yield { kind: 'PAYMENT_ONLY_IN_BILL', billLine: r.line, providerPaymentId: r.payment_id, amount: r.amount };
      }
      for (const r of s.notInBill.iterate(merchantId, from, to) as IterableIterator<{ id: string; payment_id: string; amount: number }>) {
        yield { kind: 'PAYMENT_ONLY_OURS', paymentId: r.id, providerPaymentId: r.payment_id, amount: r.amount };
      }
      for (const r of s.amountDiffers.iterate(merchantId) as IterableIterator<{ id: string; payment_id: string; ours: number; theirs: number; line: number }>) {
        yield { kind: 'PAYMENT_AMOUNTS_DIFFER', paymentId: r.id, providerPaymentId: r.payment_id, billLine: r.line, ours: r.ours, theirs: r.theirs };
      }
      for (const r of s.refundBillOnly.iterate(merchantId) as IterableIterator<{ line: number; payment_id: string; refund_id: string; refund_amount: number }>) {
        yield { kind: 'REFUND_ONLY_IN_BILL', billLine: r.line, providerRefundId: r.refund_id, providerPaymentId: r.payment_id, amount: r.refund_amount };
      }
      for (const r of s.refundNotInBill.iterate(merchantId, from, to) as IterableIterator<{ id: string; refund_id: string; payment_id: string; amount: number }>) {
        yield { kind: 'REFUND_ONLY_OURS', refundId: r.id, providerRefundId: r.refund_id, providerPaymentId: r.payment_id, amount: r.amount };
      }
      for (const r of s.refundDiffers.iterate(merchantId) as IterableIterator<{ id: string; refund_id: string; ours: number; theirs: number; line: number }>) {
        yield { kind: 'REFUND_AMOUNTS_DIFFER', refundId: r.id, providerRefundId: r.refund_id, billLine: r.line, ours: r.ours, theirs: r.theirs };
      }
    },
    *uninvoicedPayments(merchantId, from, to): Generator<UninvoicedPaymentFact> {
      for (const r of s.uninvoiced.iterate(merchantId, from, to) as IterableIterator<{ id: string; payment_id: string; due: number }>) {
        yield { kind: 'PAYMENT_WITHOUT_INVOICE', paymentId: r.id, providerPaymentId: r.payment_id, due: r.due };
      }
    },
    *invoiceFacts(merchantId, from, to): Generator<InvoiceFact> {
      for (const r of s.invoiceAmount.iterate(merchantId, from, to, from, to) as IterableIterator<{ id: string; number: string; gross: number; payment: string; due: number }>) {
        yield { kind: 'INVOICE_GROSS_NOT_DUE', invoiceId: r.id, number: r.number, paymentId: r.payment, gross: r.gross, due: r.due };
      }
      for (const r of s.reversalMissing.iterate(merchantId) as IterableIterator<{ id: string; number: string; payment: string; refunded: number }>) {
        yield { kind: 'REVERSAL_OWED', invoiceId: r.id, number: r.number, paymentId: r.payment, refunded: r.refunded };
      }
    },
    dayCounts: (merchantId, from, to) => s.counts.get({ merchant: merchantId, from, to }) as Record<string, number>,
    merchantsWithActivity: (from, to) => s.active.all(from, to) as string[],
    insertReport(report, differences) {
      s.insertReport.run(report.id, report.day, report.scope, report.version, report.status, JSON.stringify(report.counts), report.differences, report.startedAt, report.finishedAt);
      differences.forEach((d, i) => s.insertDifference.run(report.id, i + 1, d.type, d.severity, JSON.stringify(d.ids), d.detail));
    },
    latestVersion: (day, scope) => s.latestVersion.get(day, scope) as number,
    report(id) {
      const row = s.report.get(id) as ReportRow | undefined;
      return row ? toReport(row) : null;
    },
    reports(filter, afterSeq, limit) {
      const where = whereClause([['seq > ?', afterSeq], ['day >= ?', filter.from], ['day <= ?', filter.to], ['scope = ?', filter.scope]]);
      return (db.prepare(`SELECT * FROM reconciliation_reports WHERE ${where.sql} ORDER BY seq LIMIT ?`).all(...where.params, limit) as ReportRow[]).map(toReport);
    },
    differences: (reportId, afterN, limit) =>
      (s.differences.all(reportId, afterN, limit) as Array<{ n: number; type: Difference['type']; severity: Difference['severity']; ids_json: string; detail: string }>).map((r) => ({
        n: r.n, type: r.type, severity: r.severity, ids: JSON.parse(r.ids_json) as Difference['ids'], detail: r.detail,
      })),
    lastReconciledDay: () => (s.lastDay.get() as string | null) ?? null,
  };
}

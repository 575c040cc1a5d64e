// Invoices, their lines and invoice number sequences on SQLite.
import type { Invoice, InvoiceFilter, InvoiceLine, InvoiceStore, IssuedFields } from '../../invoices/index.js';
import type { TaxRate } from '../../domain/index.js';
import { coveredByReportSql } from '../../events/index.js';
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './database.js';
import { whereClause } from './where.js';

interface InvoiceRow {
  seq: number; id: string; merchant_id: string; payment: string; status: Invoice['status']; kind: Invoice['kind'];
  buyer_type: Invoice['buyer']['type']; buyer_name: string; buyer_taxpayer_id: string | null; buyer_email: string | null;
  number: string | null; issue_date: string | null; seller_name: string | null; seller_taxpayer_id: string | null;
  net: number | null; tax: number | null; gross: number | null; capital_amount: string | null;
  applied_index: number; issued_index: number | null; applied_at: string; issued_at: string | null;
  reverses: string | null; reversed_by: string | null; reversal_reason: string | null; reimbursement: Invoice['reimbursement']; tax_reported: number;
}
interface LineRow { invoice: string; line_no: number; name: string; tax_code: string; quantity: string; unit_price: number | null; tax_rate: string; net: number; tax: number; gross: number }

const toInvoice = (r: InvoiceRow): Invoice => ({
  seq: r.seq, id: r.id, merchantId: r.merchant_id, payment: r.payment, status: r.status, kind: r.kind,
  buyer: { type: r.buyer_type, name: r.buyer_name, taxpayerId: r.buyer_taxpayer_id, email: r.buyer_email },
  number: r.number, issueDate: r.issue_date, sellerName: r.seller_name, sellerTaxpayerId: r.seller_taxpayer_id,
  net: r.net, tax: r.tax, gross: r.gross, capitalAmount: r.capital_amount, appliedIndex: r.applied_index,
  issuedIndex: r.issued_index, appliedAt: r.applied_at, issuedAt: r.issued_at, reverses: r.reverses, reversedBy: r.reversed_by,
  reversalReason: r.reversal_reason, reimbursement: r.reimbursement, taxReported: r.tax_reported === 1,
});
const toLine = (r: LineRow): InvoiceLine => ({
  lineNo: r.line_no, name: r.name, taxCode: r.tax_code, quantity: r.quantity, unitPrice: r.unit_price,
  taxRate: r.tax_rate as TaxRate, net: r.net, tax: r.tax, gross: r.gross,
});

export function createSqliteInvoiceStore(db: SqliteDatabase): InvoiceStore {
  const s = {
    insert: db.prepare(`INSERT INTO invoices (id, merchant_id, payment, status, kind, buyer_type, buyer_name, buyer_taxpayer_id, buyer_email,
      applied_index, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    get: db.prepare('SELECT * FROM invoices WHERE id = ?'),
    byNumber: db.prepare('SELECT * FROM invoices WHERE number = ?'),
    active: db.prepare("SELECT * FROM invoices WHERE payment = ? AND kind = 'BLUE' AND status <> 'REVERSED'"),
    latestBlue: db.prepare("SELECT * FROM invoices WHERE payment = ? AND kind = 'BLUE' ORDER BY seq DESC LIMIT 1"),
    issue: db.prepare(`UPDATE invoices SET status = 'ISSUED', number = ?, issue_date = ?, seller_name = ?, seller_taxpayer_id = ?,
      net = ?, tax = ?, gross = ?, capital_amount = ?, issued_index = ?, issued_at = ? WHERE id = ? AND status = 'APPLIED'`),
    insertLine: db.prepare('INSERT INTO invoice_lines (invoice, line_no, name, tax_code, quantity, unit_price, tax_rate, net, tax, gross) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    insertIssued: db.prepare(`INSERT INTO invoices (id, merchant_id, payment, status, kind, buyer_type, buyer_name, buyer_taxpayer_id, buyer_email,
      number, issue_date, seller_name, seller_taxpayer_id, net, tax, gross, capital_amount, applied_index, issued_index, applied_at, issued_at,
      reverses, reversed_by, reversal_reason, reimbursement, tax_reported) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    setStatus: db.prepare('UPDATE invoices SET status = ? WHERE id = ?'),
    link: db.prepare("UPDATE invoices SET status = 'REVERSED', reversed_by = ?, reversal_reason = ? WHERE id = ?"),
    setReimbursement: db.prepare('UPDATE invoices SET reimbursement = ? WHERE id = ?'),
    markReported: db.prepare(`UPDATE invoices SET tax_reported = 1 WHERE merchant_id = ? AND ${coveredByReportSql()}`),
    inPeriod: db.prepare(`SELECT i.issued_index AS issuedIndex, l.tax_rate AS rate, l.net AS net, l.tax AS tax
      FROM invoices i JOIN invoice_lines l ON l.invoice = i.id
      WHERE i.merchant_id = ? AND ${coveredByReportSql({ issueDate: 'i.issue_date', issuedIndex: 'i.issued_index' })}
      ORDER BY i.issue_date, i.issued_index, l.line_no`),
    putRequest: db.prepare('INSERT OR REPLACE INTO reversal_requests (invoice, reason, requested_at) VALUES (?, ?, ?)'),
    getRequest: db.prepare('SELECT invoice, reason, requested_at AS requestedAt FROM reversal_requests WHERE invoice = ?'),
    deleteRequest: db.prepare('DELETE FROM reversal_requests WHERE invoice = ?'),
    nextSeq: db.prepare(`INSERT INTO invoice_sequences (year, province, last) VALUES (?, ?, 1)
      ON CONFLICT (year, province) DO UPDATE SET last = last + 1 RETURNING last`).pluck(),
  };
  const linesCache = new Map<number, Statement>();
  function linesStatement(n: number): Statement {
    let st = linesCache.get(n);
    if (!st) {
      st = db.prepare(`SELECT * FROM invoice_lines WHERE invoice IN (${Array(n).fill('?').join(',')}) ORDER BY invoice, line_no`);
      linesCache.set(n, st);
    }
    return st;
  }
  return {
    insertApplied: (i) =>
      void s.insert.run(i.id, i.merchantId, i.payment, i.status, i.kind, i.buyer.type, i.buyer.name, i.buyer.taxpayerId, i.buyer.email, i.appliedIndex, i.appliedAt),
    get: (id) => {
      const row = s.get.get(id) as InvoiceRow | undefined;
      return row ? toInvoice(row) : null;
    },
    getByNumber: (number) => {
      const row = s.byNumber.get(number) as InvoiceRow | undefined;
      return row ? toInvoice(row) : null;
    },
    activeForPayment: (payment) => {
      const row = s.active.get(payment) as InvoiceRow | undefined;
      return row ? toInvoice(row) : null;
    },
    latestBlueForPayment: (payment) => {
      const row = s.latestBlue.get(payment) as InvoiceRow | undefined;
      return row ? toInvoice(row) : null;
    },
    markIssued(id: string, f: IssuedFields, lines: readonly InvoiceLine[]) {
      const changed = s.issue.run(f.number, f.issueDate, f.sellerName, f.sellerTaxpayerId, f.net, f.tax, f.gross, f.capitalAmount, f.issuedIndex, f.issuedAt, id).changes;
      if (changed !== 1) throw new Error(`invoice ${id} was not in APPLIED state`);
      for (const l of lines) s.insertLine.run(id, l.lineNo, l.name, l.taxCode, l.quantity, l.unitPrice, l.taxRate, l.net, l.tax, l.gross);
    },
    lines(ids: readonly string[]) {
      const out = new Map<string, InvoiceLine[]>(ids.map((id) => [id, []]));
      for (let start = 0; start < ids.length; start += 100) {
        const chunk = ids.slice(start, start + 100);
        for (const row of linesStatement(chunk.length).all(chunk) as LineRow[]) out.get(row.invoice)?.push(toLine(row));
      }
      return out;
    },
    nextSequence: (year, province) => s.nextSeq.get(year, province) as number,
    insertIssued(i, lines) {
      s.insertIssued.run(i.id, i.merchantId, i.payment, i.status, i.kind, i.buyer.type, i.buyer.name, i.buyer.taxpayerId, i.buyer.email, i.number, i.issueDate,
        i.sellerName, i.sellerTaxpayerId, i.net, i.tax, i.gross, i.capitalAmount, i.appliedIndex, i.issuedIndex, i.appliedAt, i.issuedAt,
        i.reverses, i.reversedBy, i.reversalReason, i.reimbursement, i.taxReported ? 1 : 0);
      for (const l of lines) s.insertLine.run(i.id, l.lineNo, l.name, l.taxCode, l.quantity, l.unitPrice, l.taxRate, l.net, l.tax, l.gross);
    },
    setStatus: (id, status) => void s.setStatus.run(status, id),
    linkReversal: (blueId, redId, reason) => void s.link.run(redId, reason, blueId),
    setReimbursement: (id, status) => void s.setReimbursement.run(status, id),
    markTaxReported: (merchantId, from, to, before) => s.markReported.run(merchantId, from, to, before).changes,
    *issuedInPeriod(merchantId, from, to, before) {
      yield* s.inPeriod.iterate(merchantId, from, to, before) as IterableIterator<{ issuedIndex: number; rate: string; net: number; tax: number }>;
    },
    putReversalRequest: (r) => void s.putRequest.run(r.invoice, r.reason, r.requestedAt),
    reversalRequest: (invoice) => (s.getRequest.get(invoice) as { invoice: string; reason: string; requestedAt: string } | undefined) ?? null,
    deleteReversalRequest: (invoice) => void s.deleteRequest.run(invoice),
    pendingReversals(filter, limit) {
      // one join, not a lookup per request
      const where = whereClause([['i.merchant_id = ?', filter.merchantId], ['i.buyer_taxpayer_id = ?', filter.buyerTaxpayerId]]);
      const rows = db.prepare(`SELECT i.*, r.reason AS request_reason, r.requested_at AS request_at FROM reversal_requests r JOIN invoices i ON i.id = r.invoice
        WHERE ${where.sql} ORDER BY r.requested_at, i.seq LIMIT ?`).all(...where.params, limit) as Array<InvoiceRow & { request_reason: string; request_at: string }>;
      return rows.map((row) => ({ invoice: toInvoice(row), reason: row.request_reason, requestedAt: row.request_at }));
    },
    page(filter: InvoiceFilter, afterSeq: number, limit: number) {
      const where = whereClause([
        ['seq > ?', afterSeq], ['merchant_id = ?', filter.merchantId], ['status = ?', filter.status], ['issue_date >= ?', filter.issueDateFrom],
        ['issue_date <= ?', filter.issueDateTo], ['buyer_taxpayer_id = ?', filter.buyerTaxpayerId],
      ]);
      return (db.prepare(`SELECT * FROM invoices WHERE ${where.sql} ORDER BY seq LIMIT ?`).all(...where.params, limit) as InvoiceRow[]).map(toInvoice);
    },
  };
}

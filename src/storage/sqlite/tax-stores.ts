// The tax node's stores on SQLite: the per-mirror indexes and the node's evidence and alerts.
import { coveredByReportSql } from '../../events/index.js';
import type { Alert, AlertSeverity, EntryFilter, Evidence, IndexedEntry, MirrorIndexStore, MirrorInvoice, RateSummary, StoredAlert, TaxNodeStore } from '../../witness/ports.js';
import type { SqliteDatabase } from './database.js';
import { whereClause } from './where.js';

interface InvoiceRow {
  invoice_id: string; number: string; kind: 'BLUE' | 'RED'; status: string; issue_date: string; seller_taxpayer_id: string; buyer_taxpayer_id: string | null;
  net: number; tax: number; gross: number; issued_index: number; last_index: number; reimbursement: string; tax_reported: number;
}
interface EntryRow { idx: number; type: string; subject_id: string; seller_taxpayer_id: string | null; buyer_taxpayer_id: string | null; day: string }

const toInvoice = (r: InvoiceRow): MirrorInvoice => ({
  invoiceId: r.invoice_id, number: r.number, kind: r.kind, status: r.status, issueDate: r.issue_date, sellerTaxpayerId: r.seller_taxpayer_id,
  buyerTaxpayerId: r.buyer_taxpayer_id, net: r.net, tax: r.tax, gross: r.gross, issuedIndex: r.issued_index, lastIndex: r.last_index,
  reimbursement: r.reimbursement, taxReported: r.tax_reported === 1,
});
const toEntry = (r: EntryRow): IndexedEntry => ({
  index: r.idx, type: r.type, subjectId: r.subject_id, sellerTaxpayerId: r.seller_taxpayer_id, buyerTaxpayerId: r.buyer_taxpayer_id, day: r.day,
});

export function createSqliteMirrorIndexStore(db: SqliteDatabase): MirrorIndexStore {
  const s = {
    insertEntry: db.prepare('INSERT INTO tm_entries (idx, type, subject_id, seller_taxpayer_id, buyer_taxpayer_id, day) VALUES (?, ?, ?, ?, ?, ?)'),
    insertInvoice: db.prepare(`INSERT INTO tm_invoices (invoice_id, number, kind, status, issue_date, seller_taxpayer_id, buyer_taxpayer_id, net, tax, gross,
      issued_index, last_index, reimbursement, tax_reported) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertRate: db.prepare('INSERT INTO tm_invoice_rates (invoice_id, rate, net, tax) VALUES (?, ?, ?, ?)'),
    update: db.prepare(`UPDATE tm_invoices SET status = coalesce(?, status), reimbursement = coalesce(?, reimbursement),
      tax_reported = coalesce(?, tax_reported), last_index = ? WHERE invoice_id = ?`),
    indexedSize: db.prepare("SELECT value FROM tm_meta WHERE key = 'indexed_size'").pluck(),
    setIndexedSize: db.prepare("UPDATE tm_meta SET value = ? WHERE key = 'indexed_size'"),
    recordBlock: db.prepare('INSERT OR REPLACE INTO tm_block_times (size, received_at) VALUES (?, ?)'),
    lastBlockAt: db.prepare('SELECT received_at FROM tm_block_times ORDER BY size DESC LIMIT 1').pluck(),
    byNumber: db.prepare('SELECT * FROM tm_invoices WHERE number = ?'),
    byId: db.prepare('SELECT * FROM tm_invoices WHERE invoice_id = ?'),
    inPeriod: db.prepare(`SELECT i.issued_index AS issuedIndex, r.rate AS rate, r.net AS net, r.tax AS tax
      FROM tm_invoices i JOIN tm_invoice_rates r ON r.invoice_id = i.invoice_id
      WHERE i.seller_taxpayer_id = ? AND ${coveredByReportSql({ issueDate: 'i.issue_date', issuedIndex: 'i.issued_index' })}
      ORDER BY i.issue_date, i.issued_index, r.rate`),
    markReported: db.prepare(`UPDATE tm_invoices SET tax_reported = 1 WHERE seller_taxpayer_id = ? AND ${coveredByReportSql()}`),
    entryIndex: db.prepare('SELECT idx FROM tm_entries WHERE type = ? AND subject_id = ? ORDER BY idx LIMIT 1').pluck(),
    summary: db.prepare(`SELECT r.rate AS rate, count(*) AS count, sum(r.net) AS net, sum(r.tax) AS tax
      FROM tm_invoices i JOIN tm_invoice_rates r ON r.invoice_id = i.invoice_id
      WHERE i.seller_taxpayer_id = ? AND i.issue_date >= ? AND i.issue_date <= ? GROUP BY r.rate ORDER BY r.rate`),
  };
  return {
    insertEntries(rows) {
      for (const r of rows) s.insertEntry.run(r.index, r.type, r.subjectId, r.sellerTaxpayerId, r.buyerTaxpayerId, r.day);
    },
    insertInvoice(i, rates) {
      s.insertInvoice.run(i.invoiceId, i.number, i.kind, i.status, i.issueDate, i.sellerTaxpayerId, i.buyerTaxpayerId, i.net, i.tax, i.gross, i.issuedIndex, i.lastIndex, i.reimbursement, i.taxReported ? 1 : 0);
      for (const r of rates) s.insertRate.run(i.invoiceId, r.rate, r.net, r.tax);
    },
    updateInvoice(invoiceId, c) {
      s.update.run(c.status ?? null, c.reimbursement ?? null, c.taxReported === undefined ? null : c.taxReported ? 1 : 0, c.lastIndex, invoiceId);
    },
    recordBlock: (size, at) => void s.recordBlock.run(size, at),
    indexedSize: () => s.indexedSize.get() as number,
    setIndexedSize: (size) => void s.setIndexedSize.run(size),
    lastBlockAt: () => (s.lastBlockAt.get() as string | undefined) ?? null,
    invoiceByNumber(number) {
      const row = s.byNumber.get(number) as InvoiceRow | undefined;
      return row ? toInvoice(row) : null;
    },
    invoiceById(id) {
      const row = s.byId.get(id) as InvoiceRow | undefined;
      return row ? toInvoice(row) : null;
    },
    summary: (seller, from, to) => s.summary.all(seller, from, to) as RateSummary[],
    *invoicesInPeriod(seller, from, to, before) {
      yield* s.inPeriod.iterate(seller, from, to, before) as IterableIterator<{ issuedIndex: number; rate: string; net: number; tax: number }>;
    },
    markTaxReported: (seller, from, to, before) => void s.markReported.run(seller, from, to, before),
    entryIndexOf: (type, subjectId) => (s.entryIndex.get(type, subjectId) as number | undefined) ?? null,
    entries(filter: EntryFilter, afterIndex: number, limit: number) {
      const where = whereClause([
        ['idx > ?', afterIndex], ['type = ?', filter.type], ['seller_taxpayer_id = ?', filter.sellerTaxpayerId], ['buyer_taxpayer_id = ?', filter.buyerTaxpayerId],
        ['day >= ?', filter.dayFrom], ['day <= ?', filter.dayTo],
      ]);
      return (db.prepare(`SELECT * FROM tm_entries WHERE ${where.sql} ORDER BY idx LIMIT ?`).all(...where.params, limit) as EntryRow[]).map(toEntry);
    },
  };
}

interface EvidenceRow { id: string; origin: string; kind: Evidence['kind']; received_note: string | null; held_note: string | null; detail_json: string; created_at: string }
interface AlertRow {
  seq: number; id: string; origin: string; kind: Alert['kind']; severity: AlertSeverity; message: string; evidence_id: string | null; created_at: string;
  occurrences: number; last_seen: string;
}
const toAlert = (r: AlertRow): StoredAlert => ({
  seq: r.seq, id: r.id, origin: r.origin, kind: r.kind, severity: r.severity, message: r.message, evidenceId: r.evidence_id, createdAt: r.created_at,
  count: r.occurrences, lastSeen: r.last_seen || r.created_at,
});

export function createSqliteTaxNodeStore(db: SqliteDatabase): TaxNodeStore {
  const s = {
    insertEvidence: db.prepare('INSERT INTO tn_evidence (id, origin, kind, received_note, held_note, detail_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    evidence: db.prepare('SELECT * FROM tn_evidence WHERE id = ?'),
    insertAlert: db.prepare(`INSERT INTO tn_alerts (id, origin, kind, severity, message, evidence_id, created_at, last_seen, coalesce_key)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    byKey: db.prepare('SELECT * FROM tn_alerts WHERE coalesce_key = ?'),
    bySeq: db.prepare('SELECT * FROM tn_alerts WHERE seq = ?'),
    repeat: db.prepare('UPDATE tn_alerts SET occurrences = occurrences + 1, last_seen = max(last_seen, ?) WHERE seq = ?'),
    alerts: db.prepare('SELECT * FROM tn_alerts WHERE seq < ? ORDER BY seq DESC LIMIT ?'),
    alertKinds: db.prepare('SELECT kind, count(*) AS n FROM tn_alerts GROUP BY kind'),
    latest: db.prepare('SELECT * FROM tn_alerts WHERE origin = ? AND kind = ? ORDER BY seq DESC LIMIT 1'),
  };
  const insertEvidence = (e: Evidence): void => void s.insertEvidence.run(e.id, e.origin, e.kind, e.receivedNote, e.heldNote, JSON.stringify(e.detail), e.createdAt);
  const insertAlert = (a: Alert, coalesceKey: string | null): number =>
    Number(s.insertAlert.run(a.id, a.origin, a.kind, a.severity, a.message, a.evidenceId, a.createdAt, a.createdAt, coalesceKey).lastInsertRowid);
  const raise = db.transaction((a: Alert, e: Evidence | null, key: string): { alert: StoredAlert; coalesced: boolean } => {
    const existing = s.byKey.get(key) as AlertRow | undefined;
    if (existing) {
      s.repeat.run(a.createdAt, existing.seq);
      return { alert: toAlert(s.bySeq.get(existing.seq) as AlertRow), coalesced: true };
    }
    if (e) insertEvidence(e);
    const seq = insertAlert({ ...a, evidenceId: e ? e.id : a.evidenceId }, key);
    return { alert: toAlert(s.bySeq.get(seq) as AlertRow), coalesced: false };
  });
  return {
    insertEvidence,
    evidence(id) {
      const r = s.evidence.get(id) as EvidenceRow | undefined;
      return r ? { id: r.id, origin: r.origin, kind: r.kind, receivedNote: r.received_note, heldNote: r.held_note, detail: JSON.parse(r.detail_json) as Record<string, unknown>, createdAt: r.created_at } : null;
    },
    insertAlert: (a) => void insertAlert(a, null),
    raiseAlert: (a, e, key) => raise.immediate(a, e, key),
    alerts: (beforeSeq, limit) => (s.alerts.all(beforeSeq ?? Number.MAX_SAFE_INTEGER, limit) as AlertRow[]).map(toAlert),
    alertCountsByKind: () => Object.fromEntries((s.alertKinds.all() as Array<{ kind: string; n: number }>).map((r) => [r.kind, r.n])),
    latestAlert(origin, kind) {
      const r = s.latest.get(origin, kind) as AlertRow | undefined;
      return r ? toAlert(r) : null;
    },
  };
}

// The projection check on SQLite: the ledger is replayed into temporary tables on the same
// connection (src/platform/replay.ts decides what each entry changes), then compared with the
// stored rows in SQL, both ways. Memory stays bounded however long the ledger is.
//
// What is compared is ONE table, LEDGER_DETERMINED_COLUMNS: every stored column that the
// ledger determines, with the entry that determines it. The replay tables are built from it
// and the comparison loops over it, so a column added here is replayed, compared and (in
// test/security/projection-check.test.ts) tested. A column missing here is a column someone
// can edit behind the ledger's back unnoticed: buyer_taxpayer_id, which decides who may claim
// an invoice, once was.
import { coveredByReportSql } from '../../events/index.js';
import { canonicalJson, type LedgerStore } from '../../ledger/index.js';
import { replayLedger, type ProjectionDifference, type ProjectionSink } from '../../platform/replay.js';
import type { SqliteDatabase } from './database.js';
import { createSqliteLedgerStore } from './ledger-store.js';

export type ProjectedTable = 'payments' | 'invoices' | 'invoice_lines';

export interface LedgerDeterminedColumn {
  readonly table: ProjectedTable;
  readonly column: string;
  /** The name a difference reports. */
  readonly field: string;
  /** Which entry, and which part of it, decides the stored value. */
  readonly from: string;
  /** How both sides are compared when not as they are. */
  readonly compareAs?: 'boolean' | 'canonical-json';
}

export const LEDGER_DETERMINED_COLUMNS: readonly LedgerDeterminedColumn[] = [
  { table: 'payments', column: 'merchant_id', field: 'merchantId', from: 'payment.succeeded data.merchantId' },
  { table: 'payments', column: 'payment_id', field: 'providerPaymentId', from: 'payment.succeeded data.providerPaymentId' },
  { table: 'payments', column: 'amount', field: 'amount', from: 'payment.succeeded data.amount' },
  { table: 'payments', column: 'currency', field: 'currency', from: 'payment.succeeded data.currency' },
  { table: 'payments', column: 'paid_at', field: 'paidAt', from: 'payment.succeeded data.paidAt' },
  { table: 'payments', column: 'description', field: 'description', from: 'payment.succeeded data.description' },
  { table: 'payments', column: 'items_json', field: 'items', from: 'payment.succeeded data.items', compareAs: 'canonical-json' },
  { table: 'payments', column: 'ledger_index', field: 'ledgerIndex', from: 'index of payment.succeeded' },
  { table: 'payments', column: 'created_at', field: 'createdAt', from: 'at of payment.succeeded' },
  { table: 'payments', column: 'refunded', field: 'refunded', from: 'latest payment.refunded data.refundedTotal, else 0' },

  { table: 'invoices', column: 'merchant_id', field: 'merchantId', from: 'invoice.applied / invoice.issued data.merchantId' },
  { table: 'invoices', column: 'payment', field: 'payment', from: 'invoice.applied / invoice.issued data.payment' },
  { table: 'invoices', column: 'status', field: 'status', from: 'applied: APPLIED; issued: ISSUED; payment.refunded of an issued blue: REVERSAL_REQUIRED; invoice.reversed: REVERSED' },
  { table: 'invoices', column: 'kind', field: 'kind', from: 'invoice.issued data.kind (BLUE while applied)' },
  { table: 'invoices', column: 'buyer_type', field: 'buyer.type', from: 'invoice.applied, then invoice.issued data.buyer.type' },
  { table: 'invoices', column: 'buyer_name', field: 'buyer.name', from: 'invoice.applied, then invoice.issued data.buyer.name' },
  { table: 'invoices', column: 'buyer_taxpayer_id', field: 'buyer.taxpayerId', from: 'invoice.applied, then invoice.issued data.buyer.taxpayerId' },
  { table: 'invoices', column: 'number', field: 'number', from: 'invoice.issued data.number' },
  { table: 'invoices', column: 'issue_date', field: 'issueDate', from: 'invoice.issued data.issueDate' },
  { table: 'invoices', column: 'seller_name', field: 'seller.name', from: 'invoice.issued data.seller.name' },
  { table: 'invoices', column: 'seller_taxpayer_id', field: 'seller.taxpayerId', from: 'invoice.issued data.seller.taxpayerId' },
  { table: 'invoices', column: 'net', field: 'net', from: 'invoice.issued data.net' },
  { table: 'invoices', column: 'tax', field: 'tax', from: 'invoice.issued data.tax' },
  { table: 'invoices', column: 'gross', field: 'gross', from: 'invoice.issued data.gross' },
  { table: 'invoices', column: 'capital_amount', field: 'capitalAmount', from: 'invoice.issued data.capitalAmount' },
  { table: 'invoices', column: 'applied_index', field: 'appliedIndex', from: 'index of invoice.applied (a red invoice: of its invoice.issued)' },
  { table: 'invoices', column: 'issued_index', field: 'issuedIndex', from: 'index of invoice.issued' },
  { table: 'invoices', column: 'applied_at', field: 'appliedAt', from: 'at of invoice.applied (a red invoice: of its invoice.issued)' },
  { table: 'invoices', column: 'issued_at', field: 'issuedAt', from: 'at of invoice.issued' },
  { table: 'invoices', column: 'reverses', field: 'reverses', from: 'a red invoice.issued data.reverses' },
  { table: 'invoices', column: 'reversed_by', field: 'reversedBy', from: 'invoice.reversed data.redInvoice' },
  { table: 'invoices', column: 'reversal_reason', field: 'reversalReason', from: 'a red invoice.issued data.reason; the blue one: invoice.reversed data.reason' },
  { table: 'invoices', column: 'reimbursement', field: 'reimbursement', from: 'reimbursement.locked: LOCKED; .closed: CLOSED; .unlocked: NONE' },
  { table: 'invoices', column: 'tax_reported', field: 'taxReported', from: 'tax.reported covering its issue date, after its issue', compareAs: 'boolean' },

  { table: 'invoice_lines', column: 'name', field: 'line.name', from: 'invoice.issued data.lines[].name' },
  { table: 'invoice_lines', column: 'tax_code', field: 'line.taxCode', from: 'invoice.issued data.lines[].taxCode' },
  { table: 'invoice_lines', column: 'quantity', field: 'line.quantity', from: 'invoice.issued data.lines[].quantity' },
  { table: 'invoice_lines', column: 'unit_price', field: 'line.unitPrice', from: 'invoice.issued data.lines[].unitPrice' },
  { table: 'invoice_lines', column: 'tax_rate', field: 'line.taxRate', from: 'invoice.issued data.lines[].taxRate' },
  { table: 'invoice_lines', column: 'net', field: 'line.net', from: 'invoice.issued data.lines[].net' },
  { table: 'invoice_lines', column: 'tax', field: 'line.tax', from: 'invoice.issued data.lines[].tax' },
  { table: 'invoice_lines', column: 'gross', field: 'line.gross', from: 'invoice.issued data.lines[].gross' },
];
// Not on the ledger, so not compared: payments.id/seq, invoices.seq, buyer_email (personal
// data the ledger deliberately leaves out).

/** How rows of a table are identified and reported. */
const TABLES: Readonly<Record<ProjectedTable, { key: readonly string[]; kind: 'payment' | 'invoice'; id: string; merchantOf: (alias: string) => string }>> = {
  payments: { key: ['id'], kind: 'payment', id: 'id', merchantOf: (a) => `${a}.merchant_id` },
  invoices: { key: ['id'], kind: 'invoice', id: 'id', merchantOf: (a) => `${a}.merchant_id` },
  invoice_lines: { key: ['invoice', 'line_no'], kind: 'invoice', id: 'invoice', merchantOf: (a) => `(SELECT merchant_id FROM invoices i WHERE i.id = ${a}.invoice)` },
};

const replayName = (table: ProjectedTable): string => `rp_${table}`;

function createReplayTables(db: SqliteDatabase): ProjectionSink {
  for (const table of Object.keys(TABLES) as ProjectedTable[]) {
    const { key } = TABLES[table];
    const columns = [...new Set([...key, ...LEDGER_DETERMINED_COLUMNS.filter((c) => c.table === table).map((c) => c.column)])];
    db.exec(`DROP TABLE IF EXISTS temp.${replayName(table)};
      CREATE TEMP TABLE ${replayName(table)} (${columns.join(', ')}, PRIMARY KEY (${key.join(', ')})) WITHOUT ROWID;`);
  }
  db.exec('CREATE INDEX temp.rp_invoices_payment ON rp_invoices (payment); CREATE INDEX temp.rp_invoices_merchant_date ON rp_invoices (merchant_id, issue_date);');
  const s = {
    payment: db.prepare(`INSERT OR REPLACE INTO rp_payments (id, merchant_id, payment_id, amount, currency, paid_at, description, items_json, ledger_index, created_at, refunded)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`),
    refunded: db.prepare('UPDATE rp_payments SET refunded = ? WHERE id = ?'),
    owed: db.prepare("UPDATE rp_invoices SET status = 'REVERSAL_REQUIRED' WHERE payment = ? AND kind = 'BLUE' AND status IN ('ISSUED', 'REVERSAL_REQUIRED')"),
    applied: db.prepare(`INSERT OR REPLACE INTO rp_invoices (id, merchant_id, payment, kind, status, buyer_type, buyer_name, buyer_taxpayer_id, applied_index, applied_at, reimbursement, tax_reported)
      VALUES (?, ?, ?, 'BLUE', 'APPLIED', ?, ?, ?, ?, ?, 'NONE', 0)`),
    redRow: db.prepare(`INSERT OR IGNORE INTO rp_invoices (id, merchant_id, payment, kind, status, applied_index, applied_at, reimbursement, tax_reported)
      VALUES (?, ?, ?, 'RED', 'APPLIED', ?, ?, 'NONE', 0)`),
    issued: db.prepare(`UPDATE rp_invoices SET kind = ?, status = 'ISSUED', issue_date = ?, number = ?, net = ?, tax = ?, gross = ?, issued_index = ?, issued_at = ?,
      buyer_type = ?, buyer_name = ?, buyer_taxpayer_id = ?, seller_name = ?, seller_taxpayer_id = ?, capital_amount = ?,
      reverses = coalesce(?, reverses), reversal_reason = coalesce(?, reversal_reason) WHERE id = ?`),
    line: db.prepare('INSERT OR REPLACE INTO rp_invoice_lines (invoice, line_no, name, tax_code, quantity, unit_price, tax_rate, net, tax, gross) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    reversed: db.prepare("UPDATE rp_invoices SET status = 'REVERSED', reversed_by = ?, reversal_reason = ? WHERE id = ?"),
    reimbursement: db.prepare('UPDATE rp_invoices SET reimbursement = ? WHERE id = ?'),
    taxReported: db.prepare(`UPDATE rp_invoices SET tax_reported = 1 WHERE merchant_id = ? AND ${coveredByReportSql()}`),
  };
  return {
    payment: (id, p) => void s.payment.run(id, p.merchantId, p.providerPaymentId, p.amount, p.currency, p.paidAt, p.description, p.itemsJson, p.ledgerIndex, p.at),
    refunded(id, total) {
      s.refunded.run(total, id);
      s.owed.run(id);
    },
    applied: (id, a) => void s.applied.run(id, a.merchantId, a.payment, a.buyer.type, a.buyer.name, a.buyer.taxpayerId, a.appliedIndex, a.at),
    issued(id, i) {
      s.redRow.run(id, i.merchantId, i.payment, i.issuedIndex, i.at);
      s.issued.run(
        i.kind, i.issueDate, i.number, i.net, i.tax, i.gross, i.issuedIndex, i.at, i.buyer.type, i.buyer.name, i.buyer.taxpayerId,
        i.seller.name, i.seller.taxpayerId, i.capitalAmount, i.reverses, i.reason, id,
      );
      for (const l of i.lines) s.line.run(id, l.lineNo, l.name, l.taxCode, l.quantity, l.unitPrice, l.taxRate, l.net, l.tax, l.gross);
    },
    reversed: (id, r) => void s.reversed.run(r.redInvoice, r.reason, id),
    reimbursement: (id, status) => void s.reimbursement.run(status, id),
    taxReported: (merchantId, from, to, before) => void s.taxReported.run(merchantId, from, to, before),
  };
}

/** JSON text in one spelling (RFC 8785), so key order and spacing are not differences. */
function canonicalText(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  try {
    return canonicalJson(JSON.parse(text));
  } catch {
    return text; // not JSON: compared as it is
  }
}

type Row = { id: string; merchantId: string | null; lineNo: number | null; ledger: unknown; stored: unknown };

/**
 * Replays the ledger and lists every difference with the stored payments, invoices and invoice
 * lines, column by column (LEDGER_DETERMINED_COLUMNS) and both ways (a row the ledger never
 * recorded counts too), at most `limit` of them.
 */
export function checkProjections(db: SqliteDatabase, options: { ledgerStore?: LedgerStore; limit?: number } = {}): { differences: ProjectionDifference[]; undecodable: number[] } {
  db.function('ci_canonical_json', { deterministic: true }, canonicalText);
  const sink = createReplayTables(db);
  const { undecodable } = db.transaction(() => replayLedger(options.ledgerStore ?? createSqliteLedgerStore(db), sink))();
  const limit = options.limit ?? 10_000;
  const differences: ProjectionDifference[] = [];
  const push = (kind: 'payment' | 'invoice', r: Row, field: string, ledger: unknown, stored: unknown): void => {
    differences.push({ kind, id: r.id, merchantId: r.merchantId, field, ledger, stored, ...(r.lineNo === null ? {} : { lineNo: r.lineNo }) });
  };
  for (const c of LEDGER_DETERMINED_COLUMNS) {
    if (differences.length >= limit) break;
    const t = TABLES[c.table];
    const on = t.key.map((k) => `s.${k} = r.${k}`).join(' AND ');
    const [left, right] = c.compareAs === 'canonical-json' ? [`ci_canonical_json(r.${c.column})`, `ci_canonical_json(s.${c.column})`] : [`r.${c.column}`, `s.${c.column}`];
    const rows = db.prepare(`SELECT r.${t.id} AS id, coalesce(${t.merchantOf('r')}, ${t.merchantOf('s')}) AS merchantId, ${c.table === 'invoice_lines' ? 'r.line_no' : 'NULL'} AS lineNo,
      r.${c.column} AS ledger, s.${c.column} AS stored FROM ${replayName(c.table)} r JOIN ${c.table} s ON ${on} WHERE ${left} IS NOT ${right} LIMIT ?`).all(limit - differences.length) as Row[];
    for (const r of rows) push(t.kind, r, c.field, c.compareAs === 'boolean' ? r.ledger === 1 : r.ledger, c.compareAs === 'boolean' ? r.stored === 1 : r.stored);
  }
  for (const table of Object.keys(TABLES) as ProjectedTable[]) {
    const t = TABLES[table];
    const field = table === 'invoice_lines' ? 'line.exists' : 'exists';
    const lineNo = table === 'invoice_lines' ? 'x.line_no' : 'NULL';
    const match = (a: string, b: string): string => t.key.map((k) => `${a}.${k} = ${b}.${k}`).join(' AND ');
    const missing = db.prepare(`SELECT x.${t.id} AS id, ${t.merchantOf('x')} AS merchantId, ${lineNo} AS lineNo FROM ${replayName(table)} x
      WHERE NOT EXISTS (SELECT 1 FROM ${table} s WHERE ${match('s', 'x')}) LIMIT ?`).all(limit) as Row[];
    for (const r of missing) push(t.kind, r, field, true, false);
    const extra = db.prepare(`SELECT x.${t.id} AS id, ${t.merchantOf('x')} AS merchantId, ${lineNo} AS lineNo
      FROM ${table} x WHERE NOT EXISTS (SELECT 1 FROM ${replayName(table)} r WHERE ${match('r', 'x')}) LIMIT ?`).all(limit) as Row[];
    for (const r of extra) push(t.kind, r, field, false, true);
  }
  db.exec('DROP TABLE IF EXISTS temp.rp_payments; DROP TABLE IF EXISTS temp.rp_invoices; DROP TABLE IF EXISTS temp.rp_invoice_lines;');
  return { differences: differences.slice(0, limit), undecodable };
}

// The projection check on SQLite: the ledger is replayed into temporary tables on the same
// connection (src/platform/replay.ts decides what each entry changes), then compared with the
// stored rows in SQL, both ways. Memory stays bounded however long the ledger is.
import type { LedgerStore } from '../../ledger/index.js';
import { replayLedger, type ProjectionDifference, type ProjectionSink } from '../../platform/replay.js';
import type { SqliteDatabase } from './database.js';
import { createSqliteLedgerStore } from './ledger-store.js';

function createReplayTables(db: SqliteDatabase): ProjectionSink {
  db.exec(`
    DROP TABLE IF EXISTS temp.rp_payments;
    DROP TABLE IF EXISTS temp.rp_invoices;
    CREATE TEMP TABLE rp_payments (id TEXT PRIMARY KEY, merchant_id TEXT, provider_id TEXT, amount INTEGER, refunded INTEGER, ledger_index INTEGER) WITHOUT ROWID;
    CREATE TEMP TABLE rp_invoices (id TEXT PRIMARY KEY, merchant_id TEXT, payment TEXT, kind TEXT, status TEXT, issue_date TEXT, number TEXT, net INTEGER, tax INTEGER,
      gross INTEGER, applied_index INTEGER, issued_index INTEGER, reimbursement TEXT, tax_reported INTEGER) WITHOUT ROWID;
    CREATE INDEX temp.rp_invoices_payment ON rp_invoices (payment);
    CREATE INDEX temp.rp_invoices_merchant_date ON rp_invoices (merchant_id, issue_date);`);
  const s = {
    payment: db.prepare('INSERT OR REPLACE INTO rp_payments VALUES (?, ?, ?, ?, 0, ?)'),
    refunded: db.prepare('UPDATE rp_payments SET refunded = ? WHERE id = ?'),
    owed: db.prepare("UPDATE rp_invoices SET status = 'REVERSAL_REQUIRED' WHERE payment = ? AND kind = 'BLUE' AND status IN ('ISSUED', 'REVERSAL_REQUIRED')"),
    applied: db.prepare("INSERT OR REPLACE INTO rp_invoices VALUES (?, ?, ?, 'BLUE', 'APPLIED', NULL, NULL, NULL, NULL, NULL, ?, NULL, 'NONE', 0)"),
    redRow: db.prepare("INSERT OR IGNORE INTO rp_invoices VALUES (?, ?, ?, 'RED', 'APPLIED', NULL, NULL, NULL, NULL, NULL, ?, NULL, 'NONE', 0)"),
    issued: db.prepare("UPDATE rp_invoices SET kind = ?, status = 'ISSUED', issue_date = ?, number = ?, net = ?, tax = ?, gross = ?, issued_index = ? WHERE id = ?"),
    reversed: db.prepare("UPDATE rp_invoices SET status = 'REVERSED' WHERE id = ?"),
    reimbursement: db.prepare('UPDATE rp_invoices SET reimbursement = ? WHERE id = ?'),
    taxReported: db.prepare('UPDATE rp_invoices SET tax_reported = 1 WHERE merchant_id = ? AND issue_date >= ? AND issue_date <= ? AND issued_index < ?'),
  };
  return {
    payment: (id, p) => void s.payment.run(id, p.merchantId, p.providerPaymentId, p.amount, p.ledgerIndex),
    refunded(id, total) {
      s.refunded.run(total, id);
      s.owed.run(id);
    },
    applied: (id, a) => void s.applied.run(id, a.merchantId, a.payment, a.appliedIndex),
    issued(id, i) {
      s.redRow.run(id, i.merchantId, i.payment, i.issuedIndex);
      s.issued.run(i.kind, i.issueDate, i.number, i.net, i.tax, i.gross, i.issuedIndex, id);
    },
    reversed: (id) => void s.reversed.run(id),
    reimbursement: (id, status) => void s.reimbursement.run(status, id),
    taxReported: (merchantId, from, to, before) => void s.taxReported.run(merchantId, from, to, before),
  };
}

const PAYMENT_FIELDS = [['amount', 'amount'], ['refunded', 'refunded'], ['merchant_id', 'merchantId'], ['ledger_index', 'ledgerIndex']] as const;
const INVOICE_FIELDS = [
  ['status', 'status'], ['kind', 'kind'], ['number', 'number'], ['net', 'net'], ['tax', 'tax'], ['gross', 'gross'], ['applied_index', 'appliedIndex'],
  ['issued_index', 'issuedIndex'], ['merchant_id', 'merchantId'], ['payment', 'payment'], ['issue_date', 'issueDate'], ['tax_reported', 'taxReported'], ['reimbursement', 'reimbursement'],
] as const;

/**
 * Replays the ledger and lists every difference with the stored payments and invoices, both
 * ways (a row the ledger never recorded counts too), at most `limit` of them.
 */
export function checkProjections(db: SqliteDatabase, options: { ledgerStore?: LedgerStore; limit?: number } = {}): { differences: ProjectionDifference[]; undecodable: number[] } {
  const sink = createReplayTables(db);
  const { undecodable } = db.transaction(() => replayLedger(options.ledgerStore ?? createSqliteLedgerStore(db), sink))();
  const limit = options.limit ?? 10_000;
  const differences: ProjectionDifference[] = [];
  const compare = (kind: 'payment' | 'invoice', replayTable: string, storedTable: string, fields: ReadonlyArray<readonly [string, string]>): void => {
    for (const [column, field] of fields) {
      const rows = db.prepare(`SELECT r.id AS id, coalesce(r.merchant_id, s.merchant_id) AS merchantId, r.${column} AS ledger, s.${column} AS stored
        FROM ${replayTable} r JOIN ${storedTable} s ON s.id = r.id WHERE r.${column} IS NOT s.${column} LIMIT ?`).all(limit - differences.length) as Array<{ id: string; merchantId: string | null; ledger: unknown; stored: unknown }>;
      for (const r of rows) {
        const boolean = field === 'taxReported';
        differences.push({ kind, id: r.id, merchantId: r.merchantId, field, ledger: boolean ? r.ledger === 1 : r.ledger, stored: boolean ? r.stored === 1 : r.stored });
      }
    }
    const missing = db.prepare(`SELECT r.id AS id, r.merchant_id AS merchantId FROM ${replayTable} r WHERE NOT EXISTS (SELECT 1 FROM ${storedTable} s WHERE s.id = r.id) LIMIT ?`).all(limit) as Array<{ id: string; merchantId: string }>;
    for (const r of missing) differences.push({ kind, id: r.id, merchantId: r.merchantId, field: 'exists', ledger: true, stored: false });
    const extra = db.prepare(`SELECT s.id AS id, s.merchant_id AS merchantId FROM ${storedTable} s WHERE NOT EXISTS (SELECT 1 FROM ${replayTable} r WHERE r.id = s.id) LIMIT ?`).all(limit) as Array<{ id: string; merchantId: string }>;
    for (const r of extra) differences.push({ kind, id: r.id, merchantId: r.merchantId, field: 'exists', ledger: false, stored: true });
  };
  compare('payment', 'rp_payments', 'payments', PAYMENT_FIELDS);
  compare('invoice', 'rp_invoices', 'invoices', INVOICE_FIELDS);
  db.exec('DROP TABLE IF EXISTS temp.rp_payments; DROP TABLE IF EXISTS temp.rp_invoices;');
  return { differences: differences.slice(0, limit), undecodable };
}

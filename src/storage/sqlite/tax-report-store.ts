// Tax reports on SQLite.
import type { TaxReport, TaxReportStore } from '../../tax-report/index.js';
import type { SqliteDatabase } from './database.js';

interface Row {
  seq: number; id: string; merchant_id: string; period: string; version: number; previous: string | null; rates_json: string; invoice_count: number;
  net: number; tax: number; covered_indexes: Buffer; covered_root: Buffer; as_of_index: number; ledger_index: number; filed_at: string;
}
const toReport = (r: Row): TaxReport => ({
  seq: r.seq, id: r.id, merchantId: r.merchant_id, period: r.period, version: r.version, previous: r.previous, rates: JSON.parse(r.rates_json) as TaxReport['rates'],
  invoiceCount: r.invoice_count, net: r.net, tax: r.tax, coveredIndexes: new Uint8Array(r.covered_indexes), coveredRoot: new Uint8Array(r.covered_root),
  asOfIndex: r.as_of_index, ledgerIndex: r.ledger_index, filedAt: r.filed_at,
});

export function createSqliteTaxReportStore(db: SqliteDatabase): TaxReportStore {
  const s = {
    insert: db.prepare(`INSERT INTO tax_reports (id, merchant_id, period, version, previous, rates_json, invoice_count, net, tax, covered_indexes, covered_root,
      as_of_index, ledger_index, filed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    get: db.prepare('SELECT * FROM tax_reports WHERE id = ?'),
    latest: db.prepare('SELECT * FROM tax_reports WHERE merchant_id = ? AND period = ? ORDER BY version DESC LIMIT 1'),
    listAll: db.prepare('SELECT * FROM tax_reports WHERE seq > ? ORDER BY seq LIMIT ?'),
    listMerchant: db.prepare('SELECT * FROM tax_reports WHERE merchant_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
  };
  return {
    insert: (r) =>
      void s.insert.run(r.id, r.merchantId, r.period, r.version, r.previous, JSON.stringify(r.rates), r.invoiceCount, r.net, r.tax,
        Buffer.from(r.coveredIndexes), Buffer.from(r.coveredRoot), r.asOfIndex, r.ledgerIndex, r.filedAt),
    get(id) {
      const row = s.get.get(id) as Row | undefined;
      return row ? toReport(row) : null;
    },
    latest(merchantId, period) {
      const row = s.latest.get(merchantId, period) as Row | undefined;
      return row ? toReport(row) : null;
    },
    list: (merchantId, afterSeq, limit) =>
      ((merchantId === null ? s.listAll.all(afterSeq, limit) : s.listMerchant.all(merchantId, afterSeq, limit)) as Row[]).map(toReport),
  };
}

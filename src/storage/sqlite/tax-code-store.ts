// A merchant's tax-code catalogue on SQLite (migration 006).
import type { TaxRate } from '../../domain/index.js';
import type { TaxCodeEntry, TaxCodeStore } from '../../invoices/tax-codes.js';
import type { SqliteDatabase } from './database.js';

interface Row { merchant_id: string; code: string; goods_name: string; rate: string; preferential: number; updated_at: string }

const toEntry = (r: Row): TaxCodeEntry => ({
  merchantId: r.merchant_id, code: r.code, goodsName: r.goods_name, rate: r.rate as TaxRate, preferential: r.preferential === 1, updatedAt: r.updated_at,
});

export function createSqliteTaxCodeStore(db: SqliteDatabase): TaxCodeStore {
  const s = {
    list: db.prepare('SELECT * FROM tax_code_catalogue WHERE merchant_id = ? ORDER BY code'),
    upsert: db.prepare(`INSERT INTO tax_code_catalogue (merchant_id, code, goods_name, rate, preferential, updated_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (merchant_id, code) DO UPDATE SET goods_name = excluded.goods_name, rate = excluded.rate, preferential = excluded.preferential, updated_at = excluded.updated_at`),
    remove: db.prepare('DELETE FROM tax_code_catalogue WHERE merchant_id = ? AND code = ?'),
  };
  return {
    list: (merchantId) => (s.list.all(merchantId) as Row[]).map(toEntry),
    find(merchantId, codes) {
      const unique = [...new Set(codes)];
      if (unique.length === 0) return new Map();
      const rows = db.prepare(`SELECT * FROM tax_code_catalogue WHERE merchant_id = ? AND code IN (${unique.map(() => '?').join(', ')})`).all(merchantId, ...unique) as Row[];
      return new Map(rows.map((r) => [r.code, toEntry(r)]));
    },
    upsert: (e) => void s.upsert.run(e.merchantId, e.code, e.goodsName, e.rate, e.preferential ? 1 : 0, e.updatedAt),
    remove: (merchantId, code) => s.remove.run(merchantId, code).changes > 0,
  };
}

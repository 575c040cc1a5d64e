// Merchants, webhook secrets and API keys on SQLite, mapped to plain records.
import type { ApiKeyRecord, ApiKeyStore, Merchant, MerchantStore, WebhookSecret } from '../../access/index.js';
import type { TaxRate } from '../../domain/index.js';
import type { Role } from '../../access/index.js';
import type { SqliteDatabase } from './database.js';

interface MerchantRow { id: string; name: string; taxpayer_id: string; region: string; auto_issue: number; default_tax_rate: string; default_tax_code: string; auto_reverse: number; created_at: string }
interface SecretRow { id: string; merchant_id: string; secret: string; created_at: string; expires_at: string | null }
interface KeyRow { id: string; key_hash: Buffer; role: string; merchant_id: string | null; employer_id: string | null; person_id: string | null; label: string; created_at: string; revoked_at: string | null }

const toMerchant = (r: MerchantRow): Merchant => ({
  id: r.id, name: r.name, taxpayerId: r.taxpayer_id, region: r.region, autoIssue: r.auto_issue === 1,
  defaultTaxRate: r.default_tax_rate as TaxRate, defaultTaxCode: r.default_tax_code, autoReverse: r.auto_reverse === 1, createdAt: r.created_at,
});
const toSecret = (r: SecretRow): WebhookSecret => ({ id: r.id, merchantId: r.merchant_id, secret: r.secret, createdAt: r.created_at, expiresAt: r.expires_at });
const toKey = (r: KeyRow): ApiKeyRecord => ({
  id: r.id, keyHash: new Uint8Array(r.key_hash), role: r.role as Role, merchantId: r.merchant_id, employerId: r.employer_id,
  personId: r.person_id, label: r.label, createdAt: r.created_at, revokedAt: r.revoked_at,
});

export function createSqliteMerchantStore(db: SqliteDatabase): MerchantStore {
  const s = {
    insert: db.prepare('INSERT INTO merchants (id, name, taxpayer_id, region, auto_issue, default_tax_rate, default_tax_code, auto_reverse, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    get: db.prepare('SELECT * FROM merchants WHERE id = ?'),
    updateSettings: db.prepare('UPDATE merchants SET auto_issue = ?, auto_reverse = ?, default_tax_rate = ?, default_tax_code = ? WHERE id = ?'),
    count: db.prepare('SELECT count(*) FROM merchants').pluck(),
    insertSecret: db.prepare('INSERT INTO webhook_secrets (id, merchant_id, secret, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
    active: db.prepare('SELECT * FROM webhook_secrets WHERE merchant_id = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at DESC'),
    expire: db.prepare('UPDATE webhook_secrets SET expires_at = ? WHERE merchant_id = ? AND expires_at IS NULL'),
  };
  return {
    insert: (m) => void s.insert.run(m.id, m.name, m.taxpayerId, m.region, m.autoIssue ? 1 : 0, m.defaultTaxRate, m.defaultTaxCode, m.autoReverse ? 1 : 0, m.createdAt),
    get: (id) => {
      const row = s.get.get(id) as MerchantRow | undefined;
      return row ? toMerchant(row) : null;
    },
    updateSettings: (id, m) => void s.updateSettings.run(m.autoIssue ? 1 : 0, m.autoReverse ? 1 : 0, m.defaultTaxRate, m.defaultTaxCode, id),
    count: () => s.count.get() as number,
    insertSecret: (w) => void s.insertSecret.run(w.id, w.merchantId, w.secret, w.createdAt, w.expiresAt),
    activeSecrets: (merchantId, now) => (s.active.all(merchantId, now) as SecretRow[]).map(toSecret),
    expireCurrentSecrets: (merchantId, expiresAt) => void s.expire.run(expiresAt, merchantId),
  };
}

export function createSqliteApiKeyStore(db: SqliteDatabase): ApiKeyStore {
  const s = {
    insert: db.prepare('INSERT INTO api_keys (id, key_hash, role, merchant_id, employer_id, person_id, label, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    byHash: db.prepare('SELECT * FROM api_keys WHERE key_hash = ?'),
    get: db.prepare('SELECT * FROM api_keys WHERE id = ?'),
    list: db.prepare('SELECT * FROM api_keys ORDER BY created_at, id'),
    revoke: db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
  };
  return {
    insert: (k) => void s.insert.run(k.id, Buffer.from(k.keyHash), k.role, k.merchantId, k.employerId, k.personId, k.label, k.createdAt, k.revokedAt),
    findByHash: (hash) => {
      const row = s.byHash.get(Buffer.from(hash)) as KeyRow | undefined;
      return row ? toKey(row) : null;
    },
    get: (id) => {
      const row = s.get.get(id) as KeyRow | undefined;
      return row ? toKey(row) : null;
    },
    list: () => (s.list.all() as KeyRow[]).map(toKey),
    revoke: (id, at) => s.revoke.run(at, id).changes > 0,
  };
}

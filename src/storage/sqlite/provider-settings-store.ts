// Payment-provider settings and provider notification records on SQLite (migration platform/005).
import type { AlipaySettings, ProviderNotificationStore, ProviderSettingsStore, StoredProviderNotification, WechatPaySettings } from '../../payments/index.js';
import type { SqliteDatabase } from './database.js';

interface WechatRow { merchant_id: string; mchid: string; api_v3_key: string; updated_at: string }
interface KeyRow { key_id: string; pem: string; fingerprint: string }
interface AlipayRow { merchant_id: string; app_id: string; seller_id: string; public_key: string; fingerprint: string; updated_at: string }
interface NotificationRow {
  merchant_id: string; provider: 'wechatpay' | 'alipay'; notification_id: string; object_id: string; kind: StoredProviderNotification['kind'];
  effect: StoredProviderNotification['effect']; detail: string | null; payment_id: string | null; refund_id: string | null; amount: number | null;
  ledger_index: number | null; body_sha256: Buffer; received_at: string;
}

export function createSqliteProviderSettingsStore(db: SqliteDatabase): ProviderSettingsStore {
  const s = {
    wechat: db.prepare('SELECT * FROM wechatpay_settings WHERE merchant_id = ?'),
    keys: db.prepare('SELECT key_id, pem, fingerprint FROM wechatpay_public_keys WHERE merchant_id = ? ORDER BY key_id'),
    putWechat: db.prepare(`INSERT INTO wechatpay_settings (merchant_id, mchid, api_v3_key, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (merchant_id) DO UPDATE SET mchid = excluded.mchid, api_v3_key = excluded.api_v3_key, updated_at = excluded.updated_at`),
    dropKeys: db.prepare('DELETE FROM wechatpay_public_keys WHERE merchant_id = ?'),
    putKey: db.prepare('INSERT INTO wechatpay_public_keys (merchant_id, key_id, pem, fingerprint) VALUES (?, ?, ?, ?)'),
    byMchid: db.prepare('SELECT merchant_id FROM wechatpay_settings WHERE mchid = ?'),
    alipay: db.prepare('SELECT * FROM alipay_settings WHERE merchant_id = ?'),
    putAlipay: db.prepare(`INSERT INTO alipay_settings (merchant_id, app_id, seller_id, public_key, fingerprint, updated_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (merchant_id) DO UPDATE SET app_id = excluded.app_id, seller_id = excluded.seller_id, public_key = excluded.public_key,
      fingerprint = excluded.fingerprint, updated_at = excluded.updated_at`),
    byAppId: db.prepare('SELECT merchant_id FROM alipay_settings WHERE app_id = ?'),
  };
  return {
    wechatPay(merchantId) {
      const row = s.wechat.get(merchantId) as WechatRow | undefined;
      if (!row) return null;
      const publicKeys = (s.keys.all(merchantId) as KeyRow[]).map((k) => ({ id: k.key_id, pem: k.pem, fingerprint: k.fingerprint }));
      return { merchantId: row.merchant_id, mchid: row.mchid, apiV3Key: row.api_v3_key, publicKeys, updatedAt: row.updated_at };
    },
    putWechatPay(x: WechatPaySettings) {
      s.putWechat.run(x.merchantId, x.mchid, x.apiV3Key, x.updatedAt);
      s.dropKeys.run(x.merchantId);
      for (const k of x.publicKeys) s.putKey.run(x.merchantId, k.id, k.pem, k.fingerprint);
    },
    merchantOfMchid: (mchid) => (s.byMchid.pluck().get(mchid) as string | undefined) ?? null,
    alipay(merchantId) {
      const row = s.alipay.get(merchantId) as AlipayRow | undefined;
      return row
        ? { merchantId: row.merchant_id, appId: row.app_id, sellerId: row.seller_id, publicKey: row.public_key, fingerprint: row.fingerprint, updatedAt: row.updated_at }
        : null;
    },
    putAlipay: (x: AlipaySettings) => void s.putAlipay.run(x.merchantId, x.appId, x.sellerId, x.publicKey, x.fingerprint, x.updatedAt),
    merchantOfAlipayAppId: (appId) => (s.byAppId.pluck().get(appId) as string | undefined) ?? null,
  };
}

export function createSqliteProviderNotificationStore(db: SqliteDatabase): ProviderNotificationStore {
  const s = {
    find: db.prepare('SELECT * FROM provider_notifications WHERE merchant_id = ? AND provider = ? AND notification_id = ?'),
    insert: db.prepare(`INSERT INTO provider_notifications (merchant_id, provider, notification_id, object_id, kind, effect, detail, payment_id, refund_id,
      amount, ledger_index, body_sha256, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  };
  const toRecord = (r: NotificationRow): StoredProviderNotification => ({
    merchantId: r.merchant_id, provider: r.provider, notificationId: r.notification_id, objectId: r.object_id, kind: r.kind, effect: r.effect,
    detail: r.detail, paymentId: r.payment_id, refundId: r.refund_id, amount: r.amount, ledgerIndex: r.ledger_index,
    bodySha256: new Uint8Array(r.body_sha256), receivedAt: r.received_at,
  });
  return {
    find(merchantId, provider, notificationId) {
      const row = s.find.get(merchantId, provider, notificationId) as NotificationRow | undefined;
      return row ? toRecord(row) : null;
    },
    insert: (n) =>
      void s.insert.run(n.merchantId, n.provider, n.notificationId, n.objectId, n.kind, n.effect, n.detail, n.paymentId, n.refundId, n.amount, n.ledgerIndex,
        Buffer.from(n.bodySha256), n.receivedAt),
  };
}

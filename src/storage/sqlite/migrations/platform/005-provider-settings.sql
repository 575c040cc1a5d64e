-- Issue 14: each merchant's payment-provider settings, and every provider notification received.
-- The APIv3 key is a secret (stored for decryption, never returned); keys are public.
CREATE TABLE wechatpay_settings (
  merchant_id TEXT PRIMARY KEY REFERENCES merchants (id),
  mchid       TEXT NOT NULL UNIQUE,
  api_v3_key  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

-- several keys are active at once during a rotation; Wechatpay-Serial picks one
CREATE TABLE wechatpay_public_keys (
  merchant_id TEXT NOT NULL REFERENCES wechatpay_settings (merchant_id),
  key_id      TEXT NOT NULL,
  pem         TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  PRIMARY KEY (merchant_id, key_id)
);

CREATE TABLE alipay_settings (
  merchant_id TEXT PRIMARY KEY REFERENCES merchants (id),
  app_id      TEXT NOT NULL UNIQUE,
  seller_id   TEXT NOT NULL,
  public_key  TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

-- One row per notification recorded (idempotency on the provider's notification id), with what
-- it did: RECORDED a payment or refund (ids and ledger index), ACKNOWLEDGED without an effect (a
-- second notification about the same trade or refund, or one that asks for none), or
-- NOT_COMPLETED: a refund that failed or was closed (WeChat Pay REFUND.ABNORMAL / REFUND.CLOSED),
-- which has no ledger entry type and is kept here durably.
CREATE TABLE provider_notifications (
  merchant_id     TEXT NOT NULL REFERENCES merchants (id),
  provider        TEXT NOT NULL CHECK (provider IN ('wechatpay', 'alipay')),
  notification_id TEXT NOT NULL,
  object_id       TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('payment', 'refund', 'refund-total', 'refund-not-completed', 'ignored')),
  effect          TEXT NOT NULL CHECK (effect IN ('RECORDED', 'ACKNOWLEDGED', 'NOT_COMPLETED')),
  detail          TEXT,
  payment_id      TEXT,
  refund_id       TEXT,
  amount          INTEGER,
  ledger_index    INTEGER,
  body_sha256     BLOB NOT NULL,
  received_at     TEXT NOT NULL,
  PRIMARY KEY (merchant_id, provider, notification_id)
);
CREATE INDEX provider_notifications_object ON provider_notifications (merchant_id, provider, object_id);

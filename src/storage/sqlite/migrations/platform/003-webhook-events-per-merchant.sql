-- Webhook event ids are idempotency keys per merchant, not platform-wide: two merchants'
-- providers may use the same id, and a shared key let one merchant's event block another's
-- (issue 10, finding 13). SQLite cannot change a primary key in place, so the table is
-- rebuilt with the key (merchant_id, id) and every row copied as it is.
CREATE TABLE webhook_events_by_merchant (
  merchant_id   TEXT NOT NULL REFERENCES merchants (id),
  id            TEXT NOT NULL,
  body_sha256   BLOB NOT NULL,
  response_json TEXT NOT NULL,
  received_at   TEXT NOT NULL,
  PRIMARY KEY (merchant_id, id)
);
INSERT INTO webhook_events_by_merchant (merchant_id, id, body_sha256, response_json, received_at)
  SELECT merchant_id, id, body_sha256, response_json, received_at FROM webhook_events;
DROP TABLE webhook_events;
ALTER TABLE webhook_events_by_merchant RENAME TO webhook_events;

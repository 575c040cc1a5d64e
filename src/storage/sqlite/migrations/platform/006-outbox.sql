-- Issue 14 (out): invoice events to merchants' systems. Each merchant may register one
-- endpoint (URL and signing secret); events are written to the outbox in the same transaction
-- as the state change they report, and a dispatcher delivers them with retries.
CREATE TABLE notification_endpoints (
  merchant_id TEXT PRIMARY KEY REFERENCES merchants (id),
  url         TEXT NOT NULL,
  secret      TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

-- body is the exact JSON sent (the same bytes on every attempt); next_attempt_ms is unix ms,
-- persisted so that a restart resumes the schedule where it was
CREATE TABLE outbox_events (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,
  merchant_id     TEXT NOT NULL REFERENCES merchants (id),
  type            TEXT NOT NULL,
  body            TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'DEAD')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER,
  delivered_at    TEXT
);
CREATE INDEX outbox_events_due ON outbox_events (status, next_attempt_ms);
CREATE INDEX outbox_events_merchant ON outbox_events (merchant_id, seq);

CREATE TABLE outbox_attempts (
  event_id    TEXT NOT NULL REFERENCES outbox_events (id),
  number      INTEGER NOT NULL,
  at          TEXT NOT NULL,
  status_code INTEGER,
  error       TEXT,
  duration_ms INTEGER NOT NULL,
  PRIMARY KEY (event_id, number)
);

-- Nightly reconciliation: one lease per day (so two instances on one database never both
-- run a day), stored reports (a rerun is a new version; old versions stay) and their
-- differences.
CREATE TABLE reconciliation_leases (
  day        TEXT PRIMARY KEY,
  holder     TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

CREATE TABLE reconciliation_reports (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  day          TEXT NOT NULL,
  -- '*' for the platform-wide report
  scope        TEXT NOT NULL,
  version      INTEGER NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('CLEAN', 'DIFFERENCES')),
  counts_json  TEXT NOT NULL,
  differences  INTEGER NOT NULL,
  started_at   TEXT NOT NULL,
  finished_at  TEXT NOT NULL,
  UNIQUE (day, scope, version)
);
CREATE INDEX reconciliation_reports_day ON reconciliation_reports (day, scope);

CREATE TABLE reconciliation_differences (
  report      TEXT NOT NULL REFERENCES reconciliation_reports (id),
  n           INTEGER NOT NULL,
  type        TEXT NOT NULL,
  severity    TEXT NOT NULL CHECK (severity IN ('ERROR', 'INFO')),
  ids_json    TEXT NOT NULL,
  detail      TEXT NOT NULL,
  PRIMARY KEY (report, n)
) WITHOUT ROWID;

CREATE INDEX refunds_created ON refunds (created_at);
CREATE INDEX payments_merchant_paid ON payments (merchant_id, paid_at);

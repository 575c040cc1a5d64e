-- A tax node's mirror of one followed ledger: the ledger tables (ledger schema) plus indexes
-- built from the entries right after each block is accepted. All of it can be rebuilt from
-- the mirrored leaves.
-- how far the indexes below have been built from the mirrored leaves (a watermark, so
-- indexing resumes after a crash; the indexes are derived and can be rebuilt)
CREATE TABLE tm_meta (
  key   TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO tm_meta (key, value) VALUES ('indexed_size', 0);

CREATE TABLE tm_block_times (
  size        INTEGER PRIMARY KEY,
  received_at TEXT NOT NULL
);

-- every entry's type, parties and Beijing date, for the authority's entry queries
CREATE TABLE tm_entries (
  idx                INTEGER PRIMARY KEY,
  type               TEXT NOT NULL,
  subject_id         TEXT NOT NULL,
  seller_taxpayer_id TEXT,
  buyer_taxpayer_id  TEXT,
  day                TEXT NOT NULL
);
CREATE INDEX tm_entries_type ON tm_entries (type, idx);
CREATE INDEX tm_entries_seller ON tm_entries (seller_taxpayer_id, idx);
CREATE INDEX tm_entries_buyer ON tm_entries (buyer_taxpayer_id, idx);
CREATE INDEX tm_entries_day ON tm_entries (day, idx);

-- invoices (blue and red) as the ledger states them
CREATE TABLE tm_invoices (
  invoice_id         TEXT PRIMARY KEY,
  number             TEXT NOT NULL,
  kind               TEXT NOT NULL CHECK (kind IN ('BLUE', 'RED')),
  status             TEXT NOT NULL,
  issue_date         TEXT NOT NULL,
  seller_taxpayer_id TEXT NOT NULL,
  buyer_taxpayer_id  TEXT,
  net                INTEGER NOT NULL,
  tax                INTEGER NOT NULL,
  gross              INTEGER NOT NULL,
  issued_index       INTEGER NOT NULL,
  last_index         INTEGER NOT NULL,
  reimbursement      TEXT NOT NULL DEFAULT 'NONE',
  tax_reported       INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX tm_invoices_number ON tm_invoices (number);
CREATE INDEX tm_invoices_seller_date ON tm_invoices (seller_taxpayer_id, issue_date, issued_index);

CREATE TABLE tm_invoice_rates (
  invoice_id TEXT NOT NULL REFERENCES tm_invoices (invoice_id),
  rate       TEXT NOT NULL,
  net        INTEGER NOT NULL,
  tax        INTEGER NOT NULL,
  PRIMARY KEY (invoice_id, rate)
) WITHOUT ROWID;

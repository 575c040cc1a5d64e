-- The platform's projections: merchants and their secrets, API keys, payments, refunds,
-- webhook events (idempotency), invoices and their lines, invoice number sequences.
-- Every business row can be rebuilt from the ledger; `seq` columns give keyset pagination.
CREATE TABLE merchants (
  id                TEXT PRIMARY KEY,
  name              TEXT NOT NULL,
  taxpayer_id       TEXT NOT NULL,
  region            TEXT NOT NULL,
  auto_issue        INTEGER NOT NULL CHECK (auto_issue IN (0, 1)),
  default_tax_rate  TEXT NOT NULL,
  default_tax_code  TEXT NOT NULL,
  auto_reverse      INTEGER NOT NULL DEFAULT 0 CHECK (auto_reverse IN (0, 1)),
  created_at        TEXT NOT NULL
);

CREATE TABLE webhook_secrets (
  id          TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants (id),
  secret      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  -- NULL while current; set when rotated out (valid until then)
  expires_at  TEXT
);
CREATE INDEX webhook_secrets_merchant ON webhook_secrets (merchant_id);

CREATE TABLE webhook_events (
  id            TEXT PRIMARY KEY,
  merchant_id   TEXT NOT NULL REFERENCES merchants (id),
  body_sha256   BLOB NOT NULL,
  response_json TEXT NOT NULL,
  received_at   TEXT NOT NULL
);

CREATE TABLE payments (
  seq            INTEGER PRIMARY KEY,
  id             TEXT NOT NULL UNIQUE,
  merchant_id    TEXT NOT NULL REFERENCES merchants (id),
  payment_id     TEXT NOT NULL,
  amount         INTEGER NOT NULL CHECK (amount > 0),
  refunded       INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= amount),
  currency       TEXT NOT NULL CHECK (currency = 'CNY'),
  paid_at        TEXT NOT NULL,
  description    TEXT NOT NULL,
  items_json     TEXT,
  ledger_index   INTEGER NOT NULL,
  created_at     TEXT NOT NULL,
  UNIQUE (merchant_id, payment_id)
);

CREATE TABLE refunds (
  id           TEXT PRIMARY KEY,
  payment      TEXT NOT NULL REFERENCES payments (id),
  refund_id    TEXT NOT NULL,
  amount       INTEGER NOT NULL CHECK (amount > 0),
  ledger_index INTEGER NOT NULL,
  created_at   TEXT NOT NULL,
  UNIQUE (payment, refund_id)
);

CREATE TABLE invoice_sequences (
  year     INTEGER NOT NULL,
  province TEXT NOT NULL,
  last     INTEGER NOT NULL,
  PRIMARY KEY (year, province)
) WITHOUT ROWID;

CREATE TABLE invoices (
  seq                 INTEGER PRIMARY KEY,
  id                  TEXT NOT NULL UNIQUE,
  merchant_id         TEXT NOT NULL REFERENCES merchants (id),
  payment             TEXT NOT NULL REFERENCES payments (id),
  status              TEXT NOT NULL CHECK (status IN ('APPLIED', 'ISSUED', 'REVERSAL_REQUIRED', 'REVERSED')),
  kind                TEXT NOT NULL DEFAULT 'BLUE' CHECK (kind IN ('BLUE', 'RED')),
  buyer_type          TEXT NOT NULL CHECK (buyer_type IN ('INDIVIDUAL', 'ORGANIZATION')),
  buyer_name          TEXT NOT NULL,
  buyer_taxpayer_id   TEXT,
  buyer_email         TEXT,
  number              TEXT UNIQUE,
  issue_date          TEXT,
  seller_name         TEXT,
  seller_taxpayer_id  TEXT,
  net                 INTEGER,
  tax                 INTEGER,
  gross               INTEGER,
  capital_amount      TEXT,
  applied_index       INTEGER NOT NULL,
  issued_index        INTEGER,
  applied_at          TEXT NOT NULL,
  issued_at           TEXT,
  -- red-letter links, both ways
  reverses            TEXT REFERENCES invoices (id),
  reversed_by         TEXT REFERENCES invoices (id),
  reversal_reason     TEXT,
  reimbursement       TEXT NOT NULL DEFAULT 'NONE' CHECK (reimbursement IN ('NONE', 'LOCKED', 'CLOSED')),
  tax_reported        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX invoices_payment ON invoices (payment);
CREATE INDEX invoices_merchant_status ON invoices (merchant_id, status, seq);
CREATE INDEX invoices_buyer ON invoices (buyer_taxpayer_id, seq);
CREATE INDEX invoices_issue_date ON invoices (issue_date, seq);
CREATE INDEX invoices_merchant_issue_date ON invoices (merchant_id, issue_date, issued_index);
-- at most one application that is not reversed per payment (an "active application")
CREATE UNIQUE INDEX invoices_one_active_per_payment ON invoices (payment) WHERE status <> 'REVERSED' AND kind = 'BLUE';

CREATE TABLE invoice_lines (
  invoice    TEXT NOT NULL REFERENCES invoices (id),
  line_no    INTEGER NOT NULL,
  name       TEXT NOT NULL,
  tax_code   TEXT NOT NULL,
  quantity   TEXT NOT NULL,
  unit_price INTEGER,
  tax_rate   TEXT NOT NULL,
  net        INTEGER NOT NULL,
  tax        INTEGER NOT NULL,
  gross      INTEGER NOT NULL,
  PRIMARY KEY (invoice, line_no)
) WITHOUT ROWID;

-- a merchant's request to reverse an invoice whose reimbursement is CLOSED, waiting for the
-- buyer company's confirmation (红字确认单)
CREATE TABLE reversal_requests (
  invoice      TEXT PRIMARY KEY REFERENCES invoices (id),
  reason       TEXT NOT NULL,
  requested_at TEXT NOT NULL
);

CREATE TABLE employees (
  id          TEXT PRIMARY KEY,
  employer_id TEXT NOT NULL,
  name        TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE reimbursement_claims (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  invoice      TEXT NOT NULL REFERENCES invoices (id),
  employer_id  TEXT NOT NULL,
  person_id    TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('LOCKED', 'CLOSED', 'REJECTED')),
  amount       INTEGER NOT NULL,
  reason       TEXT,
  claimed_index INTEGER NOT NULL,
  decided_index INTEGER,
  created_at   TEXT NOT NULL,
  decided_at   TEXT
);
CREATE INDEX reimbursement_claims_employer ON reimbursement_claims (employer_id, status, seq);
CREATE INDEX reimbursement_claims_person ON reimbursement_claims (person_id, seq);
-- the ledger-wide lock: at most one claim that is not rejected per invoice
CREATE UNIQUE INDEX reimbursement_one_claim_per_invoice ON reimbursement_claims (invoice) WHERE status <> 'REJECTED';

CREATE TABLE tax_reports (
  seq              INTEGER PRIMARY KEY,
  id               TEXT NOT NULL UNIQUE,
  merchant_id      TEXT NOT NULL REFERENCES merchants (id),
  period           TEXT NOT NULL,
  version          INTEGER NOT NULL,
  previous         TEXT REFERENCES tax_reports (id),
  rates_json       TEXT NOT NULL,
  invoice_count    INTEGER NOT NULL,
  net              INTEGER NOT NULL,
  tax              INTEGER NOT NULL,
  -- the covered invoices' ledger indexes, 6-byte big-endian each, ascending
  covered_indexes  BLOB NOT NULL,
  covered_root     BLOB NOT NULL,
  as_of_index      INTEGER NOT NULL,
  ledger_index     INTEGER NOT NULL,
  filed_at         TEXT NOT NULL,
  UNIQUE (merchant_id, period, version)
);

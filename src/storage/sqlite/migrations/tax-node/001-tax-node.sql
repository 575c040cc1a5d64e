-- The tax-bureau node's own records: what it refused and why (evidence), and alerts for the
-- tax authority. Mirrors of followed ledgers live in their own files (tax-mirror schema).
CREATE TABLE tn_evidence (
  id          TEXT PRIMARY KEY,
  origin      TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('FORK', 'ROOT_MISMATCH', 'BAD_SIGNATURE', 'UNKNOWN_KEY', 'MALFORMED')),
  -- the signed note that was refused, and the one this node holds for the same size (if any)
  received_note TEXT,
  held_note     TEXT,
  detail_json TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE tn_alerts (
  seq         INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,
  origin      TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('FORK', 'REJECTED_BLOCK', 'SILENT', 'MALFORMED_ENTRY')),
  message     TEXT NOT NULL,
  evidence_id TEXT REFERENCES tn_evidence (id),
  created_at  TEXT NOT NULL
);

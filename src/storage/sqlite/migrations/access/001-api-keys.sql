-- API keys (both nodes): stored as SHA-256 of the key, one role and scope each.
CREATE TABLE api_keys (
  id          TEXT PRIMARY KEY,
  key_hash    BLOB NOT NULL UNIQUE,
  role        TEXT NOT NULL CHECK (role IN ('ADMIN', 'MERCHANT', 'EMPLOYEE', 'FINANCE', 'TAX_AUTHORITY')),
  -- scope; the platform checks merchant ids exist, the tax node has no merchants
  merchant_id TEXT,
  employer_id TEXT,
  person_id   TEXT,
  label       TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  revoked_at  TEXT
);


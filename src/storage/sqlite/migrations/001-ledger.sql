-- The ledger (LEDGER.md): leaves, completed perfect subtrees, signed checkpoints and the
-- tax bureau's cosignatures. Append-only: triggers refuse UPDATE and DELETE, and leaves
-- must arrive in index order with no gap.
CREATE TABLE ledger_entries (
  idx       INTEGER PRIMARY KEY,
  leaf_data BLOB NOT NULL,
  leaf_hash BLOB NOT NULL CHECK (length(leaf_hash) = 32)
);

CREATE TABLE ledger_nodes (
  level INTEGER NOT NULL CHECK (level > 0),
  idx   INTEGER NOT NULL CHECK (idx >= 0),
  hash  BLOB NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;

CREATE TABLE ledger_checkpoints (
  size      INTEGER PRIMARY KEY CHECK (size > 0),
  root      BLOB NOT NULL CHECK (length(root) = 32),
  note      TEXT NOT NULL,
  signed_at INTEGER NOT NULL
);

CREATE TABLE ledger_cosignatures (
  size      INTEGER NOT NULL REFERENCES ledger_checkpoints (size),
  key_id    BLOB NOT NULL,
  key_name  TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  line      TEXT NOT NULL,
  PRIMARY KEY (size, key_id)
) WITHOUT ROWID;

CREATE TRIGGER ledger_entries_in_order BEFORE INSERT ON ledger_entries
WHEN NEW.idx IS NOT (SELECT coalesce(max(idx) + 1, 0) FROM ledger_entries)
BEGIN SELECT RAISE(ABORT, 'ledger entries are appended in index order'); END;

CREATE TRIGGER ledger_checkpoints_grow BEFORE INSERT ON ledger_checkpoints
WHEN NEW.size <= (SELECT coalesce(max(size), 0) FROM ledger_checkpoints)
BEGIN SELECT RAISE(ABORT, 'a checkpoint never shrinks the ledger'); END;

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_nodes_no_update BEFORE UPDATE ON ledger_nodes
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_nodes_no_delete BEFORE DELETE ON ledger_nodes
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_checkpoints_no_update BEFORE UPDATE ON ledger_checkpoints
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_cosignatures_no_update BEFORE UPDATE ON ledger_cosignatures
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_cosignatures_no_delete BEFORE DELETE ON ledger_cosignatures
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

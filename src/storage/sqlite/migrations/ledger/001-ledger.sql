-- The ledger (LEDGER.md): leaves, completed perfect subtrees, signed checkpoints and the
-- tax bureau's cosignatures. Append-only: triggers refuse UPDATE and DELETE.
--
-- Subtree hashes live in the row of the leaf that completes them: appending leaf m completes
-- one perfect subtree per trailing 1-bit of m, levels 1, 2, …, stored as 32-byte hashes in
-- that order in `subtree_hashes`. So node (level L, index n) is bytes [(L−1)·32, L·32) of row
-- (n+1)·2^L − 1. One row insert per append, no second B-tree (measured 2× faster appends).
CREATE TABLE ledger_entries (
  idx            INTEGER PRIMARY KEY,
  leaf_data      BLOB NOT NULL,
  leaf_hash      BLOB NOT NULL CHECK (length(leaf_hash) = 32),
  subtree_hashes BLOB NOT NULL CHECK (length(subtree_hashes) % 32 = 0)
);

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

CREATE TRIGGER ledger_checkpoints_grow BEFORE INSERT ON ledger_checkpoints
WHEN NEW.size <= (SELECT coalesce(max(size), 0) FROM ledger_checkpoints)
BEGIN SELECT RAISE(ABORT, 'a checkpoint never shrinks the ledger'); END;

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_checkpoints_no_update BEFORE UPDATE ON ledger_checkpoints
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_cosignatures_no_update BEFORE UPDATE ON ledger_cosignatures
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_cosignatures_no_delete BEFORE DELETE ON ledger_cosignatures
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

-- Alerts get a severity and are coalesced: repeats of one problem (coalesce_key: origin, kind
-- and tree size) are one row with a count and the time of the last occurrence, listed newest
-- first. Alerts raised before this migration for refused blocks whose signature did not
-- verify (BAD_SIGNATURE, UNKNOWN_KEY, MALFORMED evidence) are not evidence of anything the
-- log did: they are kept, at LOW.
ALTER TABLE tn_alerts ADD COLUMN severity TEXT NOT NULL DEFAULT 'MEDIUM' CHECK (severity IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW'));
ALTER TABLE tn_alerts ADD COLUMN occurrences INTEGER NOT NULL DEFAULT 1 CHECK (occurrences >= 1);
ALTER TABLE tn_alerts ADD COLUMN last_seen TEXT NOT NULL DEFAULT '';
ALTER TABLE tn_alerts ADD COLUMN coalesce_key TEXT;
CREATE UNIQUE INDEX tn_alerts_coalesce ON tn_alerts (coalesce_key) WHERE coalesce_key IS NOT NULL;

UPDATE tn_alerts SET
  last_seen = created_at,
  severity = CASE
    WHEN kind = 'FORK' THEN 'CRITICAL'
    WHEN kind = 'REJECTED_BLOCK' AND evidence_id IN (SELECT id FROM tn_evidence WHERE kind IN ('BAD_SIGNATURE', 'UNKNOWN_KEY', 'MALFORMED')) THEN 'LOW'
    WHEN kind = 'REJECTED_BLOCK' THEN 'HIGH'
    ELSE 'MEDIUM'
  END;

-- Issue 11 item 6: the webhook's idempotency record keeps the domain outcome of an event (our
-- payment or refund id, ledger index, refunded/remaining), no longer the HTTP answer sent; the
-- route rebuilds the identical answer from it. Rows already stored hold the answer's JSON,
-- which carries every outcome field, so they are kept as they are (see payment-store.ts).
ALTER TABLE webhook_events RENAME COLUMN response_json TO outcome_json;

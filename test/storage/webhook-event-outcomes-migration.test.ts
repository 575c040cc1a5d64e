// Migration platform/004 keeps a webhook event's domain outcome instead of the HTTP answer.
// Rows stored before it hold the answer's JSON; they still replay as the outcome they record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { migrate, PLATFORM_SCHEMA } from '../../src/storage/sqlite/database.js';
import { createSqlitePaymentStore } from '../../src/storage/sqlite/payment-store.js';

const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../src/storage/sqlite/migrations');
const THIS_ONE = 'platform/004-webhook-event-outcomes.sql';

test('004 keeps answers stored before it readable as outcomes, for payments and refunds', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-migration-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = new Database(path.join(dir, 'platform.db'));
  t.after(() => db.close());
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const earlier = PLATFORM_SCHEMA.flatMap((set) => readdirSync(path.join(MIGRATIONS, set)).filter((f) => f.endsWith('.sql')).sort().map((f) => `${set}/${f}`))
    .filter((name) => !name.startsWith('platform/') || name < THIS_ONE);
  for (const name of earlier) {
    db.exec(readFileSync(path.join(MIGRATIONS, name), 'utf8'));
    db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(name, '2026-11-01T00:00:00.000Z');
  }
  db.prepare(`INSERT INTO merchants (id, name, taxpayer_id, region, auto_issue, default_tax_rate, default_tax_code, created_at)
    VALUES ('m_a', 'A', '91440300MA5DEM012D', '440300', 0, '6%', '3040201010000000000', '2026-11-01T00:00:00.000Z')`).run();
  const insert = db.prepare('INSERT INTO webhook_events (id, merchant_id, body_sha256, response_json, received_at) VALUES (?, ?, ?, ?, ?)');
  insert.run('evt_pay', 'm_a', Buffer.alloc(32, 1), JSON.stringify({
    received: true, eventId: 'evt_pay', paymentId: 'pay_1', providerPaymentId: 'wx_1', ledgerIndex: 3, applyToken: 'pay_1.1.x', applyUrl: 'http://x/apply',
  }), '2026-11-01T00:00:01.000Z');
  insert.run('evt_ref', 'm_a', Buffer.alloc(32, 2), JSON.stringify({
    received: true, eventId: 'evt_ref', paymentId: 'pay_1', refundId: 'ref_1', refunded: 400, remaining: 600, ledgerIndex: 4,
  }), '2026-11-01T00:00:02.000Z');

  const applied = migrate(db, PLATFORM_SCHEMA);
  assert.ok(applied.includes(THIS_ONE), applied.join(', '));
  const store = createSqlitePaymentStore(db);
  assert.deepEqual(store.findEvent('m_a', 'evt_pay')?.outcome, { kind: 'payment', eventId: 'evt_pay', paymentId: 'pay_1', providerPaymentId: 'wx_1', ledgerIndex: 3 });
  assert.deepEqual(store.findEvent('m_a', 'evt_ref')?.outcome, {
    kind: 'refund', eventId: 'evt_ref', paymentId: 'pay_1', refundId: 'ref_1', refunded: 400, remaining: 600, ledgerIndex: 4,
  });
  assert.equal(store.findEvent('m_a', 'evt_pay')?.receivedAt, '2026-11-01T00:00:01.000Z');
});

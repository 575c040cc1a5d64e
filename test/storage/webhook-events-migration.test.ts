// Migration platform/003 re-keys webhook_events by (merchant_id, id) (issue 10, finding 13).
// It runs on a database that already holds events: every row survives unchanged, two merchants
// may then store the same event id, and one merchant still may not store it twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { migrate, PLATFORM_SCHEMA } from '../../src/storage/sqlite/database.js';

const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../src/storage/sqlite/migrations');
const THIS_ONE = 'platform/003-webhook-events-per-merchant.sql';

test('003 keeps every stored event and scopes event ids per merchant', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-migration-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = new Database(path.join(dir, 'platform.db'));
  t.after(() => db.close());
  db.pragma('foreign_keys = ON');
  // the database as it was before this migration: every earlier migration applied, as the runner does
  db.exec('CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const earlier = PLATFORM_SCHEMA.flatMap((set) => readdirSync(path.join(MIGRATIONS, set)).filter((f) => f.endsWith('.sql')).sort().map((f) => `${set}/${f}`))
    .filter((name) => !name.startsWith('platform/') || name < THIS_ONE);
  for (const name of earlier) {
    db.exec(readFileSync(path.join(MIGRATIONS, name), 'utf8'));
    db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(name, '2026-11-01T00:00:00.000Z');
  }
  const merchant = db.prepare(`INSERT INTO merchants (id, name, taxpayer_id, region, auto_issue, default_tax_rate, default_tax_code, created_at)
    VALUES (?, ?, '91440300MA5DEM012D', '440300', 0, '6%', '3040201010000000000', '2026-11-01T00:00:00.000Z')`);
  merchant.run('m_a', 'A');
  merchant.run('m_b', 'B');
  const insert = db.prepare('INSERT INTO webhook_events (id, merchant_id, body_sha256, response_json, received_at) VALUES (?, ?, ?, ?, ?)');
  insert.run('evt_1', 'm_a', Buffer.alloc(32, 1), '{"received":true}', '2026-11-01T00:00:01.000Z');
  insert.run('evt_2', 'm_b', Buffer.alloc(32, 2), '{"received":true,"n":2}', '2026-11-01T00:00:02.000Z');
  assert.throws(() => insert.run('evt_1', 'm_b', Buffer.alloc(32, 3), '{}', '2026-11-01T00:00:03.000Z'), /UNIQUE|PRIMARY/u, 'before: ids were platform-wide');
  const rowsBefore = db.prepare('SELECT * FROM webhook_events ORDER BY id').all();

  const applied = migrate(db, PLATFORM_SCHEMA);
  assert.ok(applied.includes(THIS_ONE), applied.join(', '));
  // 004 renames response_json to outcome_json (the stored outcome); the rows are the same
  assert.deepEqual(db.prepare('SELECT merchant_id, id, body_sha256, outcome_json AS response_json, received_at FROM webhook_events ORDER BY id').all(),
    rowsBefore.map((r) => {
      const { id, merchant_id, body_sha256, response_json, received_at } = r as Record<string, unknown>;
      return { merchant_id, id, body_sha256, response_json, received_at };
    }));
  const insertAfter = db.prepare('INSERT INTO webhook_events (id, merchant_id, body_sha256, outcome_json, received_at) VALUES (?, ?, ?, ?, ?)');
  insertAfter.run('evt_1', 'm_b', Buffer.alloc(32, 3), '{}', '2026-11-01T00:00:03.000Z');
  assert.throws(() => insertAfter.run('evt_1', 'm_a', Buffer.alloc(32, 4), '{}', '2026-11-01T00:00:04.000Z'), /UNIQUE|PRIMARY/u, 'after: unique per merchant');
  assert.throws(() => insertAfter.run('evt_9', 'm_nobody', Buffer.alloc(32, 5), '{}', '2026-11-01T00:00:05.000Z'), /FOREIGN KEY/u);
  assert.deepEqual(migrate(db, PLATFORM_SCHEMA), [], 'applied once');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/storage/sqlite/database.js';
import { createGroupCommit } from '../../src/storage/sqlite/group-commit.js';

function fixture() {
  const dir = mkdtempSync(path.join(tmpdir(), 'group-commit-'));
  const db = openDatabase(path.join(dir, 'x.db'));
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
  return { db, close: () => (db.close(), rmSync(dir, { recursive: true, force: true })) };
}

test('units submitted together share one commit; a failing unit rolls back alone', async (t) => {
  const f = fixture();
  t.after(f.close);
  let commits = 0;
  const group = createGroupCommit(f.db, { afterCommit: () => (commits += 1) });
  const insert = (k: string) => () => f.db.prepare('INSERT INTO t (k) VALUES (?)').run(k).changes;
  const results = await Promise.allSettled([
    group.submit(insert('a')),
    group.submit(() => {
      insert('b')();
      throw new Error('this unit fails after writing');
    }),
    group.submit(insert('a')), // primary key conflict: fails alone
    group.submit(insert('c')),
  ]);
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled']);
  assert.deepEqual(f.db.prepare('SELECT k FROM t ORDER BY k').pluck().all(), ['a', 'c']);
  assert.equal(commits, 1);
});

test('a submitter is answered only after the data is committed and visible to another connection', async (t) => {
  const f = fixture();
  t.after(f.close);
  const group = createGroupCommit(f.db);
  const reader = openDatabase(f.db.name, { readonly: true });
  t.after(() => reader.close());
  await group.submit(() => f.db.prepare("INSERT INTO t (k) VALUES ('durable')").run());
  assert.equal(reader.prepare('SELECT count(*) FROM t').pluck().get(), 1);
});

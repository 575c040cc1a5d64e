// The platform's replay (src/platform/replay.ts, now on the strict decoder) run by the SQLite
// projection check over the frozen v1 ledger: it rebuilds exactly the rows the code of that
// day stored, and names the rows that differ once one is edited behind the ledger's back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ledger } from '../../src/ledger/index.js';
import { checkProjections } from '../../src/storage/sqlite/projection-check.js';
import { createSqliteLedgerStore } from '../../src/storage/sqlite/ledger-store.js';
import { createLedgerFixture } from '../support/ledger-fixture.js';
import { V1_LEAVES, V1_PROJECTIONS } from '../support/ledger-v1.js';

function platformWithV1Rows(t: { after: (fn: () => void) => void }) {
  const f = createLedgerFixture();
  t.after(() => f.close());
  const ledger = new Ledger({ store: createSqliteLedgerStore(f.db), signer: f.signer, witnesses: [], clock: f.clock });
  f.db.transaction(() => ledger.appendLeafData(V1_LEAVES)).immediate();
  const insert = (table: string, rows: ReadonlyArray<Record<string, unknown>>): void => {
    for (const row of rows) {
      const columns = Object.keys(row);
      f.db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...columns.map((c) => row[c]));
    }
  };
  // blue and red invoices name each other: load the rows as they were (lines included: the
  // check compares every column the ledger determines), then check them
  f.db.pragma('foreign_keys = OFF');
  f.db.transaction(() => {
    for (const id of new Set(V1_PROJECTIONS.payments.map((p) => String(p['merchant_id'])))) {
      f.db.prepare("INSERT INTO merchants (id, name, taxpayer_id, region, auto_issue, default_tax_rate, default_tax_code, created_at) VALUES (?, 'm', '91440300MA5DEM012D', '440300', 0, '6%', '3040201010000000000', '2026-11-21T00:00:00.000Z')").run(id);
    }
    insert('payments', V1_PROJECTIONS.payments);
    insert('invoices', V1_PROJECTIONS.invoices);
    insert('invoice_lines', V1_PROJECTIONS.invoiceLines);
  }).immediate();
  f.db.pragma('foreign_keys = ON');
  assert.deepEqual(f.db.pragma('foreign_key_check'), []);
  return f;
}

test('the projection check replays the v1 ledger into exactly the payments and invoices stored by the code that wrote it', (t) => {
  const f = platformWithV1Rows(t);
  const { differences, undecodable } = checkProjections(f.db);
  assert.deepEqual(undecodable, []);
  assert.deepEqual(differences, []);
});

test('a row edited behind the ledger\'s back shows up as a difference against the replay', (t) => {
  const f = platformWithV1Rows(t);
  // the reimbursed, then reversed blue invoice, put back to ISSUED and unclaimed
  const reversed = V1_PROJECTIONS.invoices.find((i) => i['status'] === 'REVERSED' && i['reimbursement'] === 'CLOSED') as Record<string, unknown>;
  f.db.prepare("UPDATE invoices SET status = 'ISSUED', reimbursement = 'NONE' WHERE id = ?").run(reversed['id']);
  const { differences } = checkProjections(f.db);
  assert.deepEqual(differences.map((d) => [d.kind, d.id, d.field, d.ledger, d.stored]), [
    ['invoice', reversed['id'], 'status', 'REVERSED', 'ISSUED'],
    ['invoice', reversed['id'], 'reimbursement', 'CLOSED', 'NONE'],
  ]);
});

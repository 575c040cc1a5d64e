// The rules the ledger's readers share, pinned where they are written once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  INVOICE_STATUSES, coveredByReportSql, isCoveredByReport, partiesOf, ratesOfInvoice, REVERSAL_OWED_FROM, reversalOwedSql, statusAfterRefund, decodeLedgerEvent,
} from '../../src/events/index.js';
import Database from 'better-sqlite3';
import fc from '../support/fast-check.js';
import { V1_LEAVES } from '../support/ledger-v1.js';

test('REQUIRE_REVERSAL: a refund makes a reversal owed on an issued blue invoice, from the lifecycle itself', () => {
  assert.deepEqual(REVERSAL_OWED_FROM, ['ISSUED', 'REVERSAL_REQUIRED']);
  const after = INVOICE_STATUSES.flatMap((status) => (['BLUE', 'RED'] as const).map((kind) => [kind, status, statusAfterRefund({ kind, status })]));
  assert.deepEqual(after, [
    ['BLUE', 'APPLIED', null], ['RED', 'APPLIED', null],
    ['BLUE', 'ISSUED', 'REVERSAL_REQUIRED'], ['RED', 'ISSUED', null],
    ['BLUE', 'REVERSAL_REQUIRED', 'REVERSAL_REQUIRED'], ['RED', 'REVERSAL_REQUIRED', null],
    ['BLUE', 'REVERSED', null], ['RED', 'REVERSED', null],
  ]);
});

test('the same rule as SQL, and the projection check\'s SQL still says exactly that until it uses it', () => {
  assert.equal(reversalOwedSql(), "kind = 'BLUE' AND status IN ('ISSUED', 'REVERSAL_REQUIRED')");
  assert.equal(reversalOwedSql({ kind: 'i.kind', status: 'i.status' }), "i.kind = 'BLUE' AND i.status IN ('ISSUED', 'REVERSAL_REQUIRED')");
  const sql = readFileSync(fileURLToPath(new URL('../../src/storage/sqlite/projection-check.ts', import.meta.url)), 'utf8');
  assert.ok(sql.includes(reversalOwedSql()) || sql.includes('reversalOwedSql('), 'projection-check.ts repeats the rule differently');
});

test('a report covers the invoices issued in its period (both ends included) before its position', () => {
  const report = { from: '2026-11-01', to: '2026-11-30' };
  assert.equal(isCoveredByReport({ issueDate: '2026-11-01', issuedIndex: 4 }, report, 5), true);
  assert.equal(isCoveredByReport({ issueDate: '2026-11-30', issuedIndex: 4 }, report, 5), true);
  assert.equal(isCoveredByReport({ issueDate: '2026-11-30', issuedIndex: 5 }, report, 5), false, 'not at or after the report');
  assert.equal(isCoveredByReport({ issueDate: '2026-10-31', issuedIndex: 1 }, report, 5), false);
  assert.equal(isCoveredByReport({ issueDate: '2026-12-01', issuedIndex: 1 }, report, 5), false);
  assert.equal(isCoveredByReport({ issueDate: null, issuedIndex: null }, report, 5), false, 'an application is never covered');
});

test('the coverage rule as SQL selects, in real SQLite, exactly the invoices isCoveredByReport covers', (t) => {
  const db = new Database(':memory:');
  t.after(() => db.close());
  db.exec('CREATE TABLE inv (id INTEGER PRIMARY KEY, issue_date TEXT, issued_index INTEGER)');
  const insert = db.prepare('INSERT INTO inv (id, issue_date, issued_index) VALUES (?, ?, ?)');
  const covered = db.prepare(`SELECT id FROM inv WHERE ${coveredByReportSql()} ORDER BY id`).pluck();
  const day = fc.integer({ min: 0, max: 90 }).map((d) => new Date(Date.UTC(2026, 9, 1) + d * 86_400_000).toISOString().slice(0, 10));
  const invoice = fc.option(fc.tuple(day, fc.integer({ min: 0, max: 50 })), { nil: null });
  fc.assert(
    fc.property(fc.array(invoice, { maxLength: 30 }), day, day, fc.integer({ min: 0, max: 50 }), (invoices, a, b, before) => {
      const report = { from: a < b ? a : b, to: a < b ? b : a };
      db.exec('DELETE FROM inv');
      invoices.forEach((i, n) => insert.run(n, i?.[0] ?? null, i?.[1] ?? null));
      const expected = invoices.flatMap((i, n) => (isCoveredByReport({ issueDate: i?.[0] ?? null, issuedIndex: i?.[1] ?? null }, report, before) ? [n] : []));
      assert.deepEqual(covered.all(report.from, report.to, before), expected);
    }),
    { numRuns: 200 },
  );
  assert.equal(coveredByReportSql({ issueDate: 'i.issue_date', issuedIndex: 'i.issued_index' }), 'i.issue_date >= ? AND i.issue_date <= ? AND i.issued_index < ?');
});

test('no store writes the coverage rule out again: every SQL that marks or reads a report\'s invoices uses coveredByReportSql', () => {
  for (const file of ['invoice-store.ts', 'tax-stores.ts', 'projection-check.ts']) {
    const source = readFileSync(fileURLToPath(new URL(`../../src/storage/sqlite/${file}`, import.meta.url)), 'utf8');
    assert.ok(source.includes('coveredByReportSql('), `${file} does not use coveredByReportSql`);
    assert.doesNotMatch(source, /issued_index < \?/u, `${file} writes the coverage rule out again`);
  }
});

test('per-rate sums and parties of the v1 entries', () => {
  const events = V1_LEAVES.map((l) => decodeLedgerEvent(l));
  const red = events.find((e) => e.type === 'invoice.issued' && e.data.kind === 'RED' && e.data.lines.length === 2);
  assert.ok(red && red.type === 'invoice.issued');
  assert.deepEqual(ratesOfInvoice(red.data), [{ rate: '13%', net: red.data.net, tax: red.data.tax }]);
  assert.deepEqual(partiesOf(red), { seller: '91440300MA5DEM012D', buyer: null });
  const report = events.find((e) => e.type === 'tax.reported');
  assert.ok(report);
  assert.deepEqual(partiesOf(report), { seller: '91440300MA5DEM012D', buyer: null });
  const lock = events.find((e) => e.type === 'reimbursement.locked');
  assert.ok(lock);
  assert.deepEqual(partiesOf(lock), { seller: null, buyer: '91440300MA5BUYER26' });
  assert.deepEqual(partiesOf(events[0] as (typeof events)[number]), { seller: null, buyer: null });
});

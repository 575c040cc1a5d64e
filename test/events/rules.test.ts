// The rules the ledger's readers share, pinned where they are written once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  INVOICE_STATUSES, isCoveredByReport, partiesOf, ratesOfInvoice, REVERSAL_OWED_FROM, reversalOwedSql, statusAfterRefund, decodeLedgerEvent,
} from '../../src/events/index.js';
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

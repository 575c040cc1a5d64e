// The tax node's indexer, now on the strict decoder and the events' rules, indexes the frozen
// v1 ledger exactly as the code that wrote it did, and checks its tax reports the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptBlock, catchUpIndex, verifyTaxReport } from '../../src/witness/index.js';
import { ManualClock } from '../support/ledger-fixture.js';
import { V1_LEAVES, V1_LEDGER, V1_PROJECTIONS } from '../support/ledger-v1.js';
import { openMirror } from '../support/mirror.js';

test('the v1 fixture, mirrored by a tax node, indexes into the recorded entries, invoices and report checks', (t) => {
  const mirror = openMirror(new ManualClock(Date.parse('2026-11-21T03:00:00.000Z')));
  t.after(() => mirror.close());
  const { followed, deps } = mirror;
  let from = 0;
  for (const cp of V1_LEDGER.checkpoints) {
    const outcome = acceptBlock(deps, { origin: V1_LEDGER.origin, checkpoint: cp.note, firstIndex: from, leaves: V1_LEAVES.slice(from, cp.size) });
    assert.equal(outcome.kind, 'accepted', JSON.stringify(outcome));
    from = cp.size;
  }
  const malformed: number[] = [];
  assert.equal(catchUpIndex(followed, (i) => malformed.push(i)), V1_LEDGER.size);
  assert.deepEqual(malformed, [], 'every v1 entry decodes');

  const entries = followed.mirror.index.entries({}, -1, 1000).map((e) => ({
    idx: e.index, type: e.type, subject_id: e.subjectId, seller_taxpayer_id: e.sellerTaxpayerId, buyer_taxpayer_id: e.buyerTaxpayerId, day: e.day,
  }));
  assert.deepEqual(entries, V1_PROJECTIONS.taxNode.entries);

  const invoices = V1_PROJECTIONS.taxNode.invoices.map((row) => {
    const i = followed.mirror.index.invoiceById(String(row['invoice_id']));
    assert.ok(i, `invoice ${String(row['invoice_id'])} indexed`);
    return {
      invoice_id: i.invoiceId, number: i.number, kind: i.kind, status: i.status, issue_date: i.issueDate, seller_taxpayer_id: i.sellerTaxpayerId,
      buyer_taxpayer_id: i.buyerTaxpayerId, net: i.net, tax: i.tax, gross: i.gross, issued_index: i.issuedIndex, last_index: i.lastIndex,
      reimbursement: i.reimbursement, tax_reported: i.taxReported ? 1 : 0,
    };
  });
  assert.deepEqual(invoices, V1_PROJECTIONS.taxNode.invoices);

  const checks = V1_PROJECTIONS.taxNode.reportChecks.map((c) => verifyTaxReport(deps.followed, (c as { reportId: string }).reportId));
  assert.deepEqual(JSON.parse(JSON.stringify(checks)), V1_PROJECTIONS.taxNode.reportChecks);
  assert.ok(checks.every((c) => c.match));
});

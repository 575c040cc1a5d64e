// fileTaxReport(preview: true) through real HTTP: the period's report as it stands, returned
// and not filed — no ledger entry, no stored report, no invoice marked reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, paymentEvent, DEMO_MERCHANT } from '../support/platform-harness.js';

const FILE = 'mutation($p: String!, $v: Boolean) { fileTaxReport(period: $p, preview: $v) { id preview version previous { id } lines { rate count net tax } invoiceCount net tax coveredRoot coveredIndexes ledgerIndex filedAt } }';
interface Shown { id: string; preview: boolean; version: number; lines: unknown[]; invoiceCount: number; net: string; tax: string; coveredRoot: string; coveredIndexes: number[]; ledgerIndex: number | null; filedAt: string | null }

test('a preview is computed like the filing and files nothing', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const hook = await p.webhook(paymentEvent(p.clock, { amount: 10600 }));
  const applied = await p.gql<{ applyForInvoice: { id: string } }>('mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "甲" } }) { id } }', { t: (hook.body as { applyToken: string }).applyToken });
  const issued = await p.gql<{ issueInvoice: { id: string } }>('mutation($id: ID!) { issueInvoice(applicationId: $id) { id } }', { id: applied.data?.applyForInvoice.id }, DEMO_MERCHANT.apiKey);
  const invoiceId = issued.data?.issueInvoice.id as string;

  const ledgerBefore = p.platform.ledger.size();
  const reportsBefore = p.platform.db.prepare('SELECT count(*) FROM tax_reports').pluck().get();
  const preview = await p.gql<{ fileTaxReport: Shown }>(FILE, { p: '2026-11', v: true }, DEMO_MERCHANT.apiKey);
  assert.equal(preview.errors, undefined, JSON.stringify(preview.errors));
  const shown = preview.data?.fileTaxReport as Shown;
  assert.deepEqual([shown.id, shown.preview, shown.version, shown.ledgerIndex, shown.filedAt], ['preview:2026-11', true, 1, null, null]);
  assert.deepEqual(shown.lines, [{ rate: '6%', count: 1, net: '100.00', tax: '6.00' }]);
  assert.equal(p.platform.ledger.size(), ledgerBefore, 'no ledger entry');
  assert.equal(p.platform.db.prepare('SELECT count(*) FROM tax_reports').pluck().get(), reportsBefore, 'no stored report');
  assert.equal(p.platform.invoices.get(invoiceId)?.taxReported, false, 'no invoice marked reported');

  // the filing then computes the same report, and is the one that counts
  const filed = (await p.gql<{ fileTaxReport: Shown }>(FILE, { p: '2026-11' }, DEMO_MERCHANT.apiKey)).data?.fileTaxReport as Shown;
  assert.equal(filed.preview, false);
  assert.deepEqual([filed.lines, filed.invoiceCount, filed.net, filed.tax, filed.coveredRoot, filed.coveredIndexes], [shown.lines, shown.invoiceCount, shown.net, shown.tax, shown.coveredRoot, shown.coveredIndexes]);
  assert.notEqual(filed.ledgerIndex, null);
  // a preview after the filing shows what a correction would be: version 2
  const again = (await p.gql<{ fileTaxReport: Shown & { previous: { id: string } } }>(FILE, { p: '2026-11', v: true }, DEMO_MERCHANT.apiKey)).data?.fileTaxReport;
  assert.deepEqual([again?.version, again?.previous.id], [2, filed.id]);
});

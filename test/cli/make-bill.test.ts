// A demo day reconciles clean: payments and a refund arrive by webhook, invoices are issued
// (the refunded one reversed automatically: autoReverse via updateMerchant), the tax node's
// cosignature lands, `make-bill` writes the day's provider bill, and the reconciliation of the
// day finds nothing. make-bill runs in-process on the platform's data folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runMakeBill } from '../../src/cli/make-bill-command.js';
import { cosignCheckpoint } from '../../src/ledger/index.js';
import { parseTradeBill, reconcileDay, type BillRow } from '../../src/reconciliation/index.js';
import { billPath } from '../../src/storage/fs/bill-store.js';
import { demoSigner } from '../support/ledger-fixture.js';
import { startTestPlatform, paymentEvent, refundEvent, DEMO_MERCHANT, type TestPlatform } from '../support/platform-harness.js';

const DAY = '2026-11-21'; // the harness clock: 10:00 Beijing time on this day

async function paidAndInvoiced(p: TestPlatform, amount: number): Promise<string> {
  const event = paymentEvent(p.clock, { amount });
  const hook = await p.webhook(event);
  assert.equal(hook.status, 200);
  const applied = await p.gql<{ applyForInvoice: { status: string } }>(
    'mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "甲" } }) { status } }', { t: (hook.body as { applyToken: string }).applyToken },
  );
  assert.equal(applied.data?.applyForInvoice.status, 'ISSUED', JSON.stringify(applied.errors));
  return (event['data'] as { paymentId: string }).paymentId;
}

function run(argv: string[]): { status: number; out: string; err: string } {
  let out = '';
  let err = '';
  const status = runMakeBill(argv, { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`) }, {});
  return { status, out, err };
}

test('payments → make-bill → reconcile: a demo day comes out clean', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const settings = await p.gql('mutation { updateMerchant(input: { autoIssue: true, autoReverse: true }) { id } }', {}, DEMO_MERCHANT.apiKey);
  assert.equal(settings.errors, undefined, JSON.stringify(settings.errors));
  await paidAndInvoiced(p, 12800);
  const refunded = await paidAndInvoiced(p, 5000);
  p.clock.advance(60_000);
  assert.equal((await p.webhook(refundEvent(p.clock, refunded, 1000, 'rf_demo'))).status, 200);
  const cp = p.platform.ledger.seal();
  assert.ok(cp);
  p.platform.ledger.attachCosignature(cp.size, cosignCheckpoint(cp.note.slice(0, cp.note.indexOf('\n\n') + 1), demoSigner('tax-node-witness'), Math.floor(p.clock.now().getTime() / 1000)).line);

  const made = run(['--date', DAY, '--data', p.dir]);
  assert.equal(made.status, 0, made.err);
  assert.match(made.out, new RegExp(`bill for ${DEMO_MERCHANT.id} on ${DAY}: 3 rows`, 'u'));
  const bill: BillRow[] = [];
  for await (const row of parseTradeBill(readFileSync(billPath(p.billsDir, DEMO_MERCHANT.id, DAY), 'utf8').split(/\r?\n/u))) bill.push(row);
  assert.deepEqual(bill.map((r) => [r.status, r.amount, r.refundAmount]), [['SUCCESS', 12800, 0], ['SUCCESS', 5000, 0], ['REFUND', 0, 1000]]);
  assert.equal(bill[0]?.time, `${DAY} 10:00:00`, 'the bill prints Beijing time');

  const result = await reconcileDay(p.reconcileDeps, DAY);
  assert.equal(result.held, false);
  if (result.held) return;
  const differences = result.reports.flatMap((r) => p.reconcileDeps.store.differences(r.id, 0, 100));
  assert.deepEqual(differences, []);
  assert.deepEqual(result.reports.map((r) => r.status), ['CLEAN', 'CLEAN']);
});

test('make-bill: a day without payments writes nothing; a bad date is usage (exit 2)', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const empty = run(['--date', '2026-11-20', '--data', p.dir]);
  assert.equal(empty.status, 0, empty.err);
  assert.match(empty.out, /no payments on 2026-11-20; no bill written/u);
  const bad = run(['--date', '2026-02-30', '--data', p.dir]);
  assert.equal(bad.status, 2);
  assert.match(bad.err, /not a calendar date/u);
});

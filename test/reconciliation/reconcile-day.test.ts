// The nightly job on a real platform: each difference type from its own situation, a clean
// day, a row edited behind the ledger's back, two runners at once, catch-up of missed days.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { cosignCheckpoint, signCheckpoint } from '../../src/ledger/index.js';
import { catchUpReconciliation } from '../../src/jobs/reconcile-schedule.js';
import { openPlatform, readApplyTokenSecret } from '../../src/platform/platform.js';
import { createReconcileDeps } from '../../src/platform/reconcile-deps.js';
import { FIXTURES_DIR } from '../../src/config.js';
import { formatTradeBill, reconcileDay, type Difference, type ReconcileDeps } from '../../src/reconciliation/index.js';

import { demoSigner } from '../support/ledger-fixture.js';
import { startTestPlatform, paymentEvent, refundEvent, DEMO_MERCHANT, type TestPlatform } from '../support/platform-harness.js';
import { ROOT } from '../support/process.js';
import { HttpTaxNodeClient } from '../../src/http/tax-node-client.js';
import { billPath } from '../../src/storage/fs/bill-store.js';

const DAY = '2026-11-21'; // the harness clock: 10:00 Beijing time on this day
type Bill = Parameters<typeof formatTradeBill>[0];

function writeBill(p: TestPlatform, rows: Bill, merchantId = DEMO_MERCHANT.id): void {
  const file = billPath(p.billsDir, merchantId, DAY);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, formatTradeBill(rows));
}

async function pay(p: TestPlatform, amount: number): Promise<{ provider: string; paymentId: string; token: string }> {
  const event = paymentEvent(p.clock, { amount });
  const hook = await p.webhook(event);
  assert.equal(hook.status, 200);
  const body = hook.body as { paymentId: string; applyToken: string };
  return { provider: (event['data'] as { paymentId: string }).paymentId, paymentId: body.paymentId, token: body.applyToken };
}

async function invoice(p: TestPlatform, token: string): Promise<string> {
  const applied = await p.gql<{ applyForInvoice: { id: string } }>('mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "甲" } }) { id } }', { t: token });
  const id = applied.data?.applyForInvoice.id as string;
  await p.gql('mutation($id: ID!) { issueInvoice(applicationId: $id) { id } }', { id }, DEMO_MERCHANT.apiKey);
  return id;
}

/** Seals the day's entries and cosigns the checkpoint as the tax node would. */
function sealAndCosign(p: TestPlatform): void {
  const cp = p.platform.ledger.seal();
  if (!cp) return;
  p.platform.ledger.attachCosignature(cp.size, cosignCheckpoint(cp.note.slice(0, cp.note.indexOf('\n\n') + 1), demoSigner('tax-node-witness'), Math.floor(p.clock.ms / 1000)).line);
}

async function run(p: TestPlatform, deps: ReconcileDeps = p.reconcileDeps) {
  const result = await reconcileDay(deps, DAY);
  assert.equal(result.held, false);
  if (result.held) throw new Error('held');
  const all = new Map<string, Difference[]>();
  for (const r of result.reports) all.set(r.scope, deps.store.differences(r.id, 0, 1000));
  return { reports: result.reports, merchant: all.get(DEMO_MERCHANT.id) ?? [], platformWide: all.get('*') ?? [] };
}

const types = (ds: Difference[]): string[] => [...new Set(ds.map((d) => d.type))].sort();

test('a clean day reports zero differences', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const a = await pay(p, 12800);
  const b = await pay(p, 5000);
  await invoice(p, a.token);
  await invoice(p, b.token);
  assert.equal((await p.webhook(refundEvent(p.clock, b.provider, 1000, 'rf_clean'))).status, 200);
  // a refunded invoice is reversed and the remainder re-issued by hand: nothing left owed
  const inv = p.platform.invoices.activeForPayment(b.paymentId);
  await p.gql('mutation($id: ID!) { reverseInvoice(invoiceId: $id, reason: SALES_RETURN) { blue { id } } }', { id: inv?.id }, DEMO_MERCHANT.apiKey);
  // re-invoicing a reversed payment is the merchant's act (the payer's token applies once: issue 10, finding 6)
  const again = await p.gql<{ applyForInvoice: { id: string } }>('mutation($p: ID!) { applyForInvoice(input: { paymentId: $p, buyer: { type: INDIVIDUAL, name: "甲" } }) { id } }', { p: b.paymentId }, DEMO_MERCHANT.apiKey);
  await p.gql('mutation($id: ID!) { issueInvoice(applicationId: $id) { id } }', { id: again.data?.applyForInvoice.id }, DEMO_MERCHANT.apiKey);
  sealAndCosign(p);
  writeBill(p, [
    { time: `${DAY} 10:00:00`, paymentId: a.provider, status: 'SUCCESS', amount: 12800 },
    { time: `${DAY} 10:00:00`, paymentId: b.provider, status: 'SUCCESS', amount: 5000 },
    { time: `${DAY} 10:00:00`, paymentId: b.provider, status: 'REFUND', amount: 0, refundId: 'rf_clean', refundAmount: 1000 },
  ]);
  const r = await run(p);
  assert.deepEqual(r.merchant, []);
  assert.deepEqual(r.platformWide, []);
  assert.deepEqual(r.reports.map((x) => x.status), ['CLEAN', 'CLEAN']);
  const counts = r.reports[0]?.counts ?? {};
  assert.deepEqual([counts['payments'], counts['paymentsFen'], counts['refunds'], counts['billPayments']], [2, 17800, 1, 2]);
});

test('each difference type is detected with its ids', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const inBillOnlyOurs = await pay(p, 1000); // PAYMENT_NOT_IN_BILL, UNINVOICED_PAYMENT (grace 0)
  const wrongAmount = await pay(p, 2000); // PAYMENT_AMOUNT_MISMATCH
  const refunded = await pay(p, 3000);
  await invoice(p, wrongAmount.token);
  await invoice(p, refunded.token);
  await p.webhook(refundEvent(p.clock, refunded.provider, 500, 'rf_ours_only')); // REFUND_NOT_IN_BILL, REVERSAL_MISSING
  await p.webhook(refundEvent(p.clock, refunded.provider, 700, 'rf_wrong')); // REFUND_AMOUNT_MISMATCH
  sealAndCosign(p);
  writeBill(p, [
    { time: `${DAY} 10:00:00`, paymentId: 'wx_lost_notification', status: 'SUCCESS', amount: 4200 }, // BILL_ONLY_PAYMENT
    { time: `${DAY} 10:00:00`, paymentId: wrongAmount.provider, status: 'SUCCESS', amount: 2100 },
    { time: `${DAY} 10:00:00`, paymentId: refunded.provider, status: 'SUCCESS', amount: 3000 },
    { time: `${DAY} 10:00:00`, paymentId: refunded.provider, status: 'REFUND', amount: 0, refundId: 'rf_wrong', refundAmount: 800 },
    { time: `${DAY} 10:00:00`, paymentId: refunded.provider, status: 'REFUND', amount: 0, refundId: 'rf_bill_only', refundAmount: 100 }, // BILL_ONLY_REFUND
  ]);
  const r = await run(p);
  assert.deepEqual(types(r.merchant), [
    'BILL_ONLY_PAYMENT', 'BILL_ONLY_REFUND', 'PAYMENT_AMOUNT_MISMATCH', 'PAYMENT_NOT_IN_BILL', 'REFUND_AMOUNT_MISMATCH', 'REFUND_NOT_IN_BILL', 'REVERSAL_MISSING', 'UNINVOICED_PAYMENT',
  ]);
  const by = (type: string) => r.merchant.filter((d) => d.type === type).map((d) => d.ids);
  assert.deepEqual(by('BILL_ONLY_PAYMENT'), [{ providerPaymentId: 'wx_lost_notification', billLine: 2 }]);
  assert.deepEqual(by('PAYMENT_NOT_IN_BILL'), [{ paymentId: inBillOnlyOurs.paymentId, providerPaymentId: inBillOnlyOurs.provider }]);
  assert.deepEqual(by('PAYMENT_AMOUNT_MISMATCH'), [{ paymentId: wrongAmount.paymentId, providerPaymentId: wrongAmount.provider, billLine: 3 }]);
  assert.equal(by('REFUND_NOT_IN_BILL')[0]?.['providerRefundId'], 'rf_ours_only');
  assert.equal(by('REFUND_AMOUNT_MISMATCH')[0]?.['providerRefundId'], 'rf_wrong');
  assert.equal(by('BILL_ONLY_REFUND')[0]?.['providerRefundId'], 'rf_bill_only');
  assert.equal(by('REVERSAL_MISSING')[0]?.['paymentId'], refunded.paymentId);
  assert.deepEqual(by('UNINVOICED_PAYMENT').map((ids) => ids['paymentId']), [inBillOnlyOurs.paymentId]);
  assert.equal(r.merchant.find((d) => d.type === 'UNINVOICED_PAYMENT')?.severity, 'INFO');
  assert.equal(r.reports[0]?.status, 'DIFFERENCES');
});

test('a row edited directly in SQLite is caught as a projection mismatch (and its amount check)', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const a = await pay(p, 12800);
  const invoiceId = await invoice(p, a.token);
  sealAndCosign(p);
  writeBill(p, [{ time: `${DAY} 10:00:00`, paymentId: a.provider, status: 'SUCCESS', amount: 12800 }]);
  p.platform.db.prepare('UPDATE invoices SET gross = 1280 WHERE id = ?').run(invoiceId);
  const r = await run(p);
  assert.deepEqual(types(r.merchant), ['INVOICE_AMOUNT_MISMATCH', 'PROJECTION_MISMATCH']);
  assert.deepEqual(r.merchant.find((d) => d.type === 'PROJECTION_MISMATCH')?.ids, { invoiceId, field: 'gross' });
  assert.deepEqual(types(r.platformWide), ['PROJECTION_MISMATCH']);
});

test('ledger integrity and the tax node: a tampered entry, a bad checkpoint, no cosignature, an unreachable node', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  await pay(p, 100);
  await pay(p, 200);
  p.platform.ledger.seal();
  for (const name of p.platform.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]) p.platform.db.exec(`DROP TRIGGER ${name}`);
  const data = p.platform.db.prepare('SELECT leaf_data FROM ledger_entries WHERE idx = 1').pluck().get() as Buffer;
  data[10] = (data[10] ?? 0) ^ 1;
  p.platform.db.prepare('UPDATE ledger_entries SET leaf_data = ? WHERE idx = 1').run(data);
  const signer = demoSigner('platform-ledger');
  p.platform.db.prepare('UPDATE ledger_checkpoints SET note = ?, root = ? WHERE size = 2').run(signCheckpoint({ origin: signer.name, size: 2, root: new Uint8Array(32).fill(3) }, signer), Buffer.alloc(32, 3));
  const r = await run(p, { ...p.reconcileDeps, taxNode: new HttpTaxNodeClient('http://127.0.0.1:9') });
  assert.deepEqual(types(r.platformWide), ['CHECKPOINT_INVALID', 'LEAF_HASH_MISMATCH', 'PROJECTION_MISMATCH', 'TAX_NODE_NOT_COSIGNED', 'TAX_NODE_UNREACHABLE']);
  assert.deepEqual(r.platformWide.find((d) => d.type === 'LEAF_HASH_MISMATCH')?.ids, { ledgerIndex: 1 });
  assert.deepEqual(r.platformWide.find((d) => d.type === 'CHECKPOINT_INVALID')?.ids, { checkpointSize: 2 });
});

test('a bill that does not parse, and a missing bill, are reported as such', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  await pay(p, 100);
  const r1 = await run(p);
  assert.deepEqual(types(r1.merchant), ['BILL_MISSING', 'UNINVOICED_PAYMENT']);
  mkdirSync(path.dirname(billPath(p.billsDir, DEMO_MERCHANT.id, DAY)), { recursive: true });
  writeFileSync(billPath(p.billsDir, DEMO_MERCHANT.id, DAY), formatTradeBill([{ time: `${DAY} 10:00:00`, paymentId: 'x', status: 'SUCCESS', amount: 100 }]).replace('`1,`1.00', '`7,`1.00'));
  const r2 = await run(p);
  const malformed = r2.merchant.find((d) => d.type === 'BILL_MALFORMED');
  assert.deepEqual(malformed?.ids, { line: 4, file: `${DAY}.csv` });
  assert.deepEqual([r1.reports[0]?.version, r2.reports[0]?.version], [1, 2], 'a rerun is a new version; the old one stays');
});

test('two runners at once on one database: one runs, the other is told the day is held', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  await pay(p, 100);
  const second = openPlatform({ ...p.platform.options, databaseFile: path.join(p.dir, 'platform.db'), applyTokenSecret: readApplyTokenSecret(path.join(FIXTURES_DIR, 'demo', 'apply-token.secret')) });
  t.after(() => second.close());
  const other = { ...createReconcileDeps(second, { billsDir: p.billsDir, invoiceGraceDays: 0, taxNodeUrl: undefined }), holder: 'the-other-instance' };
  const results = await Promise.all([reconcileDay(p.reconcileDeps, DAY), reconcileDay(other, DAY)]);
  assert.deepEqual(results.map((x) => x.held).sort(), [false, true]);
  // the lease is released after the run: the other instance can rerun the day (a new version)
  const rerun = await reconcileDay(other, DAY);
  assert.equal(rerun.held, false);
  assert.equal(rerun.held === false && rerun.reports[0]?.version, 2);
});

test('days missed while the service was down are caught up on start', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const log = { info: () => undefined, warn: () => undefined, error: (o: object) => assert.fail(JSON.stringify(o)) };
  // never run: yesterday only
  assert.deepEqual(await catchUpReconciliation(p.reconcileDeps, 7, log), ['2026-11-20']);
  // four days later (the service was down): the three missed days, oldest first
  p.clock.advance(4 * 24 * 3600 * 1000);
  assert.deepEqual(await catchUpReconciliation(p.reconcileDeps, 7, log), ['2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24']);
  assert.deepEqual(await catchUpReconciliation(p.reconcileDeps, 7, log), []);
  p.clock.advance(30 * 24 * 3600 * 1000);
  assert.equal((await catchUpReconciliation(p.reconcileDeps, 7, log)).length, 7, 'at most RECONCILE_CATCHUP_DAYS');
});

test('over GraphQL: upload a bill, run a day on demand, read the report and its differences; the CLI exits 1 on differences', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const a = await pay(p, 12800);
  const bad = await p.gql('mutation($d: Date!, $c: String!) { uploadTradeBill(date: $d, content: $c) }', { d: DAY, c: 'not a bill' }, DEMO_MERCHANT.apiKey);
  assert.deepEqual([bad.errors?.[0]?.extensions?.code, bad.errors?.[0]?.extensions?.detail], ['BAD_USER_INPUT', 'BILL.MALFORMED']);
  const bill = formatTradeBill([{ time: `${DAY} 10:00:00`, paymentId: a.provider, status: 'SUCCESS', amount: 12900 }]);
  assert.equal((await p.gql('mutation($d: Date!, $c: String!) { uploadTradeBill(date: $d, content: $c) }', { d: DAY, c: bill }, DEMO_MERCHANT.apiKey)).data?.['uploadTradeBill'], true);
  const ran = await p.gql<{ runReconciliation: { held: boolean; reports: Array<{ id: string; merchantId: string | null; status: string; differences: { edges: Array<{ node: { type: string } }> } }> } }>(
    'mutation($d: Date!) { runReconciliation(date: $d) { held reports { id merchantId status differences { edges { node { type } } } } } }', { d: DAY }, DEMO_MERCHANT.apiKey,
  );
  const mine = ran.data?.runReconciliation.reports.find((x) => x.merchantId === DEMO_MERCHANT.id);
  assert.deepEqual(mine?.differences.edges.map((e) => e.node.type).sort(), ['PAYMENT_AMOUNT_MISMATCH', 'UNINVOICED_PAYMENT']);
  const listed = await p.gql<{ reconciliationReports: { edges: Array<{ node: { merchantId: string } }> } }>(`{ reconciliationReports(dateFrom: "${DAY}", dateTo: "${DAY}") { edges { node { merchantId } } } }`, {}, DEMO_MERCHANT.apiKey);
  assert.deepEqual(listed.data?.reconciliationReports.edges.map((e) => e.node.merchantId), [DEMO_MERCHANT.id], 'a merchant sees only its own reports');
  assert.equal((await p.gql('{ reconciliationReports { edges { node { id } } } }', {}, null)).errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');

  // the CLI on the same data directory (its own process); the harness clock's day has differences
  const cli = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/reconcile.ts'), '--date', DAY], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATA_DIR: p.dir, BILLS_DIR: p.billsDir, INVOICE_GRACE_DAYS: '0' },
  });
  assert.equal(cli.status, 1, cli.stderr + cli.stdout);
  assert.match(cli.stdout, /Reconciliation of 2026-11-21/u);
  assert.match(cli.stdout, /m_demo\s+2\s+DIFFERENCES/u, "version 2: the GraphQL run was version 1");
  assert.match(cli.stdout, /PAYMENT_AMOUNT_MISMATCH/u);
});

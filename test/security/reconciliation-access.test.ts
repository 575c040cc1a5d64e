// runReconciliation through real HTTP: a merchant gets its own report only (a new version of
// it, never the platform-wide report, so never the catch-up watermark); platform-wide runs are
// ADMIN's; days in the future or before the ledger began are BAD_USER_INPUT; no answer names a
// server path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconcileDay } from '../../src/reconciliation/index.js';
import { MERCHANT_RECONCILIATIONS_PER_HOUR } from '../../src/platform/reconcile-deps.js';
import { startTestPlatform, paymentEvent, DEMO_MERCHANT, ADMIN_KEY, type TestPlatform } from '../support/platform-harness.js';
import { HttpTaxNodeClient } from '../../src/http/tax-node-client.js';

const DAY = '2026-11-21'; // the harness clock: 10:00 Beijing time on this day
const RUN = 'mutation($d: Date!, $m: ID) { runReconciliation(date: $d, merchantId: $m) { held reports { id merchantId version differences(first: 100) { edges { node { type ids detail } } } } } }';

interface Run { held: boolean; reports: Array<{ id: string; merchantId: string | null; version: number; differences: { edges: Array<{ node: { type: string; ids: string; detail: string } }> } }> }

/** A second merchant with a payment of the day, no bill, and an invoice row edited behind the ledger's back. */
async function otherTenant(p: TestPlatform): Promise<{ id: string; apiKey: string; paymentId: string }> {
  const reg = await p.gql<{ registerMerchant: { merchant: { id: string }; apiKey: string; webhookSecret: string } }>(
    'mutation { registerMerchant(input: { name: "B 商户", taxpayerId: "91310000MA2EMP01X3", region: "310000", autoIssue: true, defaultTaxRate: RATE_6, defaultTaxCode: "3040201010000000000" }) { merchant { id } apiKey webhookSecret } }',
    {}, ADMIN_KEY,
  );
  assert.ok(reg.data, JSON.stringify(reg.errors));
  const { merchant, apiKey, webhookSecret } = reg.data.registerMerchant;
  const hook = await p.webhook(paymentEvent(p.clock, { merchantId: merchant.id, amount: 4200 }), { secret: webhookSecret });
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
  const { paymentId, applyToken } = hook.body as { paymentId: string; applyToken: string };
  const applied = await p.gql('mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "乙" } }) { id } }', { t: applyToken });
  assert.equal(applied.errors, undefined, JSON.stringify(applied.errors));
  p.platform.db.prepare('UPDATE invoices SET gross = 1 WHERE merchant_id = ?').run(merchant.id);
  return { id: merchant.id, apiKey, paymentId };
}

function allText(run: Run | undefined | null): string {
  return JSON.stringify(run);
}

test("a merchant's run returns its own report only, writes only its own version, and never moves the watermark", async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const b = await otherTenant(p);
  assert.equal((await p.webhook(paymentEvent(p.clock, { amount: 100 }))).status, 200);

  const mine = await p.gql<{ runReconciliation: Run }>(RUN, { d: DAY }, DEMO_MERCHANT.apiKey);
  assert.equal(mine.errors, undefined, JSON.stringify(mine.errors));
  assert.deepEqual(mine.data?.runReconciliation.reports.map((r) => r.merchantId), [DEMO_MERCHANT.id], 'no platform-wide report, no other merchant');
  const text = allText(mine.data?.runReconciliation);
  for (const foreign of [b.id, b.paymentId]) assert.doesNotMatch(text, new RegExp(foreign, 'u'), `the other tenant's ${foreign} leaked`);
  assert.equal(p.reconcileDeps.store.lastReconciledDay(), null, 'the watermark did not move');
  const stored = p.platform.db.prepare('SELECT scope FROM reconciliation_reports').pluck().all();
  assert.deepEqual(stored, [DEMO_MERCHANT.id], 'only the merchant-scoped version was written');

  // B's own run shows B's differences (the edited row, the missing bill), still only B's report
  const theirs = await p.gql<{ runReconciliation: Run }>(RUN, { d: DAY }, b.apiKey);
  assert.deepEqual(theirs.data?.runReconciliation.reports.map((r) => r.merchantId), [b.id]);
  const types = theirs.data?.runReconciliation.reports[0]?.differences.edges.map((e) => e.node.type) ?? [];
  assert.ok(types.includes('PROJECTION_MISMATCH') && types.includes('BILL_MISSING'), types.join());
  assert.doesNotMatch(allText(theirs.data?.runReconciliation), new RegExp(DEMO_MERCHANT.id, 'u'));

  // asking for another merchant is NOT_FOUND; the platform-wide run is ADMIN's
  const other = await p.gql(RUN, { d: DAY, m: b.id }, DEMO_MERCHANT.apiKey);
  assert.equal(other.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  const admin = await p.gql<{ runReconciliation: Run }>(RUN, { d: DAY }, ADMIN_KEY);
  assert.equal(admin.errors, undefined, JSON.stringify(admin.errors));
  assert.deepEqual(admin.data?.runReconciliation.reports.map((r) => r.merchantId).sort(), [b.id, DEMO_MERCHANT.id, null].sort());
  assert.equal(p.reconcileDeps.store.lastReconciledDay(), null, "ADMIN's platform-wide run of today saw part of the day: no watermark yet");
  p.clock.advance(24 * 3600_000);
  assert.equal((await p.gql(RUN, { d: DAY }, ADMIN_KEY)).errors, undefined);
  assert.equal(p.reconcileDeps.store.lastReconciledDay(), DAY, 'a platform-wide run after the day ended moves the watermark');
  // the merchant's listing never includes the platform-wide report
  const listed = await p.gql<{ reconciliationReports: { edges: Array<{ node: { merchantId: string | null } }> } }>('{ reconciliationReports { edges { node { merchantId } } } }', {}, DEMO_MERCHANT.apiKey);
  assert.deepEqual([...new Set(listed.data?.reconciliationReports.edges.map((e) => e.node.merchantId))], [DEMO_MERCHANT.id]);
});

test('days in the future or before the ledger began are BAD_USER_INPUT for everyone, and change nothing', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  assert.equal((await p.webhook(paymentEvent(p.clock, { amount: 100 }))).status, 200);
  for (const key of [DEMO_MERCHANT.apiKey, ADMIN_KEY]) {
    for (const day of ['9999-12-31', '2026-11-22', '2026-11-20', '2000-01-01']) {
      const r = await p.gql(RUN, { d: day }, key);
      assert.equal(r.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `${day}: ${JSON.stringify(r.errors)}`);
      assert.equal(r.errors?.[0]?.extensions?.detail, 'RECONCILIATION.BAD_DATE');
    }
  }
  assert.equal(p.platform.db.prepare('SELECT count(*) FROM reconciliation_reports').pluck().get(), 0, 'no report was written');
  assert.equal(p.reconcileDeps.store.lastReconciledDay(), null, 'the watermark did not move');
  // today (Beijing) and the ledger's first day are fine
  assert.equal((await p.gql(RUN, { d: DAY }, DEMO_MERCHANT.apiKey)).errors, undefined);
});

test('a missing bill is named by merchant and day: no answer carries a server path', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  assert.equal((await p.webhook(paymentEvent(p.clock, { amount: 100 }))).status, 200);
  const run = await p.gql<{ runReconciliation: Run }>(RUN, { d: DAY }, ADMIN_KEY);
  const missing = run.data?.runReconciliation.reports.flatMap((r) => r.differences.edges.map((e) => e.node)).find((d) => d.type === 'BILL_MISSING');
  assert.ok(missing, JSON.stringify(run));
  assert.deepEqual(JSON.parse(missing.ids), { merchantId: DEMO_MERCHANT.id, day: DAY });
  assert.match(missing.detail, new RegExp(DAY, 'u'));
  const text = allText(run.data?.runReconciliation);
  assert.equal(text.includes(p.dir), false, 'the data directory leaked');
  assert.equal(text.includes(p.billsDir), false, 'the bills directory leaked');
  assert.doesNotMatch(text, /\.csv|\/tmp\//u);
});

test('an unreachable tax node is reported in words of our own, not with the error text or its address', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  assert.equal((await p.webhook(paymentEvent(p.clock, { amount: 100 }))).status, 200);
  p.platform.ledger.seal();
  const result = await reconcileDay({ ...p.reconcileDeps, taxNode: new HttpTaxNodeClient('http://127.0.0.1:9') }, DAY);
  assert.equal(result.held, false);
  const platformWide = result.held ? undefined : result.reports.find((r) => r.scope === '*');
  const unreachable = p.reconcileDeps.store.differences(platformWide?.id as string, 0, 100).find((d) => d.type === 'TAX_NODE_UNREACHABLE');
  assert.equal(unreachable?.detail, 'the tax node could not be asked: it could not be reached');
});

test("a merchant's on-demand runs are rationed (each replays the whole ledger); ADMIN's are not", async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  assert.equal((await p.webhook(paymentEvent(p.clock, { amount: 100 }))).status, 200);
  for (let i = 1; i <= MERCHANT_RECONCILIATIONS_PER_HOUR; i++) assert.equal((await p.gql(RUN, { d: DAY }, DEMO_MERCHANT.apiKey)).errors, undefined, `run ${i}`);
  const refused = await p.gql(RUN, { d: DAY }, DEMO_MERCHANT.apiKey);
  assert.equal(refused.errors?.[0]?.extensions?.code, 'RATE_LIMITED');
  assert.equal(refused.errors?.[0]?.extensions?.detail, 'RECONCILIATION.RATE_LIMITED');
  assert.ok(((refused.errors?.[0]?.extensions as { retryAfterSeconds?: number }).retryAfterSeconds ?? 0) >= 1);
  assert.equal((await p.gql(RUN, { d: DAY }, ADMIN_KEY)).errors, undefined);
  p.clock.advance(2 * 3600_000);
  assert.equal((await p.gql(RUN, { d: '2026-11-21' }, DEMO_MERCHANT.apiKey)).errors, undefined, 'the budget comes back');
});

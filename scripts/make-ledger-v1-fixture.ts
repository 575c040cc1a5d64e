// `npx tsx scripts/make-ledger-v1-fixture.ts [OUT_DIR]`: writes test/fixtures/ledger-v1/, a
// ledger produced by the platform's own services (webhook ingestion, apply, issue, refund,
// reversal, reimbursement, tax report) before ledger entries had types (issue 11, item 1).
//
// Run once: the committed fixture is the frozen output of that code, the evidence that the v1
// bytes never change. Tests read it and never regenerate it; re-running this script against
// later code is only a way to inspect what that code would write (ids and times are fixed, so
// a diff shows exactly which bytes moved).
//
// Output (text only, independent of the SQLite file format):
//   ledger.json      every leaf's bytes (base64, exactly as stored) with its leaf hash, every
//                    checkpoint note and its tax-node cosignature lines, and the verifier keys;
//   projections.json the platform's rows at the end (payments, refunds, invoices, lines,
//                    claims, tax reports), as today's code wrote them.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerMerchant, type Principal } from '../src/access/index.js';
import { FIXTURES_DIR } from '../src/config.js';
import { applyForInvoice, confirmReversal, issueInvoice, reverseInvoice } from '../src/invoices/index.js';
import { formatVerifierKey, parseSignerKey, toBase64, type NoteSigner } from '../src/ledger/index.js';
import { ingestWebhook, signWebhook } from '../src/payments/index.js';
import { webhookAnswer } from '../src/http/webhook-route.js';
import { loadDemoFixtures } from '../src/platform/demo-fixtures.js';
import { openPlatform, readApplyTokenSecret, type Platform } from '../src/platform/platform.js';
import { approveReimbursements, claimReimbursement, rejectReimbursement } from '../src/reimbursement/index.js';
import type { IdGenerator } from '../src/shared/ids.js';
import { MIRROR_SCHEMA, TAX_NODE_SCHEMA, inTransaction, openDatabase } from '../src/storage/sqlite/database.js';
import { createSqliteLedgerStore } from '../src/storage/sqlite/ledger-store.js';
import { createSqliteMirrorIndexStore, createSqliteTaxNodeStore } from '../src/storage/sqlite/tax-stores.js';
import { fileTaxReport } from '../src/tax-report/index.js';
import { acceptBlock, catchUpIndex, verifyTaxReport, type AcceptDeps, type FollowedLedger } from '../src/witness/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.resolve(process.argv[2] ?? path.join(ROOT, 'test', 'fixtures', 'ledger-v1'));
const KEYS = path.join(ROOT, 'fixtures', 'keys');
const BUYER = '91440300MA5BUYER26';

const signer = (name: string): NoteSigner => parseSignerKey(readFileSync(path.join(KEYS, `${name}.key`), 'utf8'));

class StepClock {
  constructor(public ms = Date.parse('2026-11-21T02:00:00.000Z')) {}
  now(): Date {
    return new Date(this.ms);
  }
  tick(seconds = 7): void {
    this.ms += seconds * 1000;
  }
}

/** Fixed, readable ids (`pay_000007`): the fixture is the same whenever it is regenerated. */
function countingIds(): IdGenerator {
  let n = 0;
  return { next: (prefix) => `${prefix}_${String((n += 1)).padStart(6, '0')}` };
}

const work = mkdtempSync(path.join(tmpdir(), 'ledger-v1-fixture-'));
const clock = new StepClock();
const platformSigner = signer('platform-ledger');
const witness = signer('tax-node-witness');
const platform: Platform = openPlatform({
  databaseFile: path.join(work, 'platform.db'), signer: platformSigner, witnesses: [witness.verifierKey], clock, ids: countingIds(),
  applyTokenSecret: readApplyTokenSecret(path.join(FIXTURES_DIR, 'demo', 'apply-token.secret')), publicUrl: 'http://127.0.0.1:4000',
  blockMaxEntries: 1000, blockIntervalMs: 500, webhookToleranceSeconds: 300, webhookSecretOverlapSeconds: 3600, adminBootstrapKey: undefined,
});
loadDemoFixtures(platform, path.join(FIXTURES_DIR, 'demo', 'platform.json'));
const demo = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'demo', 'platform.json'), 'utf8')) as { merchants: Array<{ id: string; webhookSecret: string }> };
const demoMerchant = demo.merchants[0] as { id: string; webhookSecret: string };
const auto = registerMerchant(
  { merchants: platform.merchants, keys: platform.keys, ids: platform.ids, clock, uow: platform.uow },
  { role: 'ADMIN', keyId: 'key_fixture' },
  { name: '自动冲红测试商户', taxpayerId: '91110000MA01TAX03K', region: '110000', autoIssue: true, autoReverse: true, defaultTaxRate: '13%', defaultTaxCode: '1090101010000000000' },
  { id: 'm_auto', secret: 'whsec_fixture_auto_merchant_secret_0000000000' },
);

const merchantOf = (id: string): Principal => ({ role: 'MERCHANT', keyId: 'key_fixture', merchantId: id });
const financeOf = (employerId: string): Extract<Principal, { role: 'FINANCE' }> => ({ role: 'FINANCE', keyId: 'key_fixture', employerId });
const employeeOf = (personId: string): Extract<Principal, { role: 'EMPLOYEE' }> => ({ role: 'EMPLOYEE', keyId: 'key_fixture', employerId: BUYER, personId });

let events = 0;
function webhook(merchantId: string, secret: string, body: Record<string, unknown>): Record<string, unknown> {
  clock.tick();
  events += 1;
  const raw = JSON.stringify({ id: `evt_fixture_${events}`, created: Math.floor(clock.ms / 1000), merchantId, ...body });
  const header = signWebhook({ secret, rawBody: raw, timestamp: Math.floor(clock.ms / 1000) });
  return webhookAnswer(platform.ingestDeps, ingestWebhook(platform.ingestDeps, { merchantId, rawBody: new TextEncoder().encode(raw), signatureHeader: header }));
}
const pay = (merchantId: string, secret: string, providerId: string, amount: number, items?: unknown[]): Record<string, unknown> =>
  webhook(merchantId, secret, { type: 'payment.succeeded', data: { paymentId: providerId, amount, currency: 'CNY', paidAt: clock.now().toISOString(), description: '咖啡 coffee', ...(items ? { items } : {}) } });
const refund = (merchantId: string, secret: string, providerId: string, refundId: string, amount: number): Record<string, unknown> =>
  webhook(merchantId, secret, { type: 'payment.refunded', data: { paymentId: providerId, refundId, amount } });
const step = <T>(fn: () => T): T => {
  clock.tick();
  return fn();
};
const org = { type: 'ORGANIZATION' as const, name: '深圳买方科技有限公司', taxpayerId: BUYER, email: 'finance@buyer.example' };

// 1. a payment without items, applied for by the payer with the token, issued by the merchant
const a = pay(demoMerchant.id, demoMerchant.webhookSecret, 'wx_fixture_a', 12800);
const invA = step(() => applyForInvoice(platform.invoiceDeps, null, { applyToken: a['applyToken'] as string, buyer: org }));
step(() => issueInvoice(platform.invoiceDeps, merchantOf(demoMerchant.id), invA.id));
platform.ledger.seal();

// 2. a payment with items, applied for by the merchant for an individual, issued; a partial
// refund makes a reversal owed (no autoReverse), the merchant reverses it
const items = [
  { name: '笔', quantity: 2, unitPrice: 3200, taxRate: '13%', taxCode: '1060512990000000000' },
  { name: '纸', quantity: '1.5', unitPrice: 4000, taxRate: '13%', taxCode: '1060512990000000000' },
];
const b = pay(demoMerchant.id, demoMerchant.webhookSecret, 'wx_fixture_b', 12400, items);
const invB = step(() => applyForInvoice(platform.invoiceDeps, merchantOf(demoMerchant.id), { paymentId: b['paymentId'] as string, buyer: { type: 'INDIVIDUAL', name: '张三' } }));
step(() => issueInvoice(platform.invoiceDeps, merchantOf(demoMerchant.id), invB.id));
refund(demoMerchant.id, demoMerchant.webhookSecret, 'wx_fixture_b', 'rf_fixture_b', 3000);
step(() => reverseInvoice(platform.invoiceDeps, merchantOf(demoMerchant.id), invB.id, 'SALES_RETURN'));
platform.ledger.seal();

// 3. reimbursement of invoice A: claim, reject (unlocked), claim again, approve (closed); then
// a reversal needs the buyer's confirmation (confirmedBy on the entry)
const c1 = step(() => claimReimbursement(platform.reimbursementDeps, employeeOf('emp_fixture_alice'), { invoiceNumber: platform.invoices.get(invA.id)?.number as string, issueDate: '2026-11-21', totalAmount: 12800 }));
step(() => rejectReimbursement(platform.reimbursementDeps, financeOf(BUYER), c1.id, '发票抬头与报销单不符'));
const c2 = step(() => claimReimbursement(platform.reimbursementDeps, employeeOf('emp_fixture_bob'), { invoiceNumber: platform.invoices.get(invA.id)?.number as string, issueDate: '2026-11-21', totalAmount: 12800 }));
step(() => approveReimbursements(platform.reimbursementDeps, financeOf(BUYER), [c2.id]));

// 4. a merchant with autoIssue and autoReverse: applying issues at once (SYSTEM), a partial
// refund reverses in the refund's transaction and reissues a blue invoice for the remainder
const c = pay(auto.merchant.id, auto.webhookSecret, 'wx_fixture_c', 11300);
step(() => applyForInvoice(platform.invoiceDeps, null, { applyToken: c['applyToken'] as string, buyer: org }));
refund(auto.merchant.id, auto.webhookSecret, 'wx_fixture_c', 'rf_fixture_c', 3390);
platform.ledger.seal();

// 5. an application never issued, and a payment refunded in full without an invoice
const d = pay(demoMerchant.id, demoMerchant.webhookSecret, 'wx_fixture_d', 990);
step(() => applyForInvoice(platform.invoiceDeps, null, { applyToken: d['applyToken'] as string, buyer: { type: 'INDIVIDUAL', name: '李四', taxpayerId: null, email: null } }));
pay(demoMerchant.id, demoMerchant.webhookSecret, 'wx_fixture_e', 5000);
refund(demoMerchant.id, demoMerchant.webhookSecret, 'wx_fixture_e', 'rf_fixture_e', 5000);

// 6. the period's tax report, then the reimbursed invoice reversed with the buyer's
// confirmation, and the correction (version 2, previous set)
step(() => fileTaxReport(platform.taxReportDeps, merchantOf(demoMerchant.id), '2026-11', false));
step(() => reverseInvoice(platform.invoiceDeps, merchantOf(demoMerchant.id), invA.id, 'ISSUE_ERROR'));
step(() => confirmReversal(platform.invoiceDeps, financeOf(BUYER), invA.id));
step(() => fileTaxReport(platform.taxReportDeps, merchantOf(demoMerchant.id), '2026-11', true));
step(() => fileTaxReport(platform.taxReportDeps, merchantOf(auto.merchant.id), '2026-Q4', false));
platform.ledger.seal();

// the tax node's code, in process: accept every sealed block and cosign it
const mirrorDb = openDatabase(path.join(work, 'mirror.db'), { schema: MIRROR_SCHEMA });
const nodeDb = openDatabase(path.join(work, 'tax-node.db'), { schema: TAX_NODE_SCHEMA });
const followed: FollowedLedger = {
  origin: platformSigner.name, logKey: platformSigner.verifierKey, platformUrl: null,
  mirror: { origin: platformSigner.name, ledger: createSqliteLedgerStore(mirrorDb), index: createSqliteMirrorIndexStore(mirrorDb) },
  transaction: (fn) => inTransaction(mirrorDb, fn),
};
const acceptDeps: AcceptDeps = { followed: new Map([[platformSigner.name, followed]]), witness, store: createSqliteTaxNodeStore(nodeDb), clock, ids: countingIds() };
const store = createSqliteLedgerStore(platform.db);
let from = 0;
for (const cp of store.checkpointsAfter(0, 1000)) {
  clock.tick(1);
  const outcome = acceptBlock(acceptDeps, { origin: platformSigner.name, checkpoint: cp.note, firstIndex: from, leaves: [...store.entries(from, cp.size)].map((e) => e.data) });
  if (outcome.kind !== 'accepted') throw new Error(`the tax node refused the block ending at ${cp.size}: ${JSON.stringify(outcome)}`);
  platform.ledger.attachCosignature(cp.size, outcome.cosignature);
  from = cp.size;
}

const size = store.size();
const types = new Map<string, number>();
const entries = [...store.entries(0, size)].map((e) => {
  const type = (JSON.parse(Buffer.from(e.data).toString('utf8')) as { type: string }).type;
  types.set(type, (types.get(type) ?? 0) + 1);
  return { index: e.index, type, leafData: toBase64(e.data), leafHash: toBase64(e.leafHash) };
});
const checkpoints = store.checkpointsAfter(0, 1000).map((cp) => ({
  size: cp.size, root: toBase64(cp.root), note: cp.note, signedAt: cp.signedAt, cosignatures: store.cosignatures(cp.size).map((c) => c.line),
}));
const ledgerJson = {
  _comment: 'Frozen output of the platform before typed ledger events (issue 11 item 1), made by scripts/make-ledger-v1-fixture.ts. Never regenerate: these are the v1 bytes.',
  origin: platformSigner.name,
  verifierKeys: { platform: formatVerifierKey(platformSigner.verifierKey), taxNodeWitness: formatVerifierKey(witness.verifierKey) },
  size,
  entryTypes: Object.fromEntries([...types].sort()),
  entries,
  checkpoints,
};

// projections exactly as today's code stored them (blobs as base64)
const rows = (sql: string): unknown[] => (platform.db.prepare(sql).all() as Array<Record<string, unknown>>).map((r) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Uint8Array ? toBase64(v) : v])));
const projections = {
  _comment: 'The platform\'s rows after the run that wrote ledger.json (today\'s code); a replay of the ledger must rebuild them.',
  payments: rows('SELECT id, merchant_id, payment_id, amount, refunded, currency, paid_at, description, items_json, ledger_index, created_at FROM payments ORDER BY seq'),
  refunds: rows('SELECT id, payment, refund_id, amount, ledger_index, created_at FROM refunds ORDER BY ledger_index'),
  invoices: rows(`SELECT id, merchant_id, payment, status, kind, buyer_type, buyer_name, buyer_taxpayer_id, number, issue_date, seller_name, seller_taxpayer_id,
    net, tax, gross, capital_amount, applied_index, issued_index, applied_at, issued_at, reverses, reversed_by, reversal_reason, reimbursement, tax_reported FROM invoices ORDER BY seq`),
  invoiceLines: rows('SELECT invoice, line_no, name, tax_code, quantity, unit_price, tax_rate, net, tax, gross FROM invoice_lines ORDER BY invoice, line_no'),
  reimbursementClaims: rows('SELECT id, invoice, employer_id, person_id, status, amount, reason, claimed_index, decided_index, created_at, decided_at FROM reimbursement_claims ORDER BY seq'),
  taxReports: rows('SELECT id, merchant_id, period, version, previous, rates_json, invoice_count, net, tax, covered_indexes, covered_root, as_of_index, ledger_index, filed_at FROM tax_reports ORDER BY seq'),
  // the tax node's indexes of the same ledger (src/witness/index-entries.ts) and its check of each report
  taxNode: (() => {
    catchUpIndex(followed, (index) => {
      throw new Error(`entry ${index} did not index`);
    });
    const mirrorRows = (sql: string): unknown[] => mirrorDb.prepare(sql).all();
    return {
      entries: mirrorRows('SELECT idx, type, subject_id, seller_taxpayer_id, buyer_taxpayer_id, day FROM tm_entries ORDER BY idx'),
      invoices: mirrorRows('SELECT invoice_id, number, kind, status, issue_date, seller_taxpayer_id, buyer_taxpayer_id, net, tax, gross, issued_index, last_index, reimbursement, tax_reported FROM tm_invoices ORDER BY issued_index'),
      invoiceRates: mirrorRows('SELECT invoice_id, rate, net, tax FROM tm_invoice_rates ORDER BY invoice_id, rate'),
      reportChecks: (platform.db.prepare('SELECT id FROM tax_reports ORDER BY seq').pluck().all() as string[]).map((id) => verifyTaxReport(acceptDeps.followed, id)),
    };
  })(),
};

mkdirSync(OUT, { recursive: true });
writeFileSync(path.join(OUT, 'ledger.json'), `${JSON.stringify(ledgerJson, null, 2)}\n`);
writeFileSync(path.join(OUT, 'projections.json'), `${JSON.stringify(projections, null, 2)}\n`);
mirrorDb.close();
nodeDb.close();
platform.close();
rmSync(work, { recursive: true, force: true });
console.log(`wrote ${OUT}: ${size} entries, ${checkpoints.length} checkpoints, types ${JSON.stringify(ledgerJson.entryTypes)}`);

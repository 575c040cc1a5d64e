// The rest of the invoice's life through real HTTP: red-letter reversal, reimbursement
// without double claims, and period tax reports checked by a tax node's copy of the ledger.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiKey } from '../../src/access/index.js';
import { checkProjections } from '../../src/storage/sqlite/projection-check.js';
import { randomIds } from '../../src/shared/ids.js';
import { createSqliteLedgerStore } from '../../src/storage/sqlite/ledger-store.js';
import { acceptBlock, catchUpIndex, verifyTaxReport } from '../../src/witness/index.js';
import { openMirror } from '../support/mirror.js';
import { demoSigner } from '../support/ledger-fixture.js';
import { startTestPlatform, paymentEvent, refundEvent, DEMO_MERCHANT, ADMIN_KEY, type TestPlatform } from '../support/platform-harness.js';

const BUYER = '91440300MA5BUYER26';
const OTHER_COMPANY = '91310000MA2EMP01X3';
const FIELDS = 'id status kind number issueDate gross net tax capitalAmount reimbursementStatus taxReported reversalReason reverses { id number } reversedBy { id number } lines { quantity net tax gross }';

interface Inv { id: string; status: string; kind: string; number: string; issueDate: string; gross: string; net: string; tax: string; capitalAmount: string; reimbursementStatus: string; taxReported: boolean; reverses: { id: string; number: string } | null; reversedBy: { id: string; number: string } | null; lines: Array<{ quantity: string; net: string; tax: string; gross: string }> }

function finance(p: TestPlatform, employer: string): string {
  return createApiKey({ keys: p.platform.keys, ids: randomIds, clock: p.clock }, { role: 'FINANCE', employerId: employer, label: `finance ${employer}` }).key;
}

async function issued(p: TestPlatform, options: { amount?: number; buyer?: string; items?: unknown } = {}): Promise<{ invoice: Inv; providerPaymentId: string; paymentId: string }> {
  const event = paymentEvent(p.clock, { amount: options.amount ?? 12800, ...(options.items ? { items: options.items } : {}) });
  const hook = await p.webhook(event);
  assert.equal(hook.status, 200);
  const buyer = options.buyer ?? `{ type: ORGANIZATION, name: "买方", taxpayerId: "${BUYER}" }`;
  const applied = await p.gql<{ applyForInvoice: { id: string } }>(`mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: ${buyer} }) { id } }`, { t: (hook.body as { applyToken: string }).applyToken });
  const r = await p.gql<{ issueInvoice: Inv }>(`mutation($id: ID!) { issueInvoice(applicationId: $id) { ${FIELDS} } }`, { id: applied.data?.applyForInvoice.id }, DEMO_MERCHANT.apiKey);
  assert.ok(r.data, JSON.stringify(r.errors));
  return { invoice: r.data.issueInvoice, providerPaymentId: (event['data'] as { paymentId: string }).paymentId, paymentId: (hook.body as { paymentId: string }).paymentId };
}

const reverse = (p: TestPlatform, id: string, key: string = DEMO_MERCHANT.apiKey, reason = 'SALES_RETURN') =>
  p.gql<{ reverseInvoice: { blue: Inv; red: Inv | null; pendingConfirmation: boolean } }>(`mutation($id: ID!) { reverseInvoice(invoiceId: $id, reason: ${reason}) { blue { ${FIELDS} } red { ${FIELDS} } pendingConfirmation } }`, { id }, key);

const claim = (p: TestPlatform, key: string, inv: Inv, amount = inv.gross) =>
  p.gql<{ claimReimbursement: { id: string; status: string } }>('mutation($n: String!, $d: Date!, $a: Money!) { claimReimbursement(invoiceNumber: $n, issueDate: $d, totalAmount: $a) { id status } }', { n: inv.number, d: inv.issueDate, a: amount }, key);

async function employee(p: TestPlatform, financeKey: string, name: string): Promise<string> {
  const r = await p.gql<{ registerEmployee: { apiKey: string } }>('mutation($n: String!) { registerEmployee(name: $n) { apiKey } }', { n: name }, financeKey);
  assert.ok(r.data, JSON.stringify(r.errors));
  return r.data.registerEmployee.apiKey;
}

const code = (r: { errors?: Array<{ extensions?: { code?: string; detail?: string } }> | undefined }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.detail];

function assertReplayMatches(p: TestPlatform): void {
  assert.deepEqual(checkProjections(p.platform.db).differences, []);
}

test('red-letter reversal: a red invoice with its own number and negated amounts, linked both ways; refusals carry codes', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const { invoice } = await issued(p, { items: [{ name: '笔', quantity: 2, unitPrice: 3200, taxRate: '13%', taxCode: '1060512990000000000' }, { name: '纸', quantity: 1, unitPrice: 6400, taxRate: '13%', taxCode: '1060512990000000000' }] });
  const r = await reverse(p, invoice.id, DEMO_MERCHANT.apiKey, 'ISSUE_ERROR');
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  const { blue, red } = r.data?.reverseInvoice as { blue: Inv; red: Inv };
  assert.equal(blue.status, 'REVERSED');
  assert.deepEqual([red.kind, red.status], ['RED', 'ISSUED']);
  assert.notEqual(red.number, blue.number);
  assert.deepEqual([red.gross, red.net, red.tax], [`-${blue.gross}`, `-${blue.net}`, `-${blue.tax}`]);
  assert.equal(red.capitalAmount, `负${blue.capitalAmount}`);
  assert.deepEqual(red.lines.map((l) => [l.quantity, l.gross]), blue.lines.map((l) => [`-${l.quantity}`, `-${l.gross}`]));
  assert.deepEqual([blue.reversedBy?.id, red.reverses?.id], [red.id, blue.id]);

  assert.deepEqual(code(await reverse(p, blue.id)), ['INVALID_STATE', 'INVOICE.ALREADY_REVERSED']);
  assert.deepEqual(code(await reverse(p, red.id)), ['INVALID_STATE', 'INVOICE.IS_RED']);
  const hook = await p.webhook(paymentEvent(p.clock));
  const applied = await p.gql<{ applyForInvoice: { id: string } }>('mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "甲" } }) { id } }', { t: (hook.body as { applyToken: string }).applyToken });
  assert.deepEqual(code(await reverse(p, applied.data?.applyForInvoice.id as string)), ['INVALID_STATE', 'INVOICE.NOT_ISSUED']);
  const other = await p.gql<{ registerMerchant: { apiKey: string } }>('mutation { registerMerchant(input: { name: "B", taxpayerId: "91110000MA01TAX03K", region: "110000", autoIssue: false, defaultTaxRate: RATE_6, defaultTaxCode: "3040201010000000000" }) { apiKey } }', {}, ADMIN_KEY);
  const { invoice: another } = await issued(p);
  assert.deepEqual(code(await reverse(p, another.id, other.data?.registerMerchant.apiKey)), ['NOT_FOUND', 'INVOICE.NOT_FOUND']);
  assert.deepEqual(code(await reverse(p, another.id, finance(p, BUYER))), ['FORBIDDEN', 'ACCESS.FORBIDDEN']);
  assertReplayMatches(p);
});

test('reversal is refused while a claim holds the invoice, and after reimbursement needs the buyer\'s confirmation', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const financeKey = finance(p, BUYER);
  const staff = await employee(p, financeKey, '王会计');
  const { invoice } = await issued(p);
  const claimed = await claim(p, staff, invoice);
  assert.equal(claimed.data?.claimReimbursement.status, 'LOCKED');
  assert.deepEqual(code(await reverse(p, invoice.id)), ['CONFLICT', 'REIMBURSEMENT.LOCKED']);
  await p.gql('mutation($ids: [ID!]!) { approveReimbursements(claimIds: $ids) { status } }', { ids: [claimed.data?.claimReimbursement.id] }, financeKey);
  const pending = await reverse(p, invoice.id);
  assert.deepEqual([pending.data?.reverseInvoice.pendingConfirmation, pending.data?.reverseInvoice.red, pending.data?.reverseInvoice.blue.status], [true, null, 'ISSUED']);
  const confirmQ = 'mutation($id: ID!) { confirmReversal(invoiceId: $id) { blue { status reversedBy { id } } red { kind gross } pendingConfirmation } }';
  assert.deepEqual(code(await p.gql(confirmQ, { id: invoice.id }, finance(p, OTHER_COMPANY))), ['NOT_FOUND', 'INVOICE.NOT_FOUND']);
  assert.deepEqual(code(await p.gql(confirmQ, { id: invoice.id }, DEMO_MERCHANT.apiKey)), ['FORBIDDEN', 'ACCESS.FORBIDDEN']);
  const confirmed = await p.gql<{ confirmReversal: { blue: { status: string }; red: { kind: string; gross: string } } }>(confirmQ, { id: invoice.id }, financeKey);
  assert.equal(confirmed.errors, undefined, JSON.stringify(confirmed.errors));
  assert.deepEqual([confirmed.data?.confirmReversal.blue.status, confirmed.data?.confirmReversal.red.kind, confirmed.data?.confirmReversal.red.gross], ['REVERSED', 'RED', '-128.00']);
  const { invoice: notRequested } = await issued(p);
  assert.deepEqual(code(await p.gql(confirmQ, { id: notRequested.id }, financeKey)), ['INVALID_STATE', 'INVOICE.NO_PENDING_REVERSAL']);
  assertReplayMatches(p);
});

test('reimbursement: claim locks, a second claim is CONFLICT, approve closes, reject unlocks; every refusal has its code', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const financeKey = finance(p, BUYER);
  const alice = await employee(p, financeKey, 'Alice');
  const bob = await employee(p, financeKey, 'Bob');
  const { invoice } = await issued(p);
  assert.deepEqual(code(await claim(p, alice, invoice, '1.00')), ['NOT_FOUND', 'INVOICE.NOT_FOUND']);
  const first = await claim(p, alice, invoice);
  assert.equal(first.data?.claimReimbursement.status, 'LOCKED');
  assert.deepEqual(code(await claim(p, bob, invoice)), ['CONFLICT', 'REIMBURSEMENT.LOCKED']);
  const claimId = first.data?.claimReimbursement.id as string;

  const rejected = await p.gql<{ rejectReimbursement: { status: string; reason: string } }>('mutation($id: ID!) { rejectReimbursement(claimId: $id, reason: "duplicate receipt") { status reason } }', { id: claimId }, financeKey);
  assert.deepEqual(rejected.data?.rejectReimbursement, { status: 'REJECTED', reason: 'duplicate receipt' });
  assert.deepEqual(code(await p.gql('mutation($id: ID!) { rejectReimbursement(claimId: $id, reason: "again") { status } }', { id: claimId }, financeKey)), ['INVALID_STATE', 'REIMBURSEMENT.NOT_LOCKED']);
  const second = await claim(p, bob, invoice);
  assert.equal(second.data?.claimReimbursement.status, 'LOCKED', 'claimable again after rejection');

  const { invoice: other } = await issued(p);
  const otherClaim = await claim(p, alice, other);
  // all or nothing: one bad id and nothing is approved
  const bad = await p.gql('mutation($ids: [ID!]!) { approveReimbursements(claimIds: $ids) { id } }', { ids: [second.data?.claimReimbursement.id, claimId] }, financeKey);
  assert.deepEqual(code(bad), ['INVALID_STATE', 'REIMBURSEMENT.NOT_LOCKED']);
  const status = await p.gql<{ companyClaims: { edges: Array<{ node: { id: string; status: string } }> } }>('{ companyClaims(status: LOCKED) { edges { node { id status } } } }', {}, financeKey);
  assert.equal(status.data?.companyClaims.edges.length, 2);
  const approved = await p.gql<{ approveReimbursements: Array<{ status: string }> }>('mutation($ids: [ID!]!) { approveReimbursements(claimIds: $ids) { status } }', { ids: [second.data?.claimReimbursement.id, otherClaim.data?.claimReimbursement.id] }, financeKey);
  assert.deepEqual(approved.data?.approveReimbursements.map((c) => c.status), ['CLOSED', 'CLOSED']);
  assert.deepEqual(code(await claim(p, alice, invoice)), ['CONFLICT', 'REIMBURSEMENT.CLOSED']);
  assert.deepEqual(code(await p.gql('mutation($ids: [ID!]!) { approveReimbursements(claimIds: $ids) { id } }', { ids: [otherClaim.data?.claimReimbursement.id] }, finance(p, OTHER_COMPANY))), ['NOT_FOUND', 'REIMBURSEMENT.NOT_FOUND']);
  const mine = await p.gql<{ myClaims: { edges: Array<{ node: { status: string; invoice: { reimbursementStatus: string } } }> } }>('{ myClaims { edges { node { status invoice { reimbursementStatus } } } } }', {}, alice);
  assert.deepEqual(mine.data?.myClaims.edges.map((e) => [e.node.status, e.node.invoice.reimbursementStatus]), [['REJECTED', 'CLOSED'], ['CLOSED', 'CLOSED']]);
  assertReplayMatches(p);
});

test('two employers and one invoice: the double claim is refused whichever comes first, and when both arrive together', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const right = await employee(p, finance(p, BUYER), 'at the buyer');
  const wrong = await employee(p, finance(p, OTHER_COMPANY), 'elsewhere');
  const { invoice: a } = await issued(p);
  // another company's invoice answers like one that does not exist (issue 10, finding 7)
  assert.deepEqual(code(await claim(p, wrong, a)), ['NOT_FOUND', 'INVOICE.NOT_FOUND']);
  assert.equal((await claim(p, right, a)).data?.claimReimbursement.status, 'LOCKED');
  const { invoice: b } = await issued(p);
  assert.equal((await claim(p, right, b)).data?.claimReimbursement.status, 'LOCKED');
  assert.deepEqual(code(await claim(p, wrong, b)), ['NOT_FOUND', 'INVOICE.NOT_FOUND']);
  // concurrently, two employees of the buyer and one elsewhere: exactly one claim wins
  const colleague = await employee(p, finance(p, BUYER), 'colleague');
  const { invoice: c } = await issued(p);
  const results = await Promise.all([claim(p, right, c), claim(p, colleague, c), claim(p, wrong, c)]);
  assert.equal(results.filter((r) => r.data?.claimReimbursement.status === 'LOCKED').length, 1);
  assert.equal(p.platform.db.prepare("SELECT count(*) FROM reimbursement_claims WHERE invoice = ? AND status <> 'REJECTED'").pluck().get(c.id), 1);
  assertReplayMatches(p);
});

test('refund of an invoiced payment: REVERSAL_REQUIRED, or with autoReverse a red invoice and a new blue one for the remainder, exact to the fen', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  // without autoReverse: the invoice is marked, the merchant reverses, the payer re-applies for the rest
  const manual = await issued(p, { amount: 10000 });
  assert.equal((await p.webhook(refundEvent(p.clock, manual.providerPaymentId, 3000))).status, 200);
  const marked = await p.gql<{ invoice: Inv }>(`query($id: ID!) { invoice(id: $id) { ${FIELDS} } }`, { id: manual.invoice.id }, DEMO_MERCHANT.apiKey);
  assert.equal(marked.data?.invoice.status, 'REVERSAL_REQUIRED');
  assert.equal((await reverse(p, manual.invoice.id)).data?.reverseInvoice.blue.status, 'REVERSED');

  // with autoReverse, all in the refund's transaction
  const reg = await p.gql<{ registerMerchant: { merchant: { id: string }; apiKey: string; webhookSecret: string } }>(
    'mutation { registerMerchant(input: { name: "自动冲红", taxpayerId: "91110000MA01TAX03K", region: "110000", autoIssue: true, autoReverse: true, defaultTaxRate: RATE_13, defaultTaxCode: "1090101010000000000" }) { merchant { id } apiKey webhookSecret } }', {}, ADMIN_KEY,
  );
  const m = reg.data?.registerMerchant as { merchant: { id: string }; apiKey: string; webhookSecret: string };
  const event = paymentEvent(p.clock, { merchantId: m.merchant.id, amount: 11300 });
  const hook = await p.webhook(event, { secret: m.webhookSecret });
  const applied = await p.gql<{ applyForInvoice: Inv }>(`mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: ORGANIZATION, name: "买方", taxpayerId: "${BUYER}" } }) { ${FIELDS} } }`, { t: (hook.body as { applyToken: string }).applyToken });
  const blue = applied.data?.applyForInvoice as Inv;
  assert.deepEqual([blue.status, blue.gross, blue.net, blue.tax], ['ISSUED', '113.00', '100.00', '13.00']);
  const refund = { ...refundEvent(p.clock, (event['data'] as { paymentId: string }).paymentId, 3390), merchantId: m.merchant.id };
  assert.equal((await p.webhook(refund, { secret: m.webhookSecret })).status, 200);
  const all = await p.gql<{ invoices: { edges: Array<{ node: Inv }> } }>(`{ invoices { edges { node { ${FIELDS} } } } }`, {}, m.apiKey);
  const [oldBlue, red, newBlue] = all.data?.invoices.edges.map((e) => e.node) ?? [];
  assert.deepEqual([oldBlue?.status, oldBlue?.reversedBy?.id], ['REVERSED', red?.id]);
  assert.deepEqual([red?.kind, red?.gross, red?.net, red?.tax, red?.reverses?.id], ['RED', '-113.00', '-100.00', '-13.00', oldBlue?.id]);
  // 113.00 − 33.90 = 79.10 at 13%: net round(7910 / 1.13) = 7000, tax 910
  assert.deepEqual([newBlue?.kind, newBlue?.status, newBlue?.gross, newBlue?.net, newBlue?.tax], ['BLUE', 'ISSUED', '79.10', '70.00', '9.10']);
  assert.notEqual(newBlue?.number, oldBlue?.number);
  assertReplayMatches(p);
});

test('a report filed, then an invoice of the period reversed: the correction differs by exactly that reversal, and the tax node agrees with both', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const a = await issued(p, { amount: 10600 });
  await issued(p, { amount: 11300, items: [{ name: 'x', quantity: 1, unitPrice: 11300, taxRate: '13%', taxCode: '1090101010000000000' }] });
  const period = a.invoice.issueDate.slice(0, 7);
  const fileQ = 'mutation($p: String!, $c: Boolean) { fileTaxReport(period: $p, correction: $c) { id version previous { id } lines { rate count net tax } invoiceCount net tax coveredIndexes coveredRoot } }';
  type Report = { id: string; version: number; previous: { id: string } | null; lines: Array<{ rate: string; count: number; net: string; tax: string }>; invoiceCount: number; net: string; tax: string; coveredIndexes: number[] };
  const v1 = (await p.gql<{ fileTaxReport: Report }>(fileQ, { p: period }, DEMO_MERCHANT.apiKey)).data?.fileTaxReport as Report;
  assert.deepEqual(v1.lines, [{ rate: '13%', count: 1, net: '100.00', tax: '13.00' }, { rate: '6%', count: 1, net: '100.00', tax: '6.00' }]);
  assert.deepEqual(code(await p.gql(fileQ, { p: period }, DEMO_MERCHANT.apiKey)), ['CONFLICT', 'TAX_REPORT.ALREADY_FILED']);
  assert.deepEqual(code(await p.gql(fileQ, { p: '2026-13' }, DEMO_MERCHANT.apiKey)), ['BAD_USER_INPUT', 'TAX.BAD_PERIOD']);
  const reported = await p.gql<{ invoice: { taxReported: boolean } }>('query($id: ID!) { invoice(id: $id) { taxReported } }', { id: a.invoice.id }, DEMO_MERCHANT.apiKey);
  assert.equal(reported.data?.invoice.taxReported, true);

  const red = (await reverse(p, a.invoice.id)).data?.reverseInvoice.red as Inv;
  const v2 = (await p.gql<{ fileTaxReport: Report }>(fileQ, { p: period, c: true }, DEMO_MERCHANT.apiKey)).data?.fileTaxReport as Report;
  assert.deepEqual([v2.version, v2.previous?.id], [2, v1.id]);
  assert.deepEqual(v2.lines, [{ rate: '13%', count: 1, net: '100.00', tax: '13.00' }, { rate: '6%', count: 2, net: '0.00', tax: '0.00' }]);
  const added = v2.coveredIndexes.filter((i) => !v1.coveredIndexes.includes(i));
  const redIndex = p.platform.invoices.get(red.id)?.issuedIndex;
  assert.deepEqual(added, [redIndex], 'the correction covers exactly one more invoice: the red one');
  assert.deepEqual(v1.coveredIndexes.filter((i) => !v2.coveredIndexes.includes(i)), []);
  assertReplayMatches(p);

  // the tax node's own copy: feed it the platform's sealed blocks, then verify both versions
  p.platform.ledger.seal();
  const mirror = openMirror(p.clock);
  t.after(() => mirror.close());
  const { followed } = mirror;
  const signer = demoSigner('platform-ledger');
  const source = createSqliteLedgerStore(p.platform.db);
  let from = 0;
  for (const cp of source.checkpointsAfter(0, 100)) {
    const outcome = acceptBlock(mirror.deps, { origin: signer.name, checkpoint: cp.note, firstIndex: from, leaves: [...source.entries(from, cp.size)].map((e) => e.data) });
    assert.equal(outcome.kind, 'accepted');
    from = cp.size;
  }
  catchUpIndex(followed);
  const followedMap = new Map([[signer.name, followed]]);
  const check1 = verifyTaxReport(followedMap, v1.id);
  const check2 = verifyTaxReport(followedMap, v2.id);
  assert.deepEqual([check1.match, check2.match], [true, true]);
  assert.equal(check2.coveredRoot.reported, check2.coveredRoot.recomputed);
  assert.deepEqual([check1.version, check2.version], [1, 2]);
  assert.equal(followed.mirror.index.invoiceById(a.invoice.id)?.taxReported, true);
});

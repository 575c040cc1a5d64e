// The whole flow through real HTTP: webhook → apply with the payer's token → issue →
// queries → an inclusion proof that verifies against the signed ledger head.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openCheckpoint, parseVerifierKey, verifyInclusion, fromBase64 } from '../../src/ledger/index.js';
import { checkProjections } from '../../src/storage/sqlite/projection-check.js';
import { startTestPlatform, paymentEvent, refundEvent, DEMO_MERCHANT, DEMO_TAX_AUTHORITY_KEY } from '../support/platform-harness.js';

const INVOICE_FIELDS = 'id applicationId status number issueDate seller { name taxpayerId } buyer { type name taxpayerId email } paymentId net tax gross capitalAmount ledgerIndex final lines { lineNo name taxCode quantity unitPrice taxRate net tax gross }';

test('payment webhook → apply with token → issue → query → proof verifies against the ledger head', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());

  const event = paymentEvent(p.clock, { amount: 12800 });
  const hook = await p.webhook(event);
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
  const { applyToken, paymentId } = hook.body as { applyToken: string; paymentId: string };
  assert.match(applyToken, /^pay_.+\..+$/u);

  const applied = await p.gql<{ applyForInvoice: { id: string; status: string } }>(
    'mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: ORGANIZATION, name: "买方有限公司", taxpayerId: "91440300MA5BUYER26", email: "ap@buyer.example" } }) { id status } }',
    { t: applyToken },
  );
  assert.equal(applied.errors, undefined, JSON.stringify(applied.errors));
  assert.equal(applied.data?.applyForInvoice.status, 'APPLIED');
  const invoiceId = applied.data?.applyForInvoice.id as string;

  const issued = await p.gql<{ issueInvoice: Record<string, unknown> }>(`mutation($id: ID!) { issueInvoice(applicationId: $id) { ${INVOICE_FIELDS} } }`, { id: invoiceId }, DEMO_MERCHANT.apiKey);
  assert.equal(issued.errors, undefined, JSON.stringify(issued.errors));
  const invoice = issued.data?.issueInvoice as Record<string, unknown>;
  assert.equal(invoice['status'], 'ISSUED');
  assert.match(invoice['number'] as string, /^2644100000000000000\d$/u);
  assert.equal(invoice['issueDate'], '2026-11-21');
  assert.deepEqual(invoice['seller'], { name: '深圳链票演示商户有限公司 (demo)', taxpayerId: DEMO_MERCHANT.taxpayerId });
  // 128.00 at the merchant's default 6%: net = round(12800 / 1.06) = 12075, tax 725
  assert.equal(invoice['gross'], '128.00');
  assert.equal(invoice['net'], '120.75');
  assert.equal(invoice['tax'], '7.25');
  assert.equal(invoice['capitalAmount'], '壹佰贰拾捌元整');
  assert.equal(invoice['paymentId'], paymentId);
  assert.equal((invoice['lines'] as unknown[]).length, 1);

  const byNumber = await p.gql<{ invoiceByNumber: { id: string } }>('query($n: String!) { invoiceByNumber(number: $n) { id } }', { n: invoice['number'] }, DEMO_TAX_AUTHORITY_KEY);
  assert.equal(byNumber.data?.invoiceByNumber.id, invoiceId);
  const payment = await p.gql<{ payment: { amount: string; refunded: string; providerPaymentId: string } }>(
    'query($id: ID!) { payment(id: $id) { amount refunded providerPaymentId } }', { id: paymentId }, DEMO_MERCHANT.apiKey,
  );
  assert.deepEqual(payment.data?.payment, { amount: '128.00', refunded: '0.00', providerPaymentId: (event['data'] as { paymentId: string }).paymentId });

  // seal the block, then prove the issued entry is in the signed ledger
  p.platform.ledger.seal();
  const head = await p.gql<{ ledgerHead: { size: number; root: string; checkpoint: string; verifierKey: string } }>(
    '{ ledgerHead { size root checkpoint verifierKey } }', {}, DEMO_MERCHANT.apiKey,
  );
  const { size, checkpoint, verifierKey } = head.data?.ledgerHead as { size: number; checkpoint: string; verifierKey: string };
  assert.equal(size, 3);
  const opened = openCheckpoint(checkpoint, parseVerifierKey(verifierKey));
  const index = invoice['ledgerIndex'] as number;
  const proof = await p.gql<{ inclusionProof: { leafHash: string; proof: string[] } }>(
    'query($i: Int!, $n: Int!) { inclusionProof(index: $i, treeSize: $n) { leafHash proof } }', { i: index, n: size }, DEMO_MERCHANT.apiKey,
  );
  const entry = await p.gql<{ ledgerEntry: { data: string; leafHash: string } }>('query($i: Int!) { ledgerEntry(index: $i) { data leafHash } }', { i: index }, DEMO_MERCHANT.apiKey);
  const leaf = JSON.parse(entry.data?.ledgerEntry.data as string) as { type: string; data: { number: string; gross: number } };
  assert.equal(leaf.type, 'invoice.issued');
  assert.equal(leaf.data.number, invoice['number']);
  assert.equal(leaf.data.gross, 12800);
  assert.ok(
    verifyInclusion({
      index, size, root: opened.root,
      leafHash: fromBase64(proof.data?.inclusionProof.leafHash as string) as Uint8Array,
      proof: (proof.data?.inclusionProof.proof as string[]).map((h) => fromBase64(h) as Uint8Array),
    }),
  );
  assert.deepEqual(checkProjections(p.platform.db).differences, []);
});

test('items become lines; a partial refund before issuance is spread over them exactly', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const items = [
    { name: '拿铁 latte', quantity: 2, unitPrice: 3200, taxRate: '6%', taxCode: '3070401000000000000' },
    { name: '蛋糕 cake', quantity: '1.5', unitPrice: 2000, taxRate: '13%', taxCode: '1030201990000000000' },
  ];
  const event = paymentEvent(p.clock, { amount: 9400, items });
  const hook = await p.webhook(event);
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
  const refund = await p.webhook(refundEvent(p.clock, (event['data'] as { paymentId: string }).paymentId, 1000));
  assert.equal(refund.status, 200, JSON.stringify(refund.body));
  const { paymentId } = hook.body as { paymentId: string };
  const applied = await p.gql<{ applyForInvoice: { id: string } }>(
    'mutation($p: ID!) { applyForInvoice(input: { paymentId: $p, buyer: { type: INDIVIDUAL, name: "李四" } }) { id } }', { p: paymentId }, DEMO_MERCHANT.apiKey,
  );
  const issued = await p.gql<{ issueInvoice: { gross: string; net: string; tax: string; lines: Array<{ gross: string; net: string; tax: string; unitPrice: string | null }> } }>(
    `mutation($id: ID!) { issueInvoice(applicationId: $id) { ${INVOICE_FIELDS} } }`, { id: applied.data?.applyForInvoice.id }, DEMO_MERCHANT.apiKey,
  );
  assert.equal(issued.errors, undefined, JSON.stringify(issued.errors));
  const inv = issued.data?.issueInvoice;
  assert.equal(inv?.gross, '84.00', 'gross is what was paid minus refunds');
  // lines: 64.00 and 30.00 paid; 84.00 allocated 57.19 / 26.81 by largest remainder
  assert.deepEqual(inv?.lines.map((l) => l.gross), ['57.19', '26.81']);
  assert.deepEqual(inv?.lines.map((l) => l.unitPrice), [null, null]);
  const sum = (k: 'net' | 'tax' | 'gross'): number => (inv?.lines ?? []).reduce((a, l) => a + Math.round(Number(l[k]) * 100), 0);
  assert.equal(sum('gross'), 8400);
  assert.equal(sum('net') + sum('tax'), 8400);
  assert.equal(Math.round(Number(inv?.net) * 100), sum('net'));
});

test('autoIssue issues in the same call as the application', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const reg = await p.gql<{ registerMerchant: { merchant: { id: string }; apiKey: string; webhookSecret: string } }>(
    `mutation { registerMerchant(input: { name: "自动开票商户", taxpayerId: "91110000MA01TAX03K", region: "110000", autoIssue: true, defaultTaxRate: RATE_13, defaultTaxCode: "1090101010000000000" }) { merchant { id } apiKey webhookSecret } }`,
    {}, 'test-admin-bootstrap-key-0123456789',
  );
  assert.equal(reg.errors, undefined, JSON.stringify(reg.errors));
  const { merchant, apiKey, webhookSecret } = reg.data?.registerMerchant as { merchant: { id: string }; apiKey: string; webhookSecret: string };
  const hook = await p.webhook(paymentEvent(p.clock, { merchantId: merchant.id, amount: 11300 }), { secret: webhookSecret });
  assert.equal(hook.status, 200);
  const applied = await p.gql<{ applyForInvoice: { status: string; number: string; net: string; tax: string } }>(
    'mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "王五" } }) { status number net tax } }',
    { t: (hook.body as { applyToken: string }).applyToken },
  );
  assert.equal(applied.data?.applyForInvoice.status, 'ISSUED');
  assert.match(applied.data?.applyForInvoice.number ?? '', /^2611100000000000000\d$/u, 'province 11 from the seller USCC');
  assert.deepEqual([applied.data?.applyForInvoice.net, applied.data?.applyForInvoice.tax], ['100.00', '13.00']);
  const mine = await p.gql<{ invoices: { edges: unknown[] } }>('{ invoices { edges { node { id } } } }', {}, apiKey);
  assert.equal(mine.data?.invoices.edges.length, 1);
});

test('applications are refused for fully refunded payments, twice, and for organizations without a valid USCC', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const full = paymentEvent(p.clock, { amount: 500 });
  const fullHook = await p.webhook(full);
  await p.webhook(refundEvent(p.clock, (full['data'] as { paymentId: string }).paymentId, 500));
  const apply = (token: string, buyer: string) =>
    p.gql(`mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: ${buyer} }) { id } }`, { t: token });
  const refunded = await apply((fullHook.body as { applyToken: string }).applyToken, '{ type: INDIVIDUAL, name: "赵六" }');
  assert.deepEqual(refunded.errors?.[0]?.extensions, { code: 'INVALID_STATE', detail: 'INVOICE.PAYMENT_REFUNDED' });

  const hook = await p.webhook(paymentEvent(p.clock));
  const token = (hook.body as { applyToken: string }).applyToken;
  const badOrg = await apply(token, '{ type: ORGANIZATION, name: "某公司", taxpayerId: "91350100M000100Y4Z" }');
  assert.deepEqual(badOrg.errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', detail: 'TAXPAYER_ID.INVALID' });
  const noOrgId = await apply(token, '{ type: ORGANIZATION, name: "某公司" }');
  assert.deepEqual(noOrgId.errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', detail: 'INVOICE.BAD_BUYER' });
  const first = await apply(token, '{ type: INDIVIDUAL, name: "钱七" }');
  assert.equal(first.errors, undefined);
  const second = await apply(token, '{ type: INDIVIDUAL, name: "钱七" }');
  assert.deepEqual(second.errors?.[0]?.extensions, { code: 'CONFLICT', detail: 'INVOICE.ALREADY_APPLIED' });
  const forged = await apply(`${token.split('.')[0]}.AAAA`, '{ type: INDIVIDUAL, name: "钱七" }');
  assert.deepEqual(forged.errors?.[0]?.extensions, { code: 'FORBIDDEN', detail: 'INVOICE.BAD_APPLY_TOKEN' });
});

test('invoices are listed with keyset cursors and filters', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const ids: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    const hook = await p.webhook(paymentEvent(p.clock, { amount: 1000 + i }));
    const buyer = i % 2 === 0 ? '{ type: ORGANIZATION, name: "买方", taxpayerId: "91440300MA5BUYER26" }' : '{ type: INDIVIDUAL, name: "个人" }';
    const applied = await p.gql<{ applyForInvoice: { id: string } }>(`mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: ${buyer} }) { id } }`, { t: (hook.body as { applyToken: string }).applyToken });
    ids.push(applied.data?.applyForInvoice.id as string);
    if (i < 3) await p.gql('mutation($id: ID!) { issueInvoice(applicationId: $id) { id } }', { id: applied.data?.applyForInvoice.id }, DEMO_MERCHANT.apiKey);
  }
  const page = (after: string | null) =>
    p.gql<{ invoices: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      'query($a: String) { invoices(first: 2, after: $a) { edges { node { id } } pageInfo { hasNextPage endCursor } } }', { a: after }, DEMO_MERCHANT.apiKey,
    );
  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const r = await page(after);
    seen.push(...(r.data?.invoices.edges.map((e) => e.node.id) ?? []));
    if (!r.data?.invoices.pageInfo.hasNextPage) break;
    after = r.data.invoices.pageInfo.endCursor;
  }
  assert.deepEqual(seen, ids);
  const filtered = await p.gql<{ invoices: { edges: unknown[] } }>(
    '{ invoices(filter: { status: ISSUED, buyerTaxpayerId: "91440300MA5BUYER26", issueDateFrom: "2026-11-21", issueDateTo: "2026-11-21" }) { edges { node { id } } } }', {}, DEMO_MERCHANT.apiKey,
  );
  assert.equal(filtered.data?.invoices.edges.length, 2);
  const tooBig = await p.gql('{ invoices(first: 101) { edges { node { id } } } }', {}, DEMO_MERCHANT.apiKey);
  assert.equal(tooBig.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  const badCursor = await p.gql('{ invoices(after: "bm90LWEtY3Vyc29y") { edges { node { id } } } }', {}, DEMO_MERCHANT.apiKey);
  assert.equal(badCursor.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
});

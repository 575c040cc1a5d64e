// A merchant's tax-code catalogue through real HTTP: managed by the merchant (and ADMIN), not
// by another merchant; an item naming a catalogued code is invoiced at the catalogue's rate
// under *goods name*item name; an uncatalogued code is invoiced as paid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, paymentEvent, DEMO_MERCHANT, ADMIN_KEY } from '../support/platform-harness.js';

const UPSERT = 'mutation($m: ID, $i: TaxCodeInput!) { upsertTaxCode(merchantId: $m, input: $i) { code goodsName rate preferential } }';
const LIST = 'query($m: ID) { taxCodes(merchantId: $m) { code goodsName rate preferential } }';
const REMOVE = 'mutation($m: ID, $c: String!) { removeTaxCode(merchantId: $m, code: $c) }';
const COFFEE = '1030307020000000000';
const code = (r: { errors?: Array<{ extensions?: { code?: string; detail?: string } }> | undefined }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.detail];

test('the catalogue is listed, upserted and removed by its merchant; bad input and other merchants are refused', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const ledgerBefore = p.platform.ledger.size();
  const put = await p.gql(UPSERT, { i: { code: COFFEE, goodsName: '饮料', rate: 'RATE_13', preferential: false } }, DEMO_MERCHANT.apiKey);
  assert.equal(put.errors, undefined, JSON.stringify(put.errors));
  await p.gql(UPSERT, { i: { code: COFFEE, goodsName: '餐饮服务', rate: 'RATE_6', preferential: true } }, DEMO_MERCHANT.apiKey);
  assert.deepEqual((await p.gql(LIST, {}, DEMO_MERCHANT.apiKey)).data, { taxCodes: [{ code: COFFEE, goodsName: '餐饮服务', rate: 'RATE_6', preferential: true }] }, 'an upsert replaces');
  assert.equal(p.platform.ledger.size(), ledgerBefore, 'the catalogue is configuration, not on the ledger');

  assert.deepEqual(code(await p.gql(UPSERT, { i: { code: '123', goodsName: '饮料', rate: 'RATE_13' } }, DEMO_MERCHANT.apiKey)), ['BAD_USER_INPUT', 'TAX_CODE.INVALID']);
  assert.deepEqual(code(await p.gql(UPSERT, { i: { code: COFFEE, goodsName: '饮*料', rate: 'RATE_13' } }, DEMO_MERCHANT.apiKey)), ['BAD_USER_INPUT', 'TAX_CODE.INVALID']);
  const other = await p.gql<{ registerMerchant: { merchant: { id: string }; apiKey: string } }>(
    'mutation { registerMerchant(input: { name: "B", taxpayerId: "91110000MA01TAX03K", region: "110000", autoIssue: false, defaultTaxRate: RATE_6, defaultTaxCode: "3040201010000000000" }) { merchant { id } apiKey } }', {}, ADMIN_KEY,
  );
  const otherKey = other.data?.registerMerchant.apiKey as string;
  assert.deepEqual(code(await p.gql(LIST, { m: DEMO_MERCHANT.id }, otherKey)), ['NOT_FOUND', 'MERCHANT.NOT_FOUND']);
  assert.deepEqual(code(await p.gql(REMOVE, { m: DEMO_MERCHANT.id, c: COFFEE }, otherKey)), ['NOT_FOUND', 'MERCHANT.NOT_FOUND']);
  assert.deepEqual((await p.gql(LIST, {}, otherKey)).data, { taxCodes: [] }, 'its own catalogue is empty');
  assert.deepEqual((await p.gql(LIST, { m: DEMO_MERCHANT.id }, ADMIN_KEY)).data, { taxCodes: [{ code: COFFEE, goodsName: '餐饮服务', rate: 'RATE_6', preferential: true }] });

  assert.deepEqual((await p.gql(REMOVE, { c: COFFEE }, DEMO_MERCHANT.apiKey)).data, { removeTaxCode: true });
  assert.deepEqual((await p.gql(REMOVE, { c: COFFEE }, DEMO_MERCHANT.apiKey)).data, { removeTaxCode: false });
  assert.deepEqual((await p.gql(LIST, {}, DEMO_MERCHANT.apiKey)).data, { taxCodes: [] });
});

test('an item naming a catalogued code takes its rate and goods name; other items stay as paid', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  await p.gql(UPSERT, { i: { code: COFFEE, goodsName: '餐饮服务', rate: 'RATE_6' } }, DEMO_MERCHANT.apiKey);
  const items = [
    { name: '拿铁', quantity: 1, unitPrice: 10600, taxRate: '13%', taxCode: COFFEE },
    { name: '杯子', quantity: 1, unitPrice: 11300, taxRate: '13%', taxCode: '1080309020000000000' },
  ];
  const hook = await p.webhook(paymentEvent(p.clock, { amount: 21900, items }));
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
  const applied = await p.gql<{ applyForInvoice: { id: string } }>('mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "甲" } }) { id } }', { t: (hook.body as { applyToken: string }).applyToken });
  const issued = await p.gql<{ issueInvoice: { tax: string; lines: unknown[] } }>('mutation($id: ID!) { issueInvoice(applicationId: $id) { tax lines { name taxCode taxRate net tax gross } } }', { id: applied.data?.applyForInvoice.id }, DEMO_MERCHANT.apiKey);
  assert.equal(issued.errors, undefined, JSON.stringify(issued.errors));
  assert.deepEqual(issued.data?.issueInvoice.lines, [
    { name: '*餐饮服务*拿铁', taxCode: COFFEE, taxRate: 'RATE_6', net: '100.00', tax: '6.00', gross: '106.00' },
    { name: '杯子', taxCode: '1080309020000000000', taxRate: 'RATE_13', net: '100.00', tax: '13.00', gross: '113.00' },
  ]);
  assert.equal(issued.data?.issueInvoice.tax, '19.00');
});

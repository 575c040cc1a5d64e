// updateMerchant through real HTTP: a merchant changes its own invoicing settings, an ADMIN
// any merchant's; bad values are refused like at registration and change nothing; the next
// invoice uses the new default rate; settings are not ledger entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, paymentEvent, DEMO_MERCHANT, ADMIN_KEY } from '../support/platform-harness.js';

const UPDATE = 'mutation($m: ID, $i: UpdateMerchantInput!) { updateMerchant(merchantId: $m, input: $i) { id autoIssue autoReverse defaultTaxRate defaultTaxCode } }';
const READ = 'query($m: ID) { merchant(id: $m) { autoIssue autoReverse defaultTaxRate defaultTaxCode } }';
const code = (r: { errors?: Array<{ extensions?: { code?: string; detail?: string } }> | undefined }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.detail];

test('a merchant changes its own settings; the next invoice uses the new default rate and code; no ledger entry', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const before = p.platform.ledger.size();
  const r = await p.gql<{ updateMerchant: unknown }>(UPDATE, { i: { autoIssue: true, autoReverse: true, defaultTaxRate: 'RATE_13', defaultTaxCode: '1090101010000000000' } }, DEMO_MERCHANT.apiKey);
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  const expected = { autoIssue: true, autoReverse: true, defaultTaxRate: 'RATE_13', defaultTaxCode: '1090101010000000000' };
  assert.deepEqual(r.data?.updateMerchant, { id: DEMO_MERCHANT.id, ...expected });
  assert.deepEqual((await p.gql(READ, {}, DEMO_MERCHANT.apiKey)).data, { merchant: expected });
  assert.equal(p.platform.ledger.size(), before, 'merchant settings are configuration, not a ledger entry');

  // an omitted field keeps its value
  const partial = await p.gql<{ updateMerchant: unknown }>(UPDATE, { i: { autoReverse: false } }, DEMO_MERCHANT.apiKey);
  assert.deepEqual(partial.data?.updateMerchant, { id: DEMO_MERCHANT.id, ...expected, autoReverse: false });

  // autoIssue now on: the payment's invoice is issued at 13% under the new code
  const hook = await p.webhook(paymentEvent(p.clock, { amount: 11300 }));
  assert.equal(hook.status, 200);
  const token = (hook.body as { applyToken: string }).applyToken;
  const applied = await p.gql<{ applyForInvoice: { status: string; tax: string; lines: Array<{ taxRate: string; taxCode: string }> } }>(
    'mutation($t: String!) { applyForInvoice(input: { applyToken: $t, buyer: { type: INDIVIDUAL, name: "甲" } }) { status tax lines { taxRate taxCode } } }', { t: token },
  );
  assert.equal(applied.errors, undefined, JSON.stringify(applied.errors));
  assert.deepEqual(applied.data?.applyForInvoice, { status: 'ISSUED', tax: '13.00', lines: [{ taxRate: 'RATE_13', taxCode: '1090101010000000000' }] });
});

test('updateMerchant refuses bad values, an empty change and another merchant, changing nothing; ADMIN changes any', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const original = (await p.gql(READ, {}, DEMO_MERCHANT.apiKey)).data;
  assert.deepEqual(code(await p.gql(UPDATE, { i: { autoIssue: true, defaultTaxCode: '123' } }, DEMO_MERCHANT.apiKey)), ['BAD_USER_INPUT', 'MERCHANT.INVALID']);
  assert.deepEqual(code(await p.gql(UPDATE, { i: {} }, DEMO_MERCHANT.apiKey)), ['BAD_USER_INPUT', 'MERCHANT.INVALID']);
  assert.deepEqual(code(await p.gql(UPDATE, { i: { defaultTaxRate: 'RATE_77' } }, DEMO_MERCHANT.apiKey))[0], 'BAD_USER_INPUT');
  assert.deepEqual((await p.gql(READ, {}, DEMO_MERCHANT.apiKey)).data, original, 'a refused update changes nothing');

  const other = await p.gql<{ registerMerchant: { merchant: { id: string }; apiKey: string } }>(
    'mutation { registerMerchant(input: { name: "B", taxpayerId: "91110000MA01TAX03K", region: "110000", autoIssue: false, defaultTaxRate: RATE_6, defaultTaxCode: "3040201010000000000" }) { merchant { id } apiKey } }', {}, ADMIN_KEY,
  );
  const otherId = other.data?.registerMerchant.merchant.id as string;
  assert.deepEqual(code(await p.gql(UPDATE, { m: otherId, i: { autoIssue: true } }, DEMO_MERCHANT.apiKey)), ['NOT_FOUND', 'MERCHANT.NOT_FOUND']);
  assert.deepEqual(code(await p.gql(UPDATE, { m: DEMO_MERCHANT.id, i: { autoIssue: true } }, other.data?.registerMerchant.apiKey)), ['NOT_FOUND', 'MERCHANT.NOT_FOUND']);
  assert.deepEqual((await p.gql(READ, {}, DEMO_MERCHANT.apiKey)).data, original);

  const byAdmin = await p.gql<{ updateMerchant: { autoIssue: boolean } }>(UPDATE, { m: otherId, i: { autoIssue: true } }, ADMIN_KEY);
  assert.equal(byAdmin.data?.updateMerchant.autoIssue, true);
  assert.deepEqual(code(await p.gql(UPDATE, { m: 'm_missing', i: { autoIssue: true } }, ADMIN_KEY)), ['NOT_FOUND', 'MERCHANT.NOT_FOUND']);
  assert.deepEqual(code(await p.gql(UPDATE, { i: { autoIssue: true } }, ADMIN_KEY)), ['BAD_USER_INPUT', 'MERCHANT.INVALID'], 'ADMIN must name the merchant');
});

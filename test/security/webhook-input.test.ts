// Issue 10, findings 9, 10, 13 and 14 at the payment webhook, through real HTTP: oversized
// amounts and lone surrogates are 400 with the field's path (providers retry 500s), event ids
// are idempotency keys per merchant, and an unknown merchant cannot be told from a bad
// signature. Every refusal writes nothing: no payment, no event, no ledger entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_AMOUNT_FEN } from '../../src/domain/index.js';
import { signWebhook } from '../../src/payments/index.js';
import { ADMIN_KEY, DEMO_MERCHANT, counts, paymentEvent, refundEvent, startTestPlatform, type TestPlatform } from '../support/platform-harness.js';

const ITEM = { name: '咖啡', quantity: 1, unitPrice: 12800, taxRate: '6%', taxCode: '3070401000000000000' };

async function refusedAsMalformed(p: TestPlatform, event: Record<string, unknown>, field: string): Promise<void> {
  const before = counts(p.platform);
  const res = await p.webhook(event);
  assert.equal(res.status, 400, JSON.stringify(res.body));
  const error = (res.body as { error: { code: string; field?: string; message: string } }).error;
  assert.equal(error.code, 'WEBHOOK.MALFORMED');
  assert.equal(error.field, field, error.message);
  assert.deepEqual(counts(p.platform), before, 'no payment, event or ledger entry was written');
}

const withData = (event: Record<string, unknown>, data: Record<string, unknown>): Record<string, unknown> => ({
  ...event, data: { ...(event['data'] as object), ...data },
});

test('amounts above the one maximum (10^15 − 1 fen) are 400 at data.amount, unit prices and refunds alike', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const event = paymentEvent(p.clock);
  await refusedAsMalformed(p, withData(event, { amount: Number.MAX_SAFE_INTEGER }), 'data.amount');
  await refusedAsMalformed(p, withData(event, { amount: MAX_AMOUNT_FEN + 1 }), 'data.amount');
  await refusedAsMalformed(p, withData(event, { amount: 1e20 }), 'data.amount');
  await refusedAsMalformed(p, withData(event, { amount: MAX_AMOUNT_FEN, items: [{ ...ITEM, unitPrice: MAX_AMOUNT_FEN + 1 }] }), 'data.items[0].unitPrice');
  // each unit price is allowed, but their product is not an amount
  await refusedAsMalformed(p, withData(event, { amount: MAX_AMOUNT_FEN, items: [{ ...ITEM, unitPrice: 10 ** 9, quantity: '1000000' }] }), 'data.items[0]');
  await refusedAsMalformed(p, withData(event, { amount: MAX_AMOUNT_FEN, items: [{ ...ITEM, unitPrice: MAX_AMOUNT_FEN, quantity: '999999999999' }] }), 'data.items[0]');
  // two lines each within the maximum whose sum is not: refused, not rounded through a double
  await refusedAsMalformed(p, withData(event, { amount: MAX_AMOUNT_FEN, items: [{ ...ITEM, unitPrice: MAX_AMOUNT_FEN }, { ...ITEM, unitPrice: MAX_AMOUNT_FEN }] }), 'data.items');

  const paid = paymentEvent(p.clock, { amount: 1000 });
  assert.equal((await p.webhook(paid)).status, 200);
  const refund = refundEvent(p.clock, (paid['data'] as { paymentId: string }).paymentId, 1);
  await refusedAsMalformed(p, withData(refund, { amount: MAX_AMOUNT_FEN + 1 }), 'data.amount');
  // the maximum itself is accepted
  assert.equal((await p.webhook(paymentEvent(p.clock, { amount: MAX_AMOUNT_FEN }))).status, 200);
});

test('a lone surrogate in the description or an item name is 400 with the field path, never a 500', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const event = paymentEvent(p.clock);
  await refusedAsMalformed(p, withData(event, { description: 'coffee \ud800' }), 'data.description');
  await refusedAsMalformed(p, withData(event, { description: '\udfff' }), 'data.description');
  await refusedAsMalformed(p, withData(event, { items: [{ ...ITEM, name: 'latte\ud83d' }] }), 'data.items[0].name');
  await refusedAsMalformed(p, withData(event, { amount: 25600, items: [ITEM, { ...ITEM, name: '\udc00cake' }] }), 'data.items[1].name');
  // the JSON text carries the escape itself, as a provider would send it
  const raw = JSON.stringify(withData(event, { description: 'x' })).replace('"description":"x"', '"description":"\\ud800"');
  const before = counts(p.platform);
  const res = await p.webhook({}, { raw });
  assert.equal(res.status, 400);
  assert.equal((res.body as { error: { field: string } }).error.field, 'data.description');
  assert.deepEqual(counts(p.platform), before);
});

async function registerMerchant(p: TestPlatform, taxpayerId: string): Promise<{ id: string; webhookSecret: string }> {
  const reg = await p.gql<{ registerMerchant: { merchant: { id: string }; webhookSecret: string } }>(
    `mutation { registerMerchant(input: { name: "第二商户", taxpayerId: "${taxpayerId}", region: "110000", autoIssue: false, defaultTaxRate: RATE_6, defaultTaxCode: "3040201010000000000" }) { merchant { id } webhookSecret } }`,
    {}, ADMIN_KEY,
  );
  assert.equal(reg.errors, undefined, JSON.stringify(reg.errors));
  const r = reg.data?.registerMerchant as { merchant: { id: string }; webhookSecret: string };
  return { id: r.merchant.id, webhookSecret: r.webhookSecret };
}

test('event ids are scoped per merchant: merchant B may use an id merchant A used, and each replays only its own', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const b = await registerMerchant(p, '91110000MA01TAX03K');
  const fromA = paymentEvent(p.clock, { id: 'evt_shared_0001' });
  const fromB = paymentEvent(p.clock, { id: 'evt_shared_0001', merchantId: b.id });
  const a1 = await p.webhook(fromA);
  assert.equal(a1.status, 200, JSON.stringify(a1.body));
  const b1 = await p.webhook(fromB, { secret: b.webhookSecret });
  assert.equal(b1.status, 200, JSON.stringify(b1.body));
  assert.notEqual((b1.body as { paymentId: string }).paymentId, (a1.body as { paymentId: string }).paymentId);
  const after = counts(p.platform);
  assert.equal(after.events, 2);
  // each merchant's replay gets its own first answer, and nothing new is written
  const a2 = await p.webhook(fromA);
  const b2 = await p.webhook(fromB, { secret: b.webhookSecret });
  assert.deepEqual([a2.status, a2.headers['chain-invoice-replayed'], a2.body], [200, 'true', a1.body]);
  assert.deepEqual([b2.status, b2.headers['chain-invoice-replayed'], b2.body], [200, 'true', b1.body]);
  assert.deepEqual(counts(p.platform), after);
  // within one merchant, the same id with another body is still a conflict
  const conflict = await p.webhook({ ...fromB, data: { ...(fromB['data'] as object), amount: 1 } }, { secret: b.webhookSecret });
  assert.equal(conflict.status, 409);
  assert.equal((conflict.body as { error: { code: string } }).error.code, 'WEBHOOK.EVENT_CONFLICT');
  assert.deepEqual(counts(p.platform), after);
});

test('an unknown merchant gets exactly the answer a known merchant with a bad signature gets', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const now = Math.floor(p.clock.now().getTime() / 1000);
  const known = paymentEvent(p.clock);
  const unknown = { ...known, merchantId: 'm_nobody' };
  const answer = async (event: object, options: Parameters<TestPlatform['webhook']>[1]): Promise<{ status: number; body: unknown }> => {
    const before = counts(p.platform);
    const res = await p.webhook(event, options);
    assert.deepEqual(counts(p.platform), before, 'nothing was written');
    return { status: res.status, body: res.body as unknown };
  };
  for (const options of [
    { secret: 'whsec_wrong' },
    { header: null },
    { header: 't=abc,v1=zz' },
    { timestamp: now - 301 },
    { header: `t=${now},v1=${'0'.repeat(64)}` },
  ]) {
    const a = await answer(known, options);
    const b = await answer(unknown, options);
    assert.equal(a.status, 401);
    assert.deepEqual(b, a, `same answer for ${JSON.stringify(options)}`);
  }
  // signed with the demo merchant's real secret but naming another merchant: still the same answer
  const forged = await answer(unknown, { secret: DEMO_MERCHANT.webhookSecret });
  assert.deepEqual(forged, await answer(known, { secret: 'whsec_wrong' }));
  // a merchant id that is not even a string is answered the same way
  const raw = JSON.stringify({ ...known, merchantId: 42 });
  const odd = await p.webhook({}, { raw, header: signWebhook({ secret: 'whsec_wrong', rawBody: raw, timestamp: now }) });
  assert.deepEqual({ status: odd.status, body: odd.body as unknown }, await answer(known, { secret: 'whsec_wrong' }));
});

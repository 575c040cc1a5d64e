// POST /webhooks/alipay/:merchantId through real HTTP (supertest) on a real platform: Alipay
// asynchronous notifications signed with RSA2 keys generated here, settings set over GraphQL,
// TRADE_SUCCESS / TRADE_FINISHED deduplicated on trade_no, cumulative refunds, projections equal
// to a ledger replay, and every refusal answers something other than `success` and writes nothing.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { signAlipayNotification } from '../../src/providers/index.js';
import { checkProjections } from '../../src/storage/sqlite/projection-check.js';
import { ADMIN_KEY, counts, DEMO_MERCHANT, startTestPlatform, type TestPlatform } from '../support/platform-harness.js';

// RSA-2048 generation is slow: once per file
const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PUBLIC_KEY = alipay.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const APP_ID = '2021000000000001';
const SELLER_ID = '2088000000000001';
const M = DEMO_MERCHANT.id;

let notifications = 0;
const trade = (n: string, overrides: Record<string, string> = {}): Record<string, string> => ({
  gmt_create: '2026-11-21 09:58:58', charset: 'utf-8', seller_email: 'shop@example.com', subject: '咖啡 2 杯 & 蛋糕', buyer_id: '2088102122524333',
  invoice_amount: '128.00', notify_id: `20261121002221046000${String(++notifications).padStart(14, '0')}`, notify_type: 'trade_status_sync',
  trade_status: 'TRADE_SUCCESS', receipt_amount: '128.00', app_id: APP_ID, buyer_pay_amount: '128.00', seller_id: SELLER_ID,
  gmt_payment: '2026-11-21 09:59:00', notify_time: '2026-11-21 09:59:01', version: '1.0', out_trade_no: `order_${n}`,
  total_amount: '128.00', trade_no: `2026112122001404330${n.padStart(9, '0')}`, auth_app_id: APP_ID, buyer_logon_id: '159****5620', point_amount: '0.00',
  ...overrides,
});
const refundOf = (n: string, refundNo: string, refundFeeYuan: string): Record<string, string> =>
  trade(n, { out_biz_no: `refund_${refundNo}`, refund_fee: refundFeeYuan, gmt_refund: '2026-11-21 09:59:30.320', notify_time: '2026-11-21 09:59:31' });

const signed = (params: Record<string, string>, o: { key?: typeof alipay.privateKey; signType?: string } = {}): string =>
  signAlipayNotification({ privateKey: o.key ?? alipay.privateKey, params, ...(o.signType ? { signType: o.signType } : {}) }).rawForm;

async function start(t: TestContext): Promise<TestPlatform> {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const set = await p.gql<{ setAlipaySettings: { appId: string; sellerId: string; publicKeyFingerprint: string } }>(
    'mutation($m: ID, $input: AlipaySettingsInput!) { setAlipaySettings(merchantId: $m, input: $input) { appId sellerId publicKeyFingerprint } }',
    { m: M, input: { appId: APP_ID, sellerId: SELLER_ID, publicKey: PUBLIC_KEY } }, ADMIN_KEY,
  );
  assert.equal(set.errors, undefined, JSON.stringify(set.errors));
  assert.match(set.data?.setAlipaySettings.publicKeyFingerprint ?? '', /^[0-9a-f]{64}$/u);
  return p;
}

const post = (p: TestPlatform, rawForm: string, merchant = M) =>
  request(p.app).post(`/webhooks/alipay/${merchant}`).set('Content-Type', 'application/x-www-form-urlencoded; charset=utf-8').send(rawForm);

function state(p: TestPlatform): Record<string, number> {
  return { ...counts(p.platform), notifications: p.platform.db.prepare('SELECT count(*) FROM provider_notifications').pluck().get() as number };
}

async function refused(p: TestPlatform, rawForm: string, status: number, merchant = M): Promise<void> {
  const before = state(p);
  const res = await post(p, rawForm, merchant);
  assert.equal(res.status, status, res.text);
  assert.notEqual(res.text, 'success');
  assert.deepEqual(state(p), before, 'nothing was written');
}

test('an Alipay payment and cumulative refunds end to end: TRADE_FINISHED after TRADE_SUCCESS has no second effect; projections equal a ledger replay', async (t) => {
  const p = await start(t);
  const paid = signed(trade('1'));
  const res = await post(p, paid);
  assert.deepEqual([res.status, res.text], [200, 'success']);
  const payment = p.platform.payments.findByProviderId(M, trade('1')['trade_no'] as string);
  assert.equal(payment?.amount, 12800);
  const after = state(p);
  assert.deepEqual((await post(p, paid)).text, 'success');
  assert.deepEqual(state(p), after, 'a redelivery changes nothing');
  assert.equal((await post(p, signed(trade('1', { trade_status: 'TRADE_FINISHED' })))).text, 'success');
  assert.deepEqual(state(p), { ...after, notifications: (after.notifications ?? 0) + 1 }, 'TRADE_FINISHED acknowledged, no second payment');

  // refund_fee is cumulative: 5.00, then 8.00 in all (a second refund of 3.00)
  const first = signed(refundOf('1', '1', '5.00'));
  assert.equal((await post(p, first)).text, 'success');
  assert.equal(p.platform.payments.get(payment?.id ?? '')?.refunded, 500);
  assert.equal((await post(p, signed(refundOf('1', '2', '8.00')))).text, 'success');
  assert.equal(p.platform.payments.get(payment?.id ?? '')?.refunded, 800);
  assert.deepEqual(p.platform.payments.refunds(payment?.id ?? '').map((r) => r.amount).sort(), [300, 500]);
  // the first refund's notification redelivered, and sent again under a new notify_id: no effect
  assert.equal((await post(p, first)).text, 'success');
  assert.equal((await post(p, signed(refundOf('1', '1', '5.00')))).text, 'success');
  assert.equal(p.platform.payments.get(payment?.id ?? '')?.refunded, 800);
  // an unpaid trade closing asks for nothing, and is acknowledged
  assert.equal((await post(p, signed(trade('2', { trade_status: 'WAIT_BUYER_PAY' })))).text, 'success');
  assert.equal(state(p).payments, 1);
  assert.deepEqual(checkProjections(p.platform.db).differences, []);
});

test('every refusal answers fail and writes nothing', async (t) => {
  const p = await start(t);
  // the generic webhook's cases: a bad signature, no signature, an unknown merchant, a malformed body
  await refused(p, signed(trade('7'), { key: stranger.privateKey }), 401);
  await refused(p, signed(trade('7')).replace(/&sign=[^&]*/u, ''), 401);
  await refused(p, signed(trade('7')), 401, 'm_nobody');
  const { notify_id: _dropped, ...noId } = trade('7');
  await refused(p, signed(noId), 400);
  await refused(p, 'not a form %%', 400);
  // Alipay's own: a parameter added after signing, sign_type other than RSA2, another merchant's app_id or seller_id
  await refused(p, `${signed(trade('7'))}&extra=1`, 401);
  await refused(p, signed(trade('7'), { signType: 'RSA' }), 401);
  await refused(p, signed(trade('7', { app_id: '2021000000000002', auth_app_id: '2021000000000002' })), 403);
  await refused(p, signed(trade('7', { seller_id: '2088000000000002' })), 403);
  // recording's refusals: a refund of a trade we never saw
  await refused(p, signed(refundOf('8', '1', '1.00')), 422);
});

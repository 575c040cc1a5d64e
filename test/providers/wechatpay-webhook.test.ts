// POST /webhooks/wechatpay/:merchantId through real HTTP (supertest) on a real platform: WeChat
// Pay notifications signed with keys generated here, settings set over GraphQL, payments and
// refunds recorded through the webhook's recording path, projections equal to a ledger replay,
// and every refusal writes nothing. Settings secrets never appear in an answer or a log line.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import request from 'supertest';
import { pino } from 'pino';
import { createApp } from '../../src/http/app.js';
import { signWechatPayHeaders, signWechatPayNotification, type SignWechatPayOptions } from '../../src/providers/index.js';
import { checkProjections } from '../../src/storage/sqlite/projection-check.js';
import { ADMIN_KEY, counts, DEMO_MERCHANT, startTestPlatform, type TestPlatform } from '../support/platform-harness.js';

// RSA-2048 generation is slow: once per file
const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const wechat = pair();
const rotated = pair();
const stranger = pair();
const pem = (k: ReturnType<typeof pair>['publicKey']): string => k.export({ type: 'spki', format: 'pem' }).toString();

const API_V3_KEY = 'k3Yq9ZrT2mWx8vBn4cLp6sHd1fGj7aQe';
const SERIAL = 'PUB_KEY_ID_0119000001092026112000000000000001';
const ROTATED = 'PUB_KEY_ID_0119000001092026112000000000000002';
const MCHID = '1900000109';
const M = DEMO_MERCHANT.id;

const transaction = (n: string, total = 12800) => ({
  mchid: MCHID, appid: 'wxd678efh567hg6787', out_trade_no: `order_${n}`, transaction_id: `42000026512026112${n.padStart(11, '0')}`,
  trade_type: 'NATIVE', trade_state: 'SUCCESS', trade_state_desc: '支付成功', bank_type: 'OTHERS', attach: '咖啡 2 杯',
  success_time: '2026-11-21T09:59:00+08:00', payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  amount: { total, payer_total: total, currency: 'CNY', payer_currency: 'CNY' },
});
const refund = (n: string, r: string, amount: number, status = 'SUCCESS') => ({
  mchid: MCHID, out_trade_no: `order_${n}`, transaction_id: `42000026512026112${n.padStart(11, '0')}`,
  out_refund_no: `refund_${r}`, refund_id: `5030020651202611231${r.padStart(7, '0')}`, refund_status: status, success_time: '2026-11-21T09:59:30+08:00',
  user_received_account: '支付用户零钱', amount: { total: 12800, refund: amount, payer_total: 12800, payer_refund: amount },
});

interface Harness {
  readonly p: TestPlatform;
  readonly app: Express;
  readonly logs: string[];
  now(): number;
}

async function start(t: TestContext): Promise<Harness> {
  const p = await startTestPlatform();
  const logs: string[] = [];
  // the same platform behind an app whose every log line is kept, to look for secrets in them
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { logs.push(chunk.toString('utf8')); done(); } });
  const { app, stop } = await createApp({ platform: p.platform, logger: pino({ level: 'trace' }, sink), reconcileDeps: p.reconcileDeps });
  t.after(async () => { await stop(); await p.close(); });
  const set = await p.gql<{ setWechatPaySettings: Record<string, unknown> }>(SET_WECHAT, { input: { mchid: MCHID, apiV3Key: API_V3_KEY, publicKeys: [{ id: SERIAL, pem: pem(wechat.publicKey) }] } }, DEMO_MERCHANT.apiKey);
  assert.equal(set.errors, undefined, JSON.stringify(set.errors));
  return { p, app, logs, now: () => Math.floor(p.clock.now().getTime() / 1000) };
}

const SET_WECHAT = `mutation($m: ID, $input: WechatPaySettingsInput!) {
  setWechatPaySettings(merchantId: $m, input: $input) { mchid apiV3KeySet publicKeys { id fingerprint } updatedAt } }`;

function sign(h: Harness, o: Partial<SignWechatPayOptions> & Pick<SignWechatPayOptions, 'resource'>) {
  return signWechatPayNotification({ privateKey: wechat.privateKey, serial: SERIAL, apiV3Key: API_V3_KEY, eventType: 'TRANSACTION.SUCCESS', timestamp: h.now(), ...o });
}
function resign(h: Harness, signed: { rawBody: Buffer }, change: (body: Record<string, unknown>) => void) {
  const body = JSON.parse(signed.rawBody.toString('utf8')) as Record<string, unknown>;
  change(body);
  const rawBody = Buffer.from(JSON.stringify(body), 'utf8');
  return { rawBody, headers: signWechatPayHeaders({ privateKey: wechat.privateKey, serial: SERIAL, timestamp: h.now(), rawBody }) };
}
function post(h: Harness, signed: { headers: Record<string, string>; rawBody: Buffer | string }, merchant = M) {
  return request(h.app).post(`/webhooks/wechatpay/${merchant}`).set({ 'Content-Type': 'application/json', ...signed.headers })
    // as a string: superagent would serialise a Buffer sent as application/json to {"type":"Buffer",…}
    .send(signed.rawBody.toString('utf8'));
}

function state(h: Harness): Record<string, number> {
  return { ...counts(h.p.platform), notifications: h.p.platform.db.prepare('SELECT count(*) FROM provider_notifications').pluck().get() as number };
}

async function refused(h: Harness, signed: { headers: Record<string, string>; rawBody: Buffer | string }, status: number, merchant = M): Promise<void> {
  const before = state(h);
  const res = await post(h, signed, merchant);
  assert.equal(res.status, status, res.text);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body), ['code', 'message']);
  assert.equal(body['code'], 'FAIL');
  assert.ok(!res.text.includes(API_V3_KEY));
  assert.deepEqual(state(h), before, 'nothing was written');
}

test('a WeChat Pay payment and refunds end to end: one effect each, however often notified; projections equal a ledger replay', async (t) => {
  const h = await start(t);
  const paid = sign(h, { resource: transaction('1'), id: 'EV-PAY-1' });
  const res = await post(h, paid);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.text, '', 'an empty body once committed');
  const payment = h.p.platform.payments.findByProviderId(M, transaction('1').transaction_id);
  assert.equal(payment?.amount, 12800);
  const afterPayment = state(h);
  assert.deepEqual([afterPayment.payments, afterPayment.notifications], [1, 1]);

  // the same notification again, and the same transaction under a new notification id
  assert.equal((await post(h, paid)).status, 200);
  assert.deepEqual(state(h), afterPayment, 'a redelivery changes nothing');
  assert.equal((await post(h, sign(h, { resource: transaction('1'), id: 'EV-PAY-1-AGAIN' }))).status, 200);
  assert.deepEqual(state(h), { ...afterPayment, notifications: 2 }, 'acknowledged, recorded as seen, no second payment');

  const refunded = await post(h, sign(h, { eventType: 'REFUND.SUCCESS', resource: refund('1', '1', 500), id: 'EV-REF-1' }));
  assert.equal(refunded.status, 200, refunded.text);
  assert.equal(h.p.platform.payments.get(payment?.id ?? '')?.refunded, 500);
  assert.equal((await post(h, sign(h, { eventType: 'REFUND.SUCCESS', resource: refund('1', '1', 500), id: 'EV-REF-1-AGAIN' }))).status, 200);
  assert.equal(h.p.platform.payments.get(payment?.id ?? '')?.refunded, 500, 'the same refund id refunds once');

  // a refund that did not complete: recorded durably, no refund and no ledger entry
  const beforeAbnormal = state(h);
  for (const [i, status] of ['ABNORMAL', 'CLOSED'].entries()) {
    const res2 = await post(h, sign(h, { eventType: `REFUND.${status}` as 'REFUND.ABNORMAL', resource: refund('1', `9${i}`, 300, status), id: `EV-REF-${status}` }));
    assert.equal(res2.status, 200, res2.text);
  }
  assert.deepEqual(state(h), { ...beforeAbnormal, notifications: (beforeAbnormal.notifications ?? 0) + 2 });
  assert.deepEqual(h.p.platform.db.prepare("SELECT effect, detail, amount FROM provider_notifications WHERE kind = 'refund-not-completed' ORDER BY detail").all(),
    [{ effect: 'NOT_COMPLETED', detail: 'ABNORMAL', amount: 300 }, { effect: 'NOT_COMPLETED', detail: 'CLOSED', amount: 300 }]);
  assert.deepEqual(checkProjections(h.p.platform.db).differences, []);
});

test('every refusal answers {"code":"FAIL"} and writes nothing', async (t) => {
  const h = await start(t);
  const good = () => sign(h, { resource: transaction('7') });
  const res = (b: Record<string, unknown>) => b['resource'] as { ciphertext: string; nonce: string };
  const flip = (b64: string, at: number): string => {
    const bytes = Buffer.from(b64, 'base64');
    const i = at < 0 ? bytes.length + at : at;
    bytes[i] = (bytes[i] ?? 0) ^ 1;
    return bytes.toString('base64');
  };
  // the generic webhook's cases: bad signature, missing signature, stale / future timestamp, body changed after signing, unknown merchant, malformed
  await refused(h, { ...good(), headers: { ...good().headers, 'wechatpay-signature': signWechatPayNotification({ privateKey: stranger.privateKey, serial: SERIAL, apiV3Key: API_V3_KEY, eventType: 'TRANSACTION.SUCCESS', resource: transaction('7'), timestamp: h.now() }).headers['wechatpay-signature'] as string } }, 401);
  const unsigned = good();
  delete unsigned.headers['wechatpay-signature'];
  await refused(h, unsigned, 401);
  await refused(h, sign(h, { resource: transaction('7'), timestamp: h.now() - 301 }), 401);
  await refused(h, sign(h, { resource: transaction('7'), timestamp: h.now() + 301 }), 401);
  const signed = good();
  await refused(h, { headers: signed.headers, rawBody: Buffer.concat([signed.rawBody, Buffer.from(' ')]) }, 401);
  await refused(h, good(), 401, 'm_nobody');
  await refused(h, (() => { const rawBody = Buffer.from('not json'); return { rawBody, headers: signWechatPayHeaders({ privateKey: wechat.privateKey, serial: SERIAL, timestamp: h.now(), rawBody }) }; })(), 400);
  await refused(h, sign(h, { resource: transaction('7'), signatureType: 'WECHATPAY2-SHA256-RSA4096' }), 401);
  // the providers' own: an unknown serial, a wrong APIv3 key, a changed ciphertext or tag, another merchant's mchid
  await refused(h, signWechatPayNotification({ privateKey: rotated.privateKey, serial: ROTATED, apiV3Key: API_V3_KEY, eventType: 'TRANSACTION.SUCCESS', resource: transaction('7'), timestamp: h.now() }), 401);
  await refused(h, sign(h, { resource: transaction('7'), apiV3Key: 'Z'.repeat(32) }), 400);
  await refused(h, resign(h, good(), (b) => { res(b).ciphertext = flip(res(b).ciphertext, 0); }), 400);
  await refused(h, resign(h, good(), (b) => { res(b).ciphertext = flip(res(b).ciphertext, -1); }), 400);
  await refused(h, sign(h, { resource: { ...transaction('7'), mchid: '1900000110' } }), 403);
  // recording's refusals: a refund of an unknown payment, a refund beyond what remains
  await refused(h, sign(h, { eventType: 'REFUND.SUCCESS', resource: refund('8', '1', 100) }), 422);
  assert.equal((await post(h, sign(h, { resource: transaction('7', 1000) }))).status, 200);
  const part = (r: string, amount: number) => ({ ...refund('7', r, amount), amount: { total: 1000, refund: amount, payer_total: 1000, payer_refund: amount } });
  assert.equal((await post(h, sign(h, { eventType: 'REFUND.SUCCESS', resource: part('2', 600) }))).status, 200);
  await refused(h, sign(h, { eventType: 'REFUND.SUCCESS', resource: part('3', 401) }), 422);
  assert.ok(h.logs.length > 0);
  for (const line of h.logs) assert.ok(!line.includes(API_V3_KEY), 'no log line holds the APIv3 key');
});

test('settings: MERCHANT its own, ADMIN any; the APIv3 key never comes back; a rotation takes effect at once', async (t) => {
  const h = await start(t);
  const q = 'query($m: ID) { providerSettings(merchantId: $m) { merchantId wechatPay { mchid apiV3KeySet publicKeys { id fingerprint } } alipay { appId } } }';
  const mine = await h.p.gql<{ providerSettings: { wechatPay: { apiV3KeySet: boolean; publicKeys: Array<{ id: string; fingerprint: string }> } } }>(q, {}, DEMO_MERCHANT.apiKey);
  assert.equal(mine.errors, undefined, JSON.stringify(mine.errors));
  assert.equal(mine.data?.providerSettings.wechatPay.apiV3KeySet, true);
  assert.deepEqual(mine.data?.providerSettings.wechatPay.publicKeys.map((k) => k.id), [SERIAL]);
  assert.match(mine.data?.providerSettings.wechatPay.publicKeys[0]?.fingerprint ?? '', /^[0-9a-f]{64}$/u);

  // notifications signed with the next key are refused until it is added
  const next = () => signWechatPayNotification({ privateKey: rotated.privateKey, serial: ROTATED, apiV3Key: API_V3_KEY, eventType: 'TRANSACTION.SUCCESS', resource: transaction('5'), timestamp: h.now() });
  await refused(h, next(), 401);
  // ADMIN adds it (both active), keeping the APIv3 key
  const both = await h.p.gql(SET_WECHAT, { m: M, input: { mchid: MCHID, publicKeys: [{ id: SERIAL, pem: pem(wechat.publicKey) }, { id: ROTATED, pem: pem(rotated.publicKey) }] } }, ADMIN_KEY);
  assert.equal(both.errors, undefined, JSON.stringify(both.errors));
  assert.equal((await post(h, next())).status, 200);
  assert.equal((await post(h, sign(h, { resource: transaction('6') }))).status, 200, 'the old key still works during the rotation');

  const answers: unknown[] = [mine, both];
  // refusals: another merchant's settings, anonymous, a malformed key (never echoed)
  const other = await h.p.gql(SET_WECHAT, { m: 'm_other', input: { mchid: MCHID, apiV3Key: API_V3_KEY, publicKeys: [{ id: SERIAL, pem: pem(wechat.publicKey) }] } }, DEMO_MERCHANT.apiKey);
  assert.equal(other.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  const anonymous = await h.p.gql(SET_WECHAT, { input: { mchid: MCHID, apiV3Key: API_V3_KEY, publicKeys: [{ id: SERIAL, pem: pem(wechat.publicKey) }] } });
  assert.equal(anonymous.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
  const badKey = `${API_V3_KEY}!`;
  const bad = await h.p.gql(SET_WECHAT, { input: { mchid: MCHID, apiV3Key: badKey, publicKeys: [{ id: SERIAL, pem: pem(wechat.publicKey) }] } }, DEMO_MERCHANT.apiKey);
  assert.equal(bad.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  const notRsa = await h.p.gql(SET_WECHAT, { input: { mchid: MCHID, apiV3Key: API_V3_KEY, publicKeys: [{ id: SERIAL, pem: 'not a key' }] } }, DEMO_MERCHANT.apiKey);
  assert.equal(notRsa.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  answers.push(other, anonymous, bad, notRsa);
  for (const answer of answers) {
    const text = JSON.stringify(answer);
    assert.ok(!text.includes(API_V3_KEY), 'no GraphQL answer holds the APIv3 key');
    assert.ok(!text.includes(badKey.slice(0, 12)), 'nor a refused one');
  }
  for (const line of h.logs) assert.ok(!line.includes(API_V3_KEY));
});

test('a WeChat Pay refund of an invoiced payment is handled as the webhook\'s refunds are: the invoice becomes REVERSAL_REQUIRED', async (t) => {
  const h = await start(t);
  assert.equal((await post(h, sign(h, { resource: transaction('3') }))).status, 200);
  const payment = h.p.platform.payments.findByProviderId(M, transaction('3').transaction_id);
  const applied = await h.p.gql<{ applyForInvoice: { id: string } }>(
    'mutation($p: ID!) { applyForInvoice(input: { paymentId: $p, buyer: { type: INDIVIDUAL, name: "李四" } }) { id } }', { p: payment?.id }, DEMO_MERCHANT.apiKey,
  );
  assert.equal(applied.errors, undefined, JSON.stringify(applied.errors));
  const id = applied.data?.applyForInvoice.id;
  const issued = await h.p.gql<{ issueInvoice: { status: string } }>('mutation($id: ID!) { issueInvoice(applicationId: $id) { status } }', { id }, DEMO_MERCHANT.apiKey);
  assert.equal(issued.data?.issueInvoice.status, 'ISSUED', JSON.stringify(issued.errors));
  assert.equal((await post(h, sign(h, { eventType: 'REFUND.SUCCESS', resource: refund('3', '1', 3000) }))).status, 200);
  const after = await h.p.gql<{ invoice: { status: string } }>('query($id: ID!) { invoice(id: $id) { status } }', { id }, DEMO_MERCHANT.apiKey);
  assert.equal(after.data?.invoice.status, 'REVERSAL_REQUIRED');
  assert.deepEqual(checkProjections(h.p.platform.db).differences, []);
});

test('20 concurrent deliveries of one WeChat Pay notification make one payment, one ledger entry and one notification record', async (t) => {
  const h = await start(t);
  const before = state(h);
  const signed = sign(h, { resource: transaction('4'), id: 'EV-CONCURRENT' });
  const answers = await Promise.all(Array.from({ length: 20 }, () => post(h, signed)));
  assert.deepEqual([...new Set(answers.map((a) => `${a.status} ${a.text}`))], ['200 ']);
  const after = state(h);
  assert.deepEqual([after.payments, after.ledger, after.notifications], [(before.payments ?? 0) + 1, (before.ledger ?? 0) + 1, (before.notifications ?? 0) + 1]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from '../support/fast-check.js';
import { FIXTURES_DIR } from '../../src/config.js';
import {
  createWechatPayKeyring, signWechatPayHeaders, signWechatPayNotification, verifyWechatPayNotification, wechatPayApiV3Key,
  type SignWechatPayOptions, type WechatPayNotificationOptions,
} from '../../src/providers/index.js';

// RSA-2048 generation is slow: once per file
const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const wechat = pair();
const rotated = pair();
const stranger = pair();
const pem = (k: ReturnType<typeof pair>['publicKey']): string => k.export({ type: 'spki', format: 'pem' }).toString();

const NOW = 1_795_600_000; // 2026-11-23T…Z
const clock = { now: () => new Date(NOW * 1000) };
const API_V3_KEY = 'a'.repeat(16) + 'B'.repeat(16);
const SERIAL = 'PUB_KEY_ID_0119000001092026112000000000000001';
const ROTATED = 'PUB_KEY_ID_0119000001092026112000000000000002';
const keys = createWechatPayKeyring([{ id: SERIAL, pem: pem(wechat.publicKey) }, { id: ROTATED, pem: pem(rotated.publicKey) }]);

const transaction = {
  mchid: '1900000109', appid: 'wxd678efh567hg6787', out_trade_no: 'order_20261123_0001', transaction_id: '4200002651202611231234567890',
  trade_type: 'NATIVE', trade_state: 'SUCCESS', trade_state_desc: '支付成功', bank_type: 'OTHERS', attach: '咖啡 2 杯',
  success_time: '2026-11-23T10:46:02+08:00', payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  amount: { total: 12800, payer_total: 12000, currency: 'CNY', payer_currency: 'CNY' },
};
const refund = {
  mchid: '1900000109', out_trade_no: 'order_20261123_0001', transaction_id: '4200002651202611231234567890',
  out_refund_no: 'refund_0001', refund_id: '50300206512026112312345678', refund_status: 'SUCCESS', success_time: '2026-11-23T11:00:00+08:00',
  user_received_account: '支付用户零钱', amount: { total: 12800, refund: 500, payer_total: 12000, payer_refund: 500 },
};

function sign(overrides: Partial<SignWechatPayOptions> = {}) {
  return signWechatPayNotification({ privateKey: wechat.privateKey, serial: SERIAL, apiV3Key: API_V3_KEY, eventType: 'TRANSACTION.SUCCESS', resource: transaction, timestamp: NOW, ...overrides });
}
function verify(signed: { headers: Record<string, string>; rawBody: Buffer }, overrides: Partial<WechatPayNotificationOptions> = {}) {
  return verifyWechatPayNotification({ ...signed, keys, apiV3Key: API_V3_KEY, mchid: '1900000109', merchantId: 'm_demo', clock, ...overrides });
}
function refused(result: ReturnType<typeof verify>, reason: string, status: number): void {
  assert.equal(result.ok, false, `expected ${reason}`);
  if (result.ok) return;
  assert.equal(result.reason, reason);
  assert.equal(result.answer.status, status);
  assert.deepEqual(Object.keys(JSON.parse(result.answer.body) as object), ['code', 'message']);
  assert.equal((JSON.parse(result.answer.body) as { code: string }).code, 'FAIL');
  // never a secret or a piece of the payload
  for (const secret of [API_V3_KEY, transaction.out_trade_no, transaction.transaction_id, '12800']) assert.ok(!result.answer.body.includes(secret));
}
/** Re-signs a body changed after WeChat Pay built it, to reach the checks behind the signature. */
function resign(signed: { rawBody: Buffer }, change: (body: Record<string, unknown>) => void) {
  const body = JSON.parse(signed.rawBody.toString('utf8')) as Record<string, unknown>;
  change(body);
  const rawBody = Buffer.from(JSON.stringify(body), 'utf8');
  return { rawBody, headers: signWechatPayHeaders({ privateKey: wechat.privateKey, serial: SERIAL, timestamp: NOW, rawBody }) };
}

test('a TRANSACTION.SUCCESS notification is verified, decrypted and mapped to a payment event', () => {
  const signed = sign({ id: 'EV-2026112310460200001' });
  const result = verify(signed);
  assert.equal(result.ok, true);
  if (!result.ok) return;
  assert.deepEqual(result.answer, { status: 200, contentType: 'text/plain', body: '' });
  assert.deepEqual(result.event, {
    kind: 'payment', provider: 'wechatpay', idempotency: { notificationId: 'EV-2026112310460200001', objectId: '4200002651202611231234567890' },
    merchantOrderId: 'order_20261123_0001', payerTotal: 12000,
    event: {
      id: 'wechatpay:EV-2026112310460200001', type: 'payment.succeeded', created: NOW, merchantId: 'm_demo',
      data: { paymentId: '4200002651202611231234567890', amount: 12800, currency: 'CNY', paidAt: '2026-11-23T02:46:02.000Z', description: '咖啡 2 杯', items: null },
    },
  });
});

test('REFUND.SUCCESS becomes a refund; REFUND.ABNORMAL and REFUND.CLOSED are recorded without one', () => {
  const ok = verify(sign({ eventType: 'REFUND.SUCCESS', resource: refund, id: 'EV-R1' }));
  assert.ok(ok.ok);
  assert.deepEqual(ok.event, {
    kind: 'refund', provider: 'wechatpay', idempotency: { notificationId: 'EV-R1', objectId: '50300206512026112312345678' }, merchantRefundId: 'refund_0001',
    event: { id: 'wechatpay:EV-R1', type: 'payment.refunded', created: NOW, merchantId: 'm_demo', data: { paymentId: '4200002651202611231234567890', refundId: '50300206512026112312345678', amount: 500 } },
  });
  for (const status of ['ABNORMAL', 'CLOSED'] as const) {
    const { success_time: _, ...rest } = refund;
    const result = verify(sign({ eventType: `REFUND.${status}`, resource: { ...rest, refund_status: status }, id: 'EV-R2' }));
    assert.ok(result.ok);
    assert.equal(result.answer.status, 200);
    assert.deepEqual(result.event, {
      kind: 'refund-not-completed', provider: 'wechatpay', idempotency: { notificationId: 'EV-R2', objectId: '50300206512026112312345678' }, status,
      merchantId: 'm_demo', paymentId: '4200002651202611231234567890', refundId: '50300206512026112312345678', merchantRefundId: 'refund_0001', amount: 500,
    });
  }
  refused(verify(sign({ eventType: 'REFUND.CLOSED', resource: refund })), 'MALFORMED', 400);
});

test('any active key verifies during a rotation; a platform certificate is found by its serial', () => {
  assert.ok(verify(sign({ privateKey: rotated.privateKey, serial: ROTATED })).ok);
  const certificate = readFileSync(path.join(FIXTURES_DIR, 'providers', 'wechatpay-platform-cert.pem'), 'utf8');
  const certKeys = createWechatPayKeyring([{ pem: certificate }]);
  const [serial] = [...certKeys.keys()];
  assert.match(serial ?? '', /^[0-9A-F]{40}$/u);
  const privateKey = readFileSync(path.join(FIXTURES_DIR, 'providers', 'wechatpay-platform-cert.private.pem'), 'utf8');
  assert.ok(verify(sign({ privateKey, serial: serial ?? '' }), { keys: certKeys }).ok);
  assert.throws(() => createWechatPayKeyring([{ pem: pem(wechat.publicKey) }]), RangeError);
  assert.throws(() => createWechatPayKeyring([{ id: SERIAL, pem: pem(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey) }]), RangeError);
});

test('refused before the body is read: bad signature, unknown serial, stale or future timestamp, wrong signature type, missing headers', () => {
  refused(verify(sign({ privateKey: stranger.privateKey })), 'BAD_SIGNATURE', 401);
  refused(verify(sign({ serial: 'PUB_KEY_ID_0119000001092026112000000000000099' })), 'UNKNOWN_SERIAL', 401);
  refused(verify(sign({ timestamp: NOW - 301 })), 'STALE_TIMESTAMP', 401);
  refused(verify(sign({ timestamp: NOW + 301 })), 'STALE_TIMESTAMP', 401);
  assert.ok(verify(sign({ timestamp: NOW - 300 })).ok);
  assert.ok(verify(sign({ timestamp: NOW + 60 }), { toleranceSeconds: 60 }).ok);
  refused(verify(sign({ signatureType: 'WECHATPAY2-SHA256-RSA1024' })), 'BAD_SIGNATURE_TYPE', 401);
  assert.ok(verify(sign({ signatureType: null })).ok, 'the type header is optional');
  const signed = sign();
  const { 'wechatpay-signature': _, ...unsigned } = signed.headers;
  refused(verify({ ...signed, headers: unsigned }), 'MISSING_SIGNATURE', 401);
  refused(verify({ ...signed, headers: { ...signed.headers, 'wechatpay-signature': 'not base64!' } }), 'BAD_SIGNATURE', 401);
  refused(verify({ ...signed, headers: { ...signed.headers, 'Wechatpay-Serial': SERIAL } }), 'MALFORMED', 400);
  refused(verify({ ...signed, headers: { ...signed.headers, 'wechatpay-timestamp': '17956e5' } }), 'MALFORMED', 400);
  const { rawBody } = sign();
  refused(verify({ rawBody: Buffer.concat([rawBody, Buffer.alloc(64 * 1024)]), headers: signWechatPayHeaders({ privateKey: wechat.privateKey, serial: SERIAL, timestamp: NOW, rawBody: Buffer.concat([rawBody, Buffer.alloc(64 * 1024)]) }) }), 'TOO_LARGE', 413);
});

test('a wrong APIv3 key, a changed ciphertext, tag, nonce or associated data does not decrypt', () => {
  refused(verify(sign(), { apiV3Key: 'c'.repeat(32) }), 'DECRYPT_FAILED', 400);
  refused(verify(sign({ apiV3Key: 'c'.repeat(32) })), 'DECRYPT_FAILED', 400);
  const flip = (b64: string, at: number): string => {
    const bytes = Buffer.from(b64, 'base64');
    bytes[at] = (bytes[at] ?? 0) ^ 1;
    return bytes.toString('base64');
  };
  type Resource = { ciphertext: string; nonce: string; associated_data: string };
  const res = (body: Record<string, unknown>): Resource => body['resource'] as Resource;
  refused(verify(resign(sign(), (b) => { res(b).ciphertext = flip(res(b).ciphertext, 0); })), 'DECRYPT_FAILED', 400);
  refused(verify(resign(sign(), (b) => { res(b).ciphertext = flip(res(b).ciphertext, Buffer.from(res(b).ciphertext, 'base64').length - 1); })), 'DECRYPT_FAILED', 400);
  refused(verify(resign(sign(), (b) => { res(b).associated_data = 'refund'; })), 'DECRYPT_FAILED', 400);
  refused(verify(resign(sign(), (b) => { res(b).nonce = 'AAAAAAAAAAAA'; })), 'DECRYPT_FAILED', 400);
  refused(verify(resign(sign(), (b) => { res(b).nonce = 'short'; })), 'MALFORMED', 400);
  refused(verify(resign(sign(), (b) => { res(b).ciphertext = 'not base64'; })), 'DECRYPT_FAILED', 400);
  assert.ok(verify(sign({ associatedData: '' })).ok, 'empty associated_data is allowed');
  assert.ok(verify(sign(), { apiV3Key: wechatPayApiV3Key(API_V3_KEY) }).ok, 'a key object made once per merchant');
  refused(verify(sign(), { apiV3Key: wechatPayApiV3Key('c'.repeat(32)) }), 'DECRYPT_FAILED', 400);
  assert.throws(() => verify(sign(), { apiV3Key: 'short' }), RangeError);
});

test('an mchid of another merchant is refused', () => {
  refused(verify(sign({ resource: { ...transaction, mchid: '1900000110' } })), 'WRONG_MCHID', 403);
  refused(verify(sign(), { mchid: '1900000110' }), 'WRONG_MCHID', 403);
});

test('malformed envelopes and resources are refused with the field named', () => {
  refused(verify(resign(sign(), (b) => { b['event_type'] = 'TRANSACTION.CLOSED'; })), 'UNSUPPORTED_EVENT', 400);
  refused(verify(resign(sign(), (b) => { b['create_time'] = '2026-02-30T10:00:00+08:00'; })), 'MALFORMED', 400);
  refused(verify(resign(sign(), (b) => { delete b['id']; })), 'MALFORMED', 400);
  const notJson = Buffer.from('{"id":', 'utf8');
  refused(verify({ rawBody: notJson, headers: signWechatPayHeaders({ privateKey: wechat.privateKey, serial: SERIAL, timestamp: NOW, rawBody: notJson }) }), 'MALFORMED', 400);
  const badUtf8 = Buffer.from([0x7b, 0xff, 0x7d]);
  refused(verify({ rawBody: badUtf8, headers: signWechatPayHeaders({ privateKey: wechat.privateKey, serial: SERIAL, timestamp: NOW, rawBody: badUtf8 }) }), 'MALFORMED', 400);
  const cases: Array<[string, Record<string, unknown>]> = [
    ['trade_state', { trade_state: 'NOTPAY' }],
    ['success_time', { success_time: '2026-11-23 10:46:02' }],
    ['success_time', { success_time: '2026-11-31T10:46:02+08:00' }],
    ['success_time', { success_time: '2026-11-23T24:00:00+08:00' }],
    ['amount.currency', { amount: { ...transaction.amount, currency: 'USD' } }],
    ['amount.total', { amount: { ...transaction.amount, total: 12800.5 } }],
    ['amount.total', { amount: { ...transaction.amount, total: '12800' } }],
    ['amount.total', { amount: { ...transaction.amount, total: 0 } }],
    ['amount.total', { amount: { ...transaction.amount, total: 1e15, payer_total: 1 } }],
    ['amount.payer_total', { amount: { ...transaction.amount, payer_total: 12801 } }],
    ['transaction_id', { transaction_id: '' }],
    ['out_trade_no', { out_trade_no: 'a b' }],
    ['attach', { attach: 'lone \ud800 surrogate' }],
    ['attach', { attach: 'bell \u0007' }],
    ['attach', { attach: 'x'.repeat(129) }],
  ];
  for (const [field, change] of cases) {
    const result = verify(sign({ resource: { ...transaction, ...change } }));
    refused(result, 'MALFORMED', 400);
    assert.ok(!result.ok && result.message.includes(field), `${field}: ${result.ok ? '' : result.message}`);
  }
  assert.ok(verify(sign({ resource: { ...transaction, amount: { ...transaction.amount, total: 999_999_999_999_999, payer_total: 1 } } })).ok, 'the domain maximum is accepted');
  const { attach: _, ...noAttach } = transaction;
  const result = verify(sign({ resource: noAttach }));
  assert.ok(result.ok && result.event.kind === 'payment' && result.event.event.data.description === 'order_20261123_0001');
});

test('any single-byte change to a signed notification is refused (seeded)', () => {
  const signed = sign();
  fc.assert(
    fc.property(fc.nat(signed.rawBody.length - 1), fc.integer({ min: 1, max: 255 }), (at, xor) => {
      const rawBody = Buffer.from(signed.rawBody);
      rawBody[at] = (rawBody[at] ?? 0) ^ xor;
      const result = verify({ headers: signed.headers, rawBody });
      return !result.ok && result.reason === 'BAD_SIGNATURE';
    }),
    { seed: 1414, numRuns: 200 },
  );
});

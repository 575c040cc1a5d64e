import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fc from '../support/fast-check.js';
import {
  alipayPublicKeyFrom, alipaySignContent, encodeForm, parseSignedForm, refundEventFromTotal, signAlipayNotification, signAlipayContent,
  verifyAlipayNotification, type AlipayNotificationOptions, type ProviderCumulativeRefund,
} from '../../src/providers/index.js';

// RSA-2048 generation is slow: once per file
const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKey = alipayPublicKeyFrom(alipay.publicKey.export({ type: 'spki', format: 'pem' }).toString());

const APP_ID = '2021000000000001';
const SELLER_ID = '2088000000000001';
const paid: Record<string, string> = {
  gmt_create: '2026-11-23 10:45:58', charset: 'utf-8', seller_email: 'shop@example.com', subject: '咖啡 2 杯 & 蛋糕', buyer_id: '2088102122524333',
  invoice_amount: '128.00', notify_id: '2026112300222104600012345678901234', fund_bill_list: '[{"amount":"128.00","fundChannel":"ALIPAYACCOUNT"}]',
  notify_type: 'trade_status_sync', trade_status: 'TRADE_SUCCESS', receipt_amount: '128.00', app_id: APP_ID, buyer_pay_amount: '120.00',
  seller_id: SELLER_ID, gmt_payment: '2026-11-23 10:46:02', notify_time: '2026-11-23 10:46:03', version: '1.0', out_trade_no: 'order_20261123_0001',
  total_amount: '128.00', trade_no: '2026112322001404330512345678', auth_app_id: APP_ID, buyer_logon_id: '159****5620', point_amount: '0.00',
};
const refundParams: Record<string, string> = {
  ...paid, notify_id: '2026112300222110000012345678905678', notify_time: '2026-11-23 11:00:01', out_biz_no: 'refund_0001',
  refund_fee: '5.00', gmt_refund: '2026-11-23 11:00:00.320',
};

function verify(rawForm: string | Uint8Array, overrides: Partial<AlipayNotificationOptions> = {}) {
  return verifyAlipayNotification({ rawForm, alipayPublicKey: publicKey, appId: APP_ID, sellerId: SELLER_ID, merchantId: 'm_demo', ...overrides });
}
const signed = (params: Record<string, string>, signType?: string): string => signAlipayNotification({ privateKey: alipay.privateKey, params, ...(signType ? { signType } : {}) }).rawForm;
function refused(result: ReturnType<typeof verify>, reason: string, status: number): void {
  assert.equal(result.ok, false, `expected ${reason}`);
  if (result.ok) return;
  assert.equal(result.reason, reason);
  assert.deepEqual(result.answer, { status, contentType: 'text/plain', body: 'fail' });
  for (const secret of [paid['trade_no'] ?? '', paid['out_trade_no'] ?? '', '128.00']) assert.ok(!result.message.includes(secret));
}

test('the signed content leaves out sign, sign_type and empty values, sorted by key, values decoded', () => {
  assert.equal(alipaySignContent({ b: '2', sign: 'x', a: 'x y&z', sign_type: 'RSA2', c: '', B: '0' }), 'B=0&a=x y&z&b=2');
  const form = parseSignedForm('a=x+y%26z&b=%E5%92%96');
  assert.ok('params' in form);
  assert.deepEqual([...form.params], [['a', 'x y&z'], ['b', '咖']]);
});

test('a TRADE_SUCCESS notification is verified and mapped to a payment event; the answer is the literal success', () => {
  const result = verify(signed(paid));
  assert.ok(result.ok);
  assert.deepEqual(result.answer, { status: 200, contentType: 'text/plain', body: 'success' });
  assert.deepEqual(result.event, {
    kind: 'payment', provider: 'alipay', idempotency: { notificationId: paid['notify_id'], objectId: paid['trade_no'] }, merchantOrderId: 'order_20261123_0001', payerTotal: 12000,
    event: {
      id: `alipay:${paid['notify_id']}`, type: 'payment.succeeded', created: Date.parse('2026-11-23T02:46:03Z') / 1000, merchantId: 'm_demo',
      data: { paymentId: paid['trade_no'], amount: 12800, currency: 'CNY', paidAt: '2026-11-23T02:46:02.000Z', description: '咖啡 2 杯 & 蛋糕', items: null },
    },
  });
  const finished = verify(signed({ ...paid, trade_status: 'TRADE_FINISHED' }));
  assert.ok(finished.ok && finished.event.kind === 'payment' && finished.event.idempotency.objectId === paid['trade_no'], 'TRADE_FINISHED is the same trade: deduplicated on trade_no');
  for (const trade_status of ['WAIT_BUYER_PAY', 'TRADE_CLOSED']) {
    const result = verify(signed({ ...paid, trade_status }));
    assert.ok(result.ok && result.event.kind === 'ignored' && result.answer.body === 'success');
  }
});

test('a refund notification carries the cumulative refund_fee; the refund is what is new', () => {
  const result = verify(signed(refundParams));
  assert.ok(result.ok);
  const expected: ProviderCumulativeRefund = {
    kind: 'refund-total', provider: 'alipay', idempotency: { notificationId: refundParams['notify_id'] ?? '', objectId: `${paid['trade_no']}/refund_0001` },
    id: `alipay:${refundParams['notify_id']}`, created: Date.parse('2026-11-23T03:00:01Z') / 1000, merchantId: 'm_demo', paymentId: paid['trade_no'] ?? '',
    refundId: 'refund_0001', refundedTotal: 500, refundedAt: '2026-11-23T03:00:00.320Z',
  };
  assert.deepEqual(result.event, expected);
  assert.deepEqual(refundEventFromTotal(expected, 0)?.data, { paymentId: paid['trade_no'], refundId: 'refund_0001', amount: 500 });
  assert.deepEqual(refundEventFromTotal({ ...expected, refundedTotal: 1200 }, 500)?.data.amount, 700);
  assert.equal(refundEventFromTotal(expected, 500), null, 'nothing new: a redelivery');
  assert.ok(verify(signed({ ...refundParams, trade_status: 'TRADE_CLOSED', refund_fee: '128.00' })).ok, 'a full refund closes the trade');
  refused(verify(signed({ ...refundParams, refund_fee: '128.01' })), 'MALFORMED', 400);
  const { gmt_refund: _, ...noTime } = refundParams;
  refused(verify(signed(noTime)), 'MALFORMED', 400);
});

test('refused: a bad signature, sign_type other than RSA2, a parameter added or removed after signing, a repeated parameter', () => {
  refused(verify(signAlipayNotification({ privateKey: stranger.privateKey, params: paid }).rawForm), 'BAD_SIGNATURE', 401);
  refused(verify(signed(paid, 'RSA')), 'BAD_SIGN_TYPE', 401);
  refused(verify(encodeForm({ ...paid, sign: signAlipayContent(alipay.privateKey, alipaySignContent(paid)) })), 'BAD_SIGN_TYPE', 401);
  const form = signed(paid);
  refused(verify(`${form}&refund_fee=1.00`), 'BAD_SIGNATURE', 401);
  refused(verify(`${form}&extra=1`), 'BAD_SIGNATURE', 401);
  refused(verify(form.replace(/&point_amount=[^&]*/u, '')), 'BAD_SIGNATURE', 401);
  refused(verify(form.replace('total_amount=128.00', 'total_amount=1.28')), 'BAD_SIGNATURE', 401);
  refused(verify(`${form}&total_amount=128.00`), 'MALFORMED', 400);
  refused(verify(`total_amount=1.00&${form}`), 'MALFORMED', 400);
  refused(verify(form.replace(/sign=[^&]*/u, 'sign=')), 'BAD_SIGNATURE', 401);
  // an empty value is outside the signed content by Alipay's rule, and changes nothing here
  const withEmpty = verify(`${form}&out_biz_no=`);
  assert.ok(withEmpty.ok && withEmpty.event.kind === 'payment');
});

test('an app_id or seller_id of another merchant is refused, though Alipay signed it', () => {
  refused(verify(signed({ ...paid, app_id: '2021000000000002' })), 'WRONG_APP_ID', 403);
  refused(verify(signed({ ...paid, seller_id: '2088000000000002' })), 'WRONG_SELLER_ID', 403);
  refused(verify(signed(paid), { appId: '2021000000000002' }), 'WRONG_APP_ID', 403);
});

test('malformed and oversize bodies are refused; amounts and times are exact', () => {
  refused(verify(''), 'MALFORMED', 400);
  refused(verify(`${signed(paid)}&x=${'a'.repeat(64 * 1024)}`), 'TOO_LARGE', 413);
  refused(verify('a=%E5%92'), 'MALFORMED', 400);
  refused(verify('a=%ZZ'), 'MALFORMED', 400);
  refused(verify('a=x y'), 'MALFORMED', 400);
  refused(verify('=x'), 'MALFORMED', 400);
  refused(verify(Array.from({ length: 201 }, (_, i) => `k${i}=1`).join('&')), 'MALFORMED', 400);
  refused(verify(signed({ ...paid, subject: 'lone %ED%A0%80' }).replace('lone+%25ED%25A0%2580', 'lone+%ED%A0%80')), 'MALFORMED', 400);
  const cases: Array<[string, string]> = [
    ['total_amount', '128.001'], ['total_amount', '1e3'], ['total_amount', '-1.00'], ['total_amount', '0.00'], ['total_amount', '1,280.00'],
    ['total_amount', '10000000000000.00'], ['gmt_payment', '2026-02-29 10:00:00'], ['gmt_payment', '2026-11-23T10:46:02'],
    ['notify_time', ''], ['trade_no', 'a b'], ['trade_status', 'TRADE_PENDING'], ['subject', 'bell \u0007'], ['subject', 'x'.repeat(257)],
    ['buyer_pay_amount', '128.01'], ['charset', 'gbk'],
  ];
  for (const [field, value] of cases) refused(verify(signed({ ...paid, [field]: value })), 'MALFORMED', 400);
  const max = verify(signed({ ...paid, total_amount: '9999999999999.99', buyer_pay_amount: '1.00' }));
  assert.ok(max.ok && max.event.kind === 'payment' && max.event.event.data.amount === 999_999_999_999_999);
  assert.ok(verify(Buffer.from(signed(paid), 'latin1')).ok, 'the raw bytes are accepted as well');
});

test('any single-byte change to a signed form is refused or decodes to the very same parameters (seeded)', () => {
  const form = signed(paid);
  const original = parseSignedForm(form);
  assert.ok('params' in original);
  fc.assert(
    fc.property(fc.nat(form.length - 1), fc.integer({ min: 1, max: 127 }), (at, xor) => {
      const changed = form.slice(0, at) + String.fromCharCode(form.charCodeAt(at) ^ xor) + form.slice(at + 1);
      const result = verify(changed);
      if (!result.ok) return true;
      // the only accepted changes are spellings of the same bytes (e.g. %2B → %2b)
      const parsed = parseSignedForm(changed);
      return 'params' in parsed && JSON.stringify([...parsed.params]) === JSON.stringify([...original.params]);
    }),
    { seed: 1414, numRuns: 300 },
  );
});

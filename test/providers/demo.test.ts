import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alipayPublicKeyFrom, createWechatPayKeyring, verifyAlipayNotification, verifyWechatPayNotification } from '../../src/providers/index.js';
import { demoAlipayNotification, demoProviderSettings, demoWechatPayNotification } from '../../src/providers/demo.js';

const settings = demoProviderSettings();
const now = new Date('2026-11-20T02:00:00Z');
const clock = { now: () => now };

test('demo WeChat Pay notifications, signed with the fixtures\' DEMO keys, verify with the demo settings', () => {
  const keys = createWechatPayKeyring(settings.wechatpay.keys);
  assert.equal(keys.size, 2, 'a PUB_KEY_ID_ key and a platform certificate');
  const common = { keys, apiV3Key: settings.wechatpay.apiV3Key, mchid: settings.wechatpay.mchid, merchantId: settings.merchantId, clock };
  const payment = demoWechatPayNotification({ amount: 12800, now });
  const paid = verifyWechatPayNotification({ ...common, ...payment });
  assert.ok(paid.ok && paid.event.kind === 'payment' && paid.event.event.data.amount === 12800 && paid.event.event.data.paymentId === payment.providerId);
  const refund = verifyWechatPayNotification({ ...common, ...demoWechatPayNotification({ amount: 500, tradeTotal: 12800, refundOf: payment.providerId, now }) });
  assert.ok(refund.ok && refund.event.kind === 'refund' && refund.event.event.data.amount === 500 && refund.event.event.data.paymentId === payment.providerId);
});

test('demo Alipay notifications verify with the demo settings', () => {
  const common = { alipayPublicKey: alipayPublicKeyFrom(settings.alipay.publicKeyPem), appId: settings.alipay.appId, sellerId: settings.alipay.sellerId, merchantId: settings.merchantId };
  const payment = demoAlipayNotification({ amount: 12800, now });
  const paid = verifyAlipayNotification({ ...common, rawForm: payment.rawForm });
  assert.ok(paid.ok && paid.event.kind === 'payment' && paid.event.event.data.amount === 12800 && paid.event.event.data.paidAt === '2026-11-20T02:00:00.000Z');
  const refund = verifyAlipayNotification({ ...common, rawForm: demoAlipayNotification({ amount: 500, tradeTotal: 12800, refundOf: payment.providerId, now }).rawForm });
  assert.ok(refund.ok && refund.event.kind === 'refund-total' && refund.event.refundedTotal === 500 && refund.event.paymentId === payment.providerId);
});

// Signs real-format notifications with the PUBLIC DEMO keys in fixtures/providers (see its
// README), for `send-payment --provider wechatpay|alipay` and the demo merchant's settings.
// Never configure these keys for a real merchant: their private halves are public.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES_DIR } from '../config.js';
import { formatYuan, type Fen } from '../domain/index.js';
import type { WechatPayPublicKey } from './wechatpay/keys.js';
import { signWechatPayNotification } from './wechatpay/test-signer.js';
import { signAlipayNotification } from './alipay/test-signer.js';

const dir = (): string => path.join(FIXTURES_DIR, 'providers');
const read = (file: string): string => readFileSync(path.join(dir(), file), 'utf8');

export interface DemoProviderSettings {
  readonly merchantId: string;
  readonly wechatpay: { readonly mchid: string; readonly apiV3Key: string; readonly keys: readonly WechatPayPublicKey[] };
  readonly alipay: { readonly appId: string; readonly sellerId: string; readonly publicKeyPem: string };
}

/** The demo merchant's provider settings (DEMO keys): both WeChat Pay key schemes and the Alipay key. */
export function demoProviderSettings(): DemoProviderSettings {
  const json = JSON.parse(read('demo-merchant.json')) as { merchantId: string; wechatpay: { mchid: string; apiV3Key: string; publicKeyId: string }; alipay: { appId: string; sellerId: string } };
  return {
    merchantId: json.merchantId,
    wechatpay: {
      mchid: json.wechatpay.mchid, apiV3Key: json.wechatpay.apiV3Key,
      keys: [{ id: json.wechatpay.publicKeyId, pem: read('wechatpay-pubkey.public.pem') }, { pem: read('wechatpay-platform-cert.pem') }],
    },
    alipay: { appId: json.alipay.appId, sellerId: json.alipay.sellerId, publicKeyPem: read('alipay.public.pem') },
  };
}

const digits = (n: number): string => Array.from(randomBytes(n), (b) => String(b % 10)).join('');
const beijing = (at: Date): string => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

export interface DemoNotificationOptions {
  /** Payment amount (or, with `refundOf`, the refunded amount) in fen. */
  readonly amount: Fen;
  readonly now?: Date;
  readonly description?: string;
  /** Refund this provider payment id (transaction_id / trade_no) instead of paying. */
  readonly refundOf?: string;
  /** Alipay refunds: the total refunded so far including this one (refund_fee is cumulative); defaults to `amount`. */
  readonly refundedTotal?: Fen;
  /** Alipay refunds: the paid total of the trade; defaults to `amount`. */
  readonly tradeTotal?: Fen;
}

/** A signed WeChat Pay TRANSACTION.SUCCESS (or REFUND.SUCCESS) notification, body and headers. */
export function demoWechatPayNotification(options: DemoNotificationOptions): { headers: Record<string, string>; rawBody: Buffer; providerId: string } {
  const settings = demoProviderSettings();
  const now = options.now ?? new Date();
  const rfc3339 = `${beijing(now).replace(' ', 'T')}+08:00`;
  const common = { privateKey: read('wechatpay-pubkey.private.pem'), serial: settings.wechatpay.keys[0]?.id ?? '', apiV3Key: settings.wechatpay.apiV3Key, timestamp: Math.floor(now.getTime() / 1000) };
  if (options.refundOf !== undefined) {
    const refundId = `503002065120${digits(16)}`;
    const signed = signWechatPayNotification({
      ...common, eventType: 'REFUND.SUCCESS',
      resource: {
        mchid: settings.wechatpay.mchid, out_trade_no: `demo_${options.refundOf.slice(-12)}`, transaction_id: options.refundOf, out_refund_no: `demo_refund_${digits(8)}`,
        refund_id: refundId, refund_status: 'SUCCESS', success_time: rfc3339, user_received_account: '支付用户零钱',
        amount: { total: options.tradeTotal ?? options.amount, refund: options.amount, payer_total: options.tradeTotal ?? options.amount, payer_refund: options.amount },
      },
    });
    return { ...signed, providerId: refundId };
  }
  const transactionId = `420000265120${digits(16)}`;
  const signed = signWechatPayNotification({
    ...common, eventType: 'TRANSACTION.SUCCESS',
    resource: {
      mchid: settings.wechatpay.mchid, appid: 'wxd678efh567hg6787', out_trade_no: `demo_${transactionId.slice(-12)}`, transaction_id: transactionId,
      trade_type: 'NATIVE', trade_state: 'SUCCESS', trade_state_desc: '支付成功', bank_type: 'OTHERS', attach: options.description ?? '演示商品',
      success_time: rfc3339, payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
      amount: { total: options.amount, payer_total: options.amount, currency: 'CNY', payer_currency: 'CNY' },
    },
  });
  return { ...signed, providerId: transactionId };
}

/** A signed Alipay trade_status_sync notification (TRADE_SUCCESS, or a refund), as the raw form body. */
export function demoAlipayNotification(options: DemoNotificationOptions): { rawForm: string; contentType: string; providerId: string } {
  const settings = demoProviderSettings();
  const now = options.now ?? new Date();
  const tradeNo = options.refundOf ?? `${beijing(now).slice(0, 10).replaceAll('-', '')}22001404330${digits(9)}`;
  const total = options.refundOf !== undefined ? (options.tradeTotal ?? options.amount) : options.amount;
  const params: Record<string, string> = {
    notify_time: beijing(now), notify_type: 'trade_status_sync', notify_id: `${digits(12)}${randomBytes(11).toString('hex')}`, app_id: settings.alipay.appId,
    charset: 'utf-8', version: '1.0', trade_no: tradeNo, out_trade_no: `demo_${tradeNo.slice(-12)}`, buyer_id: '2088102122524333', buyer_logon_id: '159****5620',
    seller_id: settings.alipay.sellerId, trade_status: 'TRADE_SUCCESS', total_amount: formatYuan(total), receipt_amount: formatYuan(total), buyer_pay_amount: formatYuan(total),
    subject: options.description ?? '演示商品', gmt_create: beijing(now), gmt_payment: beijing(now),
    fund_bill_list: JSON.stringify([{ amount: formatYuan(total), fundChannel: 'ALIPAYACCOUNT' }]),
  };
  let providerId = tradeNo;
  if (options.refundOf !== undefined) {
    providerId = `demo_refund_${digits(8)}`;
    Object.assign(params, { out_biz_no: providerId, refund_fee: formatYuan(options.refundedTotal ?? options.amount), gmt_refund: `${beijing(now)}.000` });
  }
  const { rawForm } = signAlipayNotification({ privateKey: read('alipay.private.pem'), params });
  return { rawForm, contentType: 'application/x-www-form-urlencoded; charset=utf-8', providerId };
}

// Receives one Alipay asynchronous notification (支付宝 异步通知, form-encoded). Order: size,
// form syntax (a repeated key is refused), sign_type RSA2, the signature over every other
// parameter (so a parameter added after signing fails here), then app_id and seller_id must be
// the merchant's, then the mapping. Answers: the literal `success` once the caller has
// committed; anything else (here `fail` with a 4xx) makes Alipay retry. Alipay signs no
// timestamp, so there is no staleness check: replays are stopped by idempotency on notify_id.
import type { KeyObject } from 'node:crypto';
import { PROVIDER_ID, cleanText, fenFromYuan, instantFromBeijingLocal } from '../_fields.js';
import { MAX_NOTIFICATION_BYTES, type ProviderAnswer, type ProviderEvent, type Verified } from '../types.js';
import { parseSignedForm } from './form.js';
import { alipaySignContent, verifyAlipayContent } from './signature.js';

export type AlipayRefusal = 'TOO_LARGE' | 'MALFORMED' | 'BAD_SIGN_TYPE' | 'BAD_SIGNATURE' | 'WRONG_APP_ID' | 'WRONG_SELLER_ID';

const STATUS: Readonly<Record<AlipayRefusal, number>> = {
  TOO_LARGE: 413, MALFORMED: 400, BAD_SIGN_TYPE: 401, BAD_SIGNATURE: 401, WRONG_APP_ID: 403, WRONG_SELLER_ID: 403,
};

/** The literal `success`: what Alipay needs once the effect has committed. */
export const ALIPAY_SUCCESS_ANSWER: ProviderAnswer = Object.freeze({ status: 200, contentType: 'text/plain', body: 'success' });

/** `fail` (Alipay retries); also for the route's own failures, e.g. 500 when the write fails. */
export function alipayFailureAnswer(status: number): ProviderAnswer {
  return { status, contentType: 'text/plain', body: 'fail' };
}

export interface AlipayNotificationOptions {
  /** The raw form body as received (ASCII; percent-encoded UTF-8). */
  readonly rawForm: string | Uint8Array;
  /** The merchant's Alipay public key (alipayPublicKeyFrom). */
  readonly alipayPublicKey: KeyObject;
  readonly appId: string;
  readonly sellerId: string;
  /** Our merchant id (from the route's path). */
  readonly merchantId: string;
  readonly maxBodyBytes?: number;
}

function refuse(reason: AlipayRefusal, message: string): Verified<AlipayRefusal> {
  return { ok: false, reason, message, answer: alipayFailureAnswer(STATUS[reason]) };
}

/** Verifies and maps one notification; never throws for untrusted input. */
export function verifyAlipayNotification(options: AlipayNotificationOptions): Verified<AlipayRefusal> {
  const raw = options.rawForm;
  if (raw.length > (options.maxBodyBytes ?? MAX_NOTIFICATION_BYTES)) return refuse('TOO_LARGE', 'the notification body is too large');
  const text = typeof raw === 'string' ? raw : Buffer.from(raw).toString('latin1');
  const form = parseSignedForm(text);
  if ('error' in form) return refuse('MALFORMED', form.error);
  const params = form.params;
  if (params.get('sign_type') !== 'RSA2') return refuse('BAD_SIGN_TYPE', 'sign_type must be RSA2');
  const sign = params.get('sign');
  if (sign === undefined || !verifyAlipayContent(options.alipayPublicKey, alipaySignContent(params), sign)) {
    return refuse('BAD_SIGNATURE', 'sign does not verify with this merchant\'s Alipay public key');
  }
  if (params.get('app_id') !== options.appId) return refuse('WRONG_APP_ID', 'app_id is not this merchant\'s');
  if (params.get('seller_id') !== options.sellerId) return refuse('WRONG_SELLER_ID', 'seller_id is not this merchant\'s');
  const charset = params.get('charset');
  if (charset !== undefined && charset.toLowerCase() !== 'utf-8') return refuse('MALFORMED', 'charset must be utf-8');
  const mapped = mapAlipayParams(params, options.merchantId);
  if ('error' in mapped) return refuse('MALFORMED', mapped.error);
  return { ok: true, event: mapped.event, answer: ALIPAY_SUCCESS_ANSWER };
}

/**
 * Maps verified parameters. trade_status TRADE_SUCCESS / TRADE_FINISHED is a payment; a
 * notification carrying refund_fee, gmt_refund and out_biz_no is a refund whatever its status
 * (a partial refund leaves TRADE_SUCCESS, a full one TRADE_CLOSED); WAIT_BUYER_PAY and an
 * unpaid TRADE_CLOSED ask for nothing.
 */
export function mapAlipayParams(params: ReadonlyMap<string, string>, merchantId: string): { event: ProviderEvent } | { error: string } {
  const get = (k: string): string => params.get(k) ?? '';
  const id = (k: string): string | null => (PROVIDER_ID.test(get(k)) ? get(k) : null);
  const notifyId = id('notify_id');
  if (notifyId === null) return { error: 'notify_id must be an id' };
  const notifyTime = instantFromBeijingLocal(get('notify_time'));
  if (notifyTime === null) return { error: 'notify_time must be "yyyy-MM-dd HH:mm:ss" (Beijing time)' };
  const tradeNo = id('trade_no');
  const outTradeNo = id('out_trade_no');
  if (tradeNo === null || outTradeNo === null) return { error: 'trade_no and out_trade_no must be ids' };
  const status = get('trade_status');
  const total = fenFromYuan(get('total_amount'), 1);
  if (total === null) return { error: 'total_amount must be a yuan amount with at most 2 decimals, from 0.01' };
  const created = Math.floor(Date.parse(notifyTime) / 1000);
  const eventId = `alipay:${notifyId}`;

  if (get('refund_fee') !== '' || get('gmt_refund') !== '' || get('out_biz_no') !== '') {
    const refundId = id('out_biz_no');
    if (refundId === null) return { error: 'out_biz_no must be the refund request id' };
    const refunded = fenFromYuan(get('refund_fee'), 1);
    if (refunded === null || refunded > total) return { error: 'refund_fee must be a yuan amount from 0.01 up to total_amount' };
    const refundedAt = instantFromBeijingLocal(get('gmt_refund'));
    if (refundedAt === null) return { error: 'gmt_refund must be "yyyy-MM-dd HH:mm:ss.SSS" or "yyyy-MM-dd HH:mm:ss" (Beijing time)' };
    if (!['TRADE_SUCCESS', 'TRADE_FINISHED', 'TRADE_CLOSED'].includes(status)) return { error: 'trade_status of a refund must be TRADE_SUCCESS, TRADE_FINISHED or TRADE_CLOSED' };
    return {
      event: {
        kind: 'refund-total', provider: 'alipay', idempotency: { notificationId: notifyId, objectId: `${tradeNo}/${refundId}` },
        id: eventId, created, merchantId, paymentId: tradeNo, refundId, refundedTotal: refunded, refundedAt,
      },
    };
  }
  if (status === 'WAIT_BUYER_PAY' || status === 'TRADE_CLOSED') {
    return { event: { kind: 'ignored', provider: 'alipay', idempotency: { notificationId: notifyId, objectId: tradeNo }, why: `trade_status ${status} records nothing` } };
  }
  if (status !== 'TRADE_SUCCESS' && status !== 'TRADE_FINISHED') return { error: 'trade_status is not one Alipay documents' };
  const paidAt = instantFromBeijingLocal(get('gmt_payment'));
  if (paidAt === null) return { error: 'gmt_payment must be "yyyy-MM-dd HH:mm:ss" (Beijing time)' };
  const subject = get('subject') === '' ? '' : cleanText(get('subject'), 256);
  if (subject === null) return { error: 'subject must be text of at most 256 characters that passes the text policy' };
  let payerTotal = null;
  if (get('buyer_pay_amount') !== '') {
    payerTotal = fenFromYuan(get('buyer_pay_amount'), 0);
    if (payerTotal === null || payerTotal > total) return { error: 'buyer_pay_amount must be a yuan amount up to total_amount' };
  }
  return {
    event: {
      kind: 'payment', provider: 'alipay', idempotency: { notificationId: notifyId, objectId: tradeNo }, merchantOrderId: outTradeNo, payerTotal,
      event: {
        id: eventId, type: 'payment.succeeded', created, merchantId,
        data: { paymentId: tradeNo, amount: total, currency: 'CNY', paidAt, description: subject !== '' ? subject : outTradeNo, items: null },
      },
    },
  };
}
